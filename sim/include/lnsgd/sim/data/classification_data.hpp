#pragma once
// A classification data set as the classifier steppers see it: inputs as rows, class ids, split into training,
// validation and test sets (docs/data.md). Built by make_task (data/task.hpp) in double; cast() gives it in
// another precision (the conformance suite's 50-digit finite differences).
#include <cstdint>
#include <string>
#include <vector>

#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::data {

template <class Scalar>
struct labelled_set {
  rows_t<Scalar> x;                  // n x p
  std::vector<std::int64_t> labels;  // class ids in 0..classes-1
  std::int64_t n() const { return static_cast<std::int64_t>(labels.size()); }
};

template <class Scalar>
struct classification_data {
  labelled_set<Scalar> train, validation, test;
  std::int64_t classes = 0;
  // The training labels before the fixed corruption, and which were corrupted (all false without corruption).
  std::vector<std::int64_t> clean_train_labels;
  std::vector<bool> corrupted;
  std::string description;  // one line: source, task, sizes, preprocessing
  std::int64_t input_dim() const { return train.x.cols(); }
};

template <class To, class From>
labelled_set<To> cast(const labelled_set<From>& s) {
  return {s.x.template cast<To>(), s.labels};
}

template <class To, class From>
classification_data<To> cast(const classification_data<From>& d) {
  return {cast<To>(d.train), cast<To>(d.validation), cast<To>(d.test), d.classes, d.clean_train_labels,
          d.corrupted,       d.description};
}

}  // namespace lnsgd::sim::data
