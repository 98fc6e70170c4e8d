#include "lnsgd/sim/data/task.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "lnsgd/sim/data/fashion_mnist.hpp"
#include "lnsgd/sim/data/idx_file.hpp"
#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/philox_noise.hpp"

namespace lnsgd::sim::data {
namespace {

using detail::bad;
using detail::show;

// Counter steps of stream data_task (docs/randomness.md).
enum task_step : std::uint64_t { train_x = 0, validation_x = 1, test_x = 2, teacher = 3, means = 4, order = 5 };

// Indices of `split` in a seeded order per class, then `quota[c]` of class c taken after skipping `skip[c]`.
std::vector<std::int64_t> balanced_pick(const image_split& split, const philox_noise& noise, std::uint64_t split_id,
                                        const std::vector<std::int64_t>& skip, const std::vector<std::int64_t>& quota,
                                        const std::string& name) {
  std::vector<std::int64_t> picked;
  for (std::int64_t c = 0; c < fashion_mnist_classes; ++c) {
    std::vector<std::pair<std::uint64_t, std::int64_t>> keyed;
    for (std::int64_t k = 0; k < split.count; ++k)
      if (split.labels[k] == c)
        keyed.emplace_back(noise.raw(stream::data_task, order, split_id * (1ull << 32) + std::uint64_t(k))[0], k);
    std::sort(keyed.begin(), keyed.end());
    if (std::int64_t(keyed.size()) < skip[c] + quota[c])
      throw data_error("Fashion-MNIST: the " + name + " split holds " + std::to_string(keyed.size()) +
                       " images of class " + std::to_string(c) + ", fewer than the " +
                       std::to_string(skip[c] + quota[c]) + " asked for");
    for (std::int64_t j = 0; j < quota[c]; ++j) picked.push_back(keyed[skip[c] + j].second);
  }
  std::sort(picked.begin(), picked.end());  // the official order, whatever the classes
  return picked;
}

// count split as evenly as possible over the 10 classes (the first count mod 10 classes take one more).
std::vector<std::int64_t> class_quota(std::int64_t count) {
  std::vector<std::int64_t> q(fashion_mnist_classes, count / fashion_mnist_classes);
  for (std::int64_t c = 0; c < count % fashion_mnist_classes; ++c) ++q[c];
  return q;
}

labelled_set<double> gather(const image_split& split, const std::vector<std::int64_t>& rows, bool even_odd) {
  labelled_set<double> s;
  s.x.resize(std::int64_t(rows.size()), split.pixels);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::int64_t j = 0; j < split.pixels; ++j)
      s.x(std::int64_t(r), j) = split.images[rows[r] * split.pixels + j] / 255.0;
    const std::int64_t c = split.labels[rows[r]];
    s.labels.push_back(even_odd ? c % 2 : c);
  }
  return s;
}

// Global standardisation (the authors' notebook): the training pixels' mean and standard deviation, applied to
// every split.
void standardise(classification_data<double>& d) {
  const double mean = d.train.x.mean();
  const double sd = std::sqrt((d.train.x.array() - mean).square().mean());
  const double scale = sd > 0 ? 1 / sd : 1;
  for (auto* s : {&d.train, &d.validation, &d.test}) s->x = (s->x.array() - mean) * scale;
}

classification_data<double> fashion_task(const task_spec& spec) {
  const fashion_mnist raw = load_fashion_mnist(spec.data_dir);
  const philox_noise noise(spec.seed, 0);
  const bool even_odd = spec.labels == "even-odd";
  const auto train_quota = class_quota(spec.n_train), validation_quota = class_quota(spec.n_validation);
  const std::vector<std::int64_t> none(fashion_mnist_classes, 0);
  classification_data<double> d;
  d.classes = even_odd ? 2 : fashion_mnist_classes;
  d.train = gather(raw.train, balanced_pick(raw.train, noise, 0, none, train_quota, "training"), even_odd);
  d.validation =
      gather(raw.train, balanced_pick(raw.train, noise, 0, train_quota, validation_quota, "training"), even_odd);
  d.test = gather(raw.test, balanced_pick(raw.test, noise, 1, none, class_quota(spec.n_test), "test"), even_odd);
  standardise(d);
  d.description = "Fashion-MNIST (" + spec.data_dir.string() + "), " +
                  (even_odd ? "even vs odd class id" : "10 classes") +
                  ", class-balanced subsets, globally standardised";
  return d;
}

rows_t<double> gaussian_rows(const philox_noise& noise, std::uint64_t step, std::int64_t n, std::int64_t p) {
  rows_t<double> x(n, p);
  for (std::int64_t k = 0; k < n; ++k)
    for (std::int64_t j = 0; j < p; ++j)
      x(k, j) = noise.normal<double>(stream::data_task, step, std::uint64_t(k * p + j));
  return x;
}

