#pragma once
// The alpha-trick network of Sclocchi, Geiger, Wyart (docs/models.md, "alpha-mlp"): the trained output is the
// centred F = alpha (f(w; x) - f(w0; x)) of an MLP with a mean-field 1/h output, the loss relu(1 - F y)/alpha (a
// hinge with margin 1 on F, i.e. 1/alpha on f - f0), and SGD with B distinct indices per step:
// w <- w + (dt/B) sum_{unfit i in the batch} y_i grad f(w; x_i), unfit meaning F_i y_i < 1 (the loss's gradient in f
// is -y there, 0 elsewhere, whatever alpha). Temperature T = dt/(h B). Odeint's stepper shape
// (engine/concepts.hpp, Stepper); the stop predicate (zero training hinge loss: every F_j y_j >= 1) runs in the
// engine's integrate_controlled.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/engine/distinct_batch.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "mlp/network.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct alpha_problem {
  const mlp<Scalar>& net;      // one output
  const rows_t<Scalar>& x;     // the P training inputs
  const vector_t<Scalar>& y;   // their labels, +-1
  const vector_t<Scalar>& f0;  // f(w0; x_j), the centring
  Scalar alpha;
  std::int64_t batch;
  philox_noise noise;  // the trajectory's stream: batches (stream sample_index)
};

// f(w; x_j) for every row of x, in chunks of 256 rows (one forward pass each).
template <class Scalar>
vector_t<Scalar> network_outputs(const mlp<Scalar>& net, const vector_t<Scalar>& w, const rows_t<Scalar>& x) {
  vector_t<Scalar> f(x.rows());
  auto c = net.make_cache();
  std::vector<Eigen::Index> idx;
  for (Eigen::Index start = 0; start < x.rows(); start += 256) {
    idx.clear();
    for (Eigen::Index j = start; j < std::min<Eigen::Index>(x.rows(), start + 256); ++j) idx.push_back(j);
    net.forward(w, x, idx, c);
    for (std::size_t k = 0; k < idx.size(); ++k) f[idx[k]] = c.logits(Eigen::Index(k), 0);
  }
  return f;
}

// Point j's margin test F_j y_j < 1, given f(w; x_j); computed one way everywhere.
template <class Scalar>
bool unfit_output(const alpha_problem<Scalar>& p, Eigen::Index j, const Scalar& f) {
  return p.alpha * (f - p.f0[j]) * p.y[j] < 1;
}

// The step's record: the unfitted points of its batch and the largest |w_i| after it (the loop's divergence test:
// non-finite or beyond 1e100).
struct alpha_step_record {
  std::int64_t unfit_in_batch = 0;
  double largest = 0;
  double max_abs_residual() const { return largest; }
};

template <class Scalar>
class alpha_sgd {
 public:
  using state_type = vector_t<Scalar>;  // w, every layer's weights
  using value_type = Scalar;
  using time_type = std::uint64_t;
  using matrix_type = typename mlp<Scalar>::matrix_type;

  void do_step(const alpha_problem<Scalar>& p, state_type& w, time_type t, const value_type& dt) {
    distinct_batch(p.noise, t, p.x.rows(), p.batch, batch_);
    p.net.forward(w, p.x, batch_, cache_);
    dlogits_.setZero(Eigen::Index(batch_.size()), 1);
    rec_.unfit_in_batch = 0;
    for (std::size_t k = 0; k < batch_.size(); ++k) {
      const auto i = batch_[k];
      if (!unfit_output(p, i, Scalar(cache_.logits(Eigen::Index(k), 0)))) continue;
      dlogits_(Eigen::Index(k), 0) = -p.y[i] / Scalar(double(p.batch));  // d(mean loss)/df on an unfit point
      ++rec_.unfit_in_batch;
    }
    if (rec_.unfit_in_batch == 0) return;  // a zero gradient: w stays as it is
    p.net.backward(w, cache_, dlogits_, grad_);
    w -= dt * grad_;
    rec_.largest = 0;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
      const double v = std::abs(double(w[i]));
      rec_.largest = std::isfinite(v) ? std::max(rec_.largest, v) : v;
      if (!std::isfinite(v)) break;
    }
  }
  const alpha_step_record& last_step() const { return rec_; }

 private:
  std::vector<Eigen::Index> batch_;
  typename mlp<Scalar>::cache cache_;
  matrix_type dlogits_;
  vector_t<Scalar> grad_;
  alpha_step_record rec_;
};

// The training points not yet fitted (F y < 1) at w.
template <class Scalar>
std::int64_t unfit_points(const alpha_problem<Scalar>& p, const vector_t<Scalar>& w) {
  const auto f = network_outputs(p.net, w, p.x);
  std::int64_t unfit = 0;
  for (Eigen::Index j = 0; j < f.size(); ++j) unfit += unfit_output(p, j, Scalar(f[j]));
  return unfit;
}

// Whether every training point is fitted: the same answer as unfit_points(p, w) == 0, but rechecked from the last
// unfitted point found (the witness) first, then onward from it in chunks of 64 points, stopping at the first
// unfitted one. "All fitted" is said only after every point was seen fitted at this w.
template <class Scalar>
class fit_witness {
 public:
  bool all_fitted(const alpha_problem<Scalar>& p, const vector_t<Scalar>& w) {
    const Eigen::Index points = p.x.rows();
    for (Eigen::Index seen = 0; seen < points;) {
      idx_.clear();
      const Eigen::Index chunk = seen == 0 ? 1 : std::min<Eigen::Index>(64, points - seen);
      for (Eigen::Index k = 0; k < chunk; ++k) idx_.push_back((witness_ + seen + k) % points);
      p.net.forward(w, p.x, idx_, cache_);
      for (std::size_t k = 0; k < idx_.size(); ++k)
        if (unfit_output(p, idx_[k], Scalar(cache_.logits(Eigen::Index(k), 0)))) {
          witness_ = idx_[k];
          return false;
        }
      seen += chunk;
    }
    return true;
  }

 private:
  Eigen::Index witness_ = 0;
  std::vector<Eigen::Index> idx_;
  typename mlp<Scalar>::cache cache_;
};

struct alpha_run {
  std::uint64_t steps = 0;
  bool converged = false;  // zero training hinge loss before the cap
  bool diverged = false;   // w overflowed at step diverged_step (never counted as converged)
  std::uint64_t diverged_step = 0;
};

// At most `cap` steps from w (w0 on entry, the end on return); observe(w, t) at t = 0 and after every step. The
// stop predicate rechecks the training set only after a step that moved w, through a fit_witness.
template <class Scalar, class Observe>
alpha_run run_alpha_trick(const alpha_problem<Scalar>& p, const Scalar& dt, std::uint64_t cap, vector_t<Scalar>& w,
                          Observe&& observe) {
  alpha_sgd<Scalar> stepper;
  fit_witness<Scalar> witness;
  const auto fitted = [&](const vector_t<Scalar>& state, std::uint64_t) -> std::optional<std::string> {
    if (stepper.last_step().unfit_in_batch == 0 || !witness.all_fitted(p, state)) return std::nullopt;
    return "zero training hinge loss";
  };
  const auto r = integrate_controlled(stepper, p, w, 0, cap, dt, observe, loop_controls{fitted, no_reset});
  return {r.steps_done, r.stopped && !r.diverged, r.diverged, r.diverged_step};
}

}  // namespace lnsgd::sim::models
