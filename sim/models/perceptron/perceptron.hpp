#pragma once
// The perceptron of Sclocchi, Geiger, Wyart, exactly as the authors' code (docs/models.md, "perceptron"): the trained
// output o = (w - w0).x/sqrt(d), the loss relu(1 - alpha o y)/alpha (a hinge with margin 1/alpha on o), and SGD
// with B distinct indices per step: Delta w <- Delta w + (dt/B) sum_{unfit i in the batch} y_i x_i/sqrt(d), unfit
// meaning alpha o_i y_i < 1 (the loss's gradient in o is -y there, 0 elsewhere, whatever alpha). The state is Delta w
// itself, so w0 never enters the dynamics and (dt, alpha) -> (c dt, alpha/c) scales the run by exactly c for a power
// of two c. Temperature T = dt/B. Odeint's stepper shape (engine/concepts.hpp, Stepper); the stop predicate (every
// training point fitted) runs in the engine's integrate_controlled.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/engine/distinct_batch.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/philox_noise.hpp"
#include "perceptron/depleted_sign.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct perceptron_problem {
  const sign_task<Scalar>& train;
  Scalar alpha;
  std::int64_t batch;
  philox_noise noise;  // the trajectory's stream: batches (stream sample_index)
  // Empty: the authors' centred output o = (w - w0).x/sqrt(d). Else w0.x_j/sqrt(d) per training point: the
  // uncentred output o = w.x/sqrt(d) (no alpha-trick), in which w0 enters the dynamics.
  vector_t<Scalar> offset = {};
};

// The initial output w0.x_j/sqrt(d) of every point (the uncentred output's offset).
template <class Scalar>
vector_t<Scalar> initial_output(const sign_task<Scalar>& data, const vector_t<Scalar>& w0) {
  using std::sqrt;
  vector_t<Scalar> o(data.x.rows());
  const Scalar root_d = sqrt(Scalar(double(w0.size())));
  for (Eigen::Index j = 0; j < o.size(); ++j) o[j] = data.x.row(j).dot(w0) / root_d;
  return o;
}

// Point j's trained output o_j, computed one way everywhere (one row dot product, / sqrt(d), the offset if any).
template <class Scalar>
Scalar trained_output(const perceptron_problem<Scalar>& p, const vector_t<Scalar>& dw, Eigen::Index j,
                      const Scalar& root_d) {
  const Scalar o = p.train.x.row(j).dot(dw) / root_d;
  return p.offset.size() ? Scalar(o + p.offset[j]) : o;
}

// The step's record: the unfitted points of its batch and the largest |Delta w_i| after it (the loop's divergence
// test: non-finite or beyond 1e100).
struct perceptron_step_record {
  std::int64_t unfit_in_batch = 0;
  double largest = 0;
  double max_abs_residual() const { return largest; }
};

template <class Scalar>
class perceptron_sgd {
 public:
  using state_type = vector_t<Scalar>;  // Delta w = w - w0
  using value_type = Scalar;
  using time_type = std::uint64_t;

  void do_step(const perceptron_problem<Scalar>& p, state_type& dw, time_type t, const value_type& dt) {
    using std::sqrt;
    distinct_batch(p.noise, t, p.train.x.rows(), p.batch, batch_);
    const Scalar root_d = sqrt(Scalar(double(dw.size())));
    step_.setZero(dw.size());
    rec_.unfit_in_batch = 0;
    for (auto i : batch_) {
      if (p.alpha * trained_output(p, dw, i, root_d) * p.train.y[i] >= 1) continue;
      step_ += p.train.y[i] * p.train.x.row(i).transpose();
      ++rec_.unfit_in_batch;
    }
    if (rec_.unfit_in_batch == 0) return;
    dw += (dt / Scalar(double(p.batch))) * (step_ / root_d);
    rec_.largest = 0;
    for (Eigen::Index i = 0; i < dw.size(); ++i) {
      const double v = std::abs(double(dw[i]));
      rec_.largest = std::isfinite(v) ? std::max(rec_.largest, v) : v;
      if (!std::isfinite(v)) break;
    }
  }
  const perceptron_step_record& last_step() const { return rec_; }

 private:
  std::vector<std::int64_t> batch_;
  vector_t<Scalar> step_;
  perceptron_step_record rec_;
};

// Point j's margin test alpha o_j y_j < 1.
template <class Scalar>
bool unfit_point(const perceptron_problem<Scalar>& p, const vector_t<Scalar>& dw, Eigen::Index j,
                 const Scalar& root_d) {
  return p.alpha * trained_output(p, dw, j, root_d) * p.train.y[j] < 1;
}

// The training points not yet fitted (alpha o y < 1) at Delta w.
template <class Scalar>
std::int64_t unfit_points(const perceptron_problem<Scalar>& p, const vector_t<Scalar>& dw) {
  using std::sqrt;
  const Scalar root_d = sqrt(Scalar(double(dw.size())));
  std::int64_t unfit = 0;
  for (Eigen::Index j = 0; j < p.train.x.rows(); ++j) unfit += unfit_point(p, dw, j, root_d);
  return unfit;
}

// Whether every training point is fitted, the same answer as unfit_points(p, dw) == 0 but rechecked from the last
// unfitted point found (the witness): one dot product while the witness stays unfitted, a scan onward from it only
// when it is fitted. The scan stops at the first unfitted point, so the full pass over P points happens once, at
// the stop.
template <class Scalar>
class fit_witness {
 public:
  bool all_fitted(const perceptron_problem<Scalar>& p, const vector_t<Scalar>& dw) {
    using std::sqrt;
    const Scalar root_d = sqrt(Scalar(double(dw.size())));
    const Eigen::Index points = p.train.x.rows();
    for (Eigen::Index k = 0; k < points; ++k) {
      const Eigen::Index j = (witness_ + k) % points;
      if (unfit_point(p, dw, j, root_d)) {
        witness_ = j;
        return false;
      }
    }
    return true;
  }

 private:
  Eigen::Index witness_ = 0;
};

struct perceptron_run {
  std::uint64_t steps = 0;
  bool converged = false;  // every training point fitted before the cap
  bool diverged = false;   // Delta w overflowed at step diverged_step (never counted as converged)
  std::uint64_t diverged_step = 0;
};

// At most `cap` steps from Delta w = 0; observe(dw, t) at t = 0 and after every step. The stop predicate rechecks
// the training set only after a step that moved Delta w (a step without unfit points changes nothing), through a
// fit_witness.
template <class Scalar, class Observe>
perceptron_run run_perceptron(const perceptron_problem<Scalar>& p, const Scalar& dt, std::uint64_t cap,
                              vector_t<Scalar>& dw, Observe&& observe) {
  dw.setZero(p.train.x.cols());
  if (unfit_points(p, dw) == 0) return {0, true};
  perceptron_sgd<Scalar> stepper;
  fit_witness<Scalar> witness;
  const auto fitted = [&](const vector_t<Scalar>& state, std::uint64_t) -> std::optional<std::string> {
    if (stepper.last_step().unfit_in_batch == 0 || !witness.all_fitted(p, state)) return std::nullopt;
    return "every training point fitted";
  };
  const auto r = integrate_controlled(stepper, p, dw, 0, cap, dt, observe, loop_controls{fitted, no_reset});
  return {r.steps_done, r.stopped && !r.diverged, r.diverged, r.diverged_step};
}

}  // namespace lnsgd::sim::models