// Teacher perceptron: x ~ N(0, I_p), label [w* . x > 0] with w* ~ N(0, I_p). Mixture: label k mod K, x = mu_label +
// N(0, I_p) with mu_c = separation * (a uniformly random unit vector).
classification_data<double> synthetic_task(const task_spec& spec) {
  const philox_noise noise(spec.seed, 0);
  const std::int64_t p = spec.input_dim;
  const bool mixture = spec.source == "mixture";
  classification_data<double> d;
  d.classes = mixture ? spec.classes : 2;
  rows_t<double> centres = gaussian_rows(noise, mixture ? means : teacher, mixture ? d.classes : 1, p);
  for (std::int64_t c = 0; c < centres.rows(); ++c)
    centres.row(c) *= (mixture ? spec.separation : 1.0) / centres.row(c).norm();
  const auto make = [&](std::uint64_t step, std::int64_t n) {
    labelled_set<double> s;
    s.x = gaussian_rows(noise, step, n, p);
    for (std::int64_t k = 0; k < n; ++k) {
      if (mixture) {
        s.labels.push_back(k % d.classes);
        s.x.row(k) += centres.row(k % d.classes);
      } else {
        s.labels.push_back(s.x.row(k).dot(centres.row(0)) > 0 ? 1 : 0);
      }
    }
    return s;
  };
  d.train = make(train_x, spec.n_train);
  d.validation = make(validation_x, spec.n_validation);
  d.test = make(test_x, spec.n_test);
  d.description = mixture ? "Gaussian mixture of " + std::to_string(d.classes) + " classes in R^" + std::to_string(p) +
                                ", means at distance " + show(spec.separation)
                          : "teacher perceptron in R^" + std::to_string(p) + ": label [w* . x > 0], x ~ N(0, I)";
  return d;
}

// With probability rate a training label is replaced by a uniformly drawn different class, once (stream corruption,
// step = sample index); the clean labels are kept.
void corrupt(classification_data<double>& d, double rate, std::uint64_t seed) {
  const philox_noise noise(seed, 0);
  d.clean_train_labels = d.train.labels;
  d.corrupted.assign(d.train.labels.size(), false);
  if (rate == 0) return;
  for (std::size_t k = 0; k < d.train.labels.size(); ++k) {
    const auto w = noise.raw(stream::corruption, k, 0);
    if (std::ldexp(double((w[0] >> 11) + 1), -53) > rate) continue;
    d.train.labels[k] = other_class(d.train.labels[k], w[1], d.classes);
    d.corrupted[k] = true;
  }
  d.description += ", training labels corrupted at rate " + show(rate);
}

}  // namespace

std::optional<std::string> validate(const task_spec& s) {
  if (s.source != "fashion-mnist" && s.source != "teacher" && s.source != "mixture")
    return bad("data", s.source, "fashion-mnist, teacher, mixture");
  if (s.labels != "classes" && s.labels != "even-odd") return bad("labels", s.labels, "classes, even-odd");
  if (s.n_train < 1 || s.n_train > 60000) return bad("n", show(s.n_train), "an integer 1 <= n <= 60000");
  if (s.n_validation < 0 || s.n_validation > 60000)
    return bad("n_validation", show(s.n_validation), "an integer 0 <= n_validation <= 60000");
  if (s.n_test < 1 || s.n_test > 10000000) return bad("n_test", show(s.n_test), "an integer 1 <= n_test <= 1e7");
  if (s.source == "fashion-mnist" && s.n_train + s.n_validation > 60000)
    return bad("n_validation", show(s.n_validation), "n + n_validation <= 60000 (Fashion-MNIST's training split)");
  if (s.source == "fashion-mnist" && s.n_test > 10000)
    return bad("n_test", show(s.n_test), "an integer 1 <= n_test <= 10000 (Fashion-MNIST's test split)");
  if (s.input_dim < 1 || s.input_dim > 100000)
    return bad("input_dim", show(s.input_dim), "an integer 1 <= input_dim <= 1e5");
  if (s.classes < 2 || s.classes > 1000) return bad("classes", show(s.classes), "an integer 2 <= classes <= 1000");
  if (!std::isfinite(s.separation) || s.separation < 0)
    return bad("separation", show(s.separation), "a finite number >= 0");
  if (!(s.corruption >= 0 && s.corruption <= 1))
    return bad("corruption", show(s.corruption), "a rate 0 <= corruption <= 1");
  return std::nullopt;
}

classification_data<double> make_task(const task_spec& spec) {
  auto d = spec.source == "fashion-mnist" ? fashion_task(spec) : synthetic_task(spec);
  corrupt(d, spec.corruption, spec.seed);
  d.description += "; " + std::to_string(d.train.n()) + " training, " + std::to_string(d.validation.n()) +
                   " validation, " + std::to_string(d.test.n()) + " test";
  return d;
}

}  // namespace lnsgd::sim::data
