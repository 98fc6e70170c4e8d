#pragma once
// What the classifier steppers share: the system they advance, how a step picks its samples, the targets the
// label-noise policy trains them on, and the batch loss's gradient (docs/models.md, "mlp").
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "lnsgd/sim/data/classification_data.hpp"
#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

// The system of a classifier stepper (Odeint's System role): the classifier, its training set, the trajectory's
// noise source. Holds references.
template <class Net>
struct classification_problem {
  const Net& net;
  const data::labelled_set<typename Net::value_type>& train;
  philox_noise noise;
};

// How a step picks its samples: the whole training set (GD); `batch` indices uniformly with replacement (the
// main paper's Algorithm 1 as printed); or epochs of a reshuffled training set without replacement (shuffle: epoch
// e's order sorts the indices by the draw (shuffle, e, k); floor(n / B) steps per epoch, the rest dropped).
struct class_sampling {
  enum class kind { full_batch, replacement, shuffle };
  kind type = kind::shuffle;
  std::int64_t batch = 1;

  std::int64_t batch_size(std::int64_t n) const { return type == kind::full_batch ? n : batch; }
  std::uint64_t steps_per_epoch(std::int64_t n) const {
    return type == kind::full_batch ? 1 : std::max<std::uint64_t>(1, std::uint64_t(n / batch));
  }
};

// What a classifier step drew and computed: the batch, its targets, and the mean loss on them (divergence
// detection: a non-finite batch loss is a non-finite residual).
struct classifier_step_record {
  std::uint64_t step = 0;
  std::vector<Eigen::Index> indices;
  std::vector<std::int64_t> targets;
  double batch_loss = 0;
  double max_abs_residual() const { return std::isfinite(batch_loss) ? std::abs(batch_loss) : HUGE_VAL; }
};

// Draws the batch of step t into rec.indices (the epoch order cached in `order`).
class batch_sampler {
 public:
  explicit batch_sampler(class_sampling how) : how_(how) {}

  void draw(const philox_noise& noise, std::int64_t n, std::uint64_t t, std::vector<Eigen::Index>& out) {
    const std::int64_t b = how_.batch_size(n);
    out.resize(static_cast<std::size_t>(b));
    if (how_.type == class_sampling::kind::full_batch) {
      for (std::int64_t k = 0; k < b; ++k) out[k] = k;
    } else if (how_.type == class_sampling::kind::replacement) {
      for (std::int64_t k = 0; k < b; ++k)
        out[k] = Eigen::Index(noise.index(stream::sample_index, t, std::uint64_t(k), std::uint64_t(n)));
    } else {
      const std::uint64_t epoch = t / how_.steps_per_epoch(n);
      if (epoch != epoch_ || std::int64_t(order_.size()) != n) reorder(noise, n, epoch);
      const std::uint64_t first = (t % how_.steps_per_epoch(n)) * std::uint64_t(b);
      for (std::int64_t k = 0; k < b; ++k) out[k] = order_[first + std::uint64_t(k)];
    }
  }

 private:
  void reorder(const philox_noise& noise, std::int64_t n, std::uint64_t epoch) {
    std::vector<std::pair<std::uint64_t, Eigen::Index>> keyed(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) keyed[k] = {noise.raw(stream::shuffle, epoch, std::uint64_t(k))[0], k};
    std::sort(keyed.begin(), keyed.end());
    order_.resize(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) order_[k] = keyed[k].second;
    epoch_ = epoch;
  }

  class_sampling how_;
  std::vector<Eigen::Index> order_;
  std::uint64_t epoch_ = ~std::uint64_t(0);
};

// The gradient of the mean batch loss (1/B) sum_k l(f(theta; x_k), t_k) at theta into grad; returns the mean loss.
// Forward at theta into cache first.
template <class Net, class Loss>
double batch_gradient(const Net& net, const rows_t<typename Net::value_type>& x, const classifier_step_record& rec,
                      const Loss& loss, const typename Net::vector_type& theta, typename Net::cache& cache,
                      typename Net::matrix_type& dlogits, typename Net::vector_type& grad) {
  using Scalar = typename Net::value_type;
  net.forward(theta, x, std::span<const Eigen::Index>(rec.indices), cache);
  const auto b = Eigen::Index(rec.indices.size());
  dlogits.resize(b, net.classes());
  Scalar total = 0;
  for (Eigen::Index k = 0; k < b; ++k) {
    auto row = dlogits.row(k);
    total += loss.value(cache.logits.row(k), long(rec.targets[k]));
    loss.derivative(cache.logits.row(k), long(rec.targets[k]), row);
  }
  dlogits /= Scalar(b);
  net.backward(theta, cache, dlogits, grad);
  return to_double(total / Scalar(b));
}

// rec.targets: the policy's target for batch position k of step t (a class id carried as a Scalar label).
template <class Scalar, class Noise>
void draw_targets(const data::labelled_set<Scalar>& train, const Noise& noise, const philox_noise& p, std::uint64_t t,
                  classifier_step_record& rec) {
  rec.step = t;
  rec.targets.resize(rec.indices.size());
  for (std::size_t k = 0; k < rec.indices.size(); ++k)
    rec.targets[k] = std::int64_t(noise.noisy_target(double(train.labels[rec.indices[k]]), p, t, std::uint64_t(k)));
}

}  // namespace lnsgd::sim
