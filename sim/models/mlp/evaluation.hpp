#pragma once
// A classifier on a labelled set: its logits (in chunks of rows, so a 10k-image test set needs no 10k-row
// activations), mean loss and accuracy (docs/models.md, "mlp"). For every Classifier (engine/concepts.hpp).
#include <algorithm>
#include <numeric>
#include <span>
#include <vector>

#include "lnsgd/sim/data/classification_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct set_metrics {
  Scalar loss = 0;      // mean over the set
  Scalar accuracy = 0;  // fraction whose largest logit is the label (ties: the smallest class id)
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> logits;  // n x classes
};

inline constexpr Eigen::Index evaluation_chunk = 1024;

// Predicted class of each row: the first largest logit.
template <class Matrix>
std::int64_t predicted_class(const Matrix& logits, Eigen::Index row) {
  Eigen::Index best = 0;
  for (Eigen::Index c = 1; c < logits.cols(); ++c)
    if (logits(row, c) > logits(row, best)) best = c;
  return std::int64_t(best);
}

// The logits, mean loss and accuracy of net at theta on `set`.
template <class Net, class Loss>
set_metrics<typename Net::value_type> evaluate(const Net& net, const typename Net::vector_type& theta,
                                               const data::labelled_set<typename Net::value_type>& set,
                                               const Loss& loss) {
  using Scalar = typename Net::value_type;
  set_metrics<Scalar> m;
  m.logits.resize(set.n(), net.classes());
  auto cache = net.make_cache();
  std::vector<Eigen::Index> idx;
  for (Eigen::Index first = 0; first < set.n(); first += evaluation_chunk) {
    const Eigen::Index count = std::min<Eigen::Index>(evaluation_chunk, set.n() - first);
    idx.resize(std::size_t(count));
    std::iota(idx.begin(), idx.end(), first);
    net.forward(theta, set.x, std::span<const Eigen::Index>(idx), cache);
    m.logits.middleRows(first, count) = cache.logits;
  }
  std::int64_t correct = 0;
  for (Eigen::Index k = 0; k < set.n(); ++k) {
    m.loss += loss.value(m.logits.row(k), long(set.labels[k]));
    correct += predicted_class(m.logits, k) == set.labels[k];
  }
  if (set.n() > 0) {
    m.loss /= Scalar(double(set.n()));
    m.accuracy = Scalar(double(correct) / double(set.n()));
  }
  return m;
}

}  // namespace lnsgd::sim::models
