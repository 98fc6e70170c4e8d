#pragma once
// Definition 4.1's lazy regime of the two-layer net, tracked step by step until every neuron has left it: neuron i
// escapes at the first step t with D_i(t) = ||w_i(t) - w_i(0)||^2 > 1/m. Two ways to the same escape steps:
//   track(theta, t)                  D from W(t) and W(0): O(md) per step;
//   track_gradient_step(theta, t, ws, xi)
//                                    after a batch-1 gradient step W(t+1) = W(t) - eta a(t) g^T with g = c x_xi,
//                                    D updated in O(m) (docs/derivations.md section 10):
//                                      D_i(t+1) = D_i(t) - 2 eta a_i (w_i(t).g - c (W(0) x_xi)_i) + eta^2 a_i^2
//                                      ||g||^2,
//                                    W(0) x_k from a table of W(0) X^T; with each D_i a bound on its rounding error
//                                    since D_i was last formed from W. A neuron whose D_i is within that bound of 1/m
//                                    is decided from W(t+1) itself, and every neuron's D is formed from W every
//                                    `resync` steps, so each decision is the one track() makes (tested bit for bit).
// The table costs m n scalars; above table_limit bytes the tracker keeps to track().
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"

namespace lnsgd::sim {

template <class Scalar>
class lazy_tracker {
 public:
  using index = Eigen::Index;
  using vector_type = vector_t<Scalar>;
  static constexpr double table_limit = 16.0 * (1 << 20);  // bytes of W(0) X^T per trajectory
  static constexpr int resync = 64;                        // steps between forming every D from W

  // eta: the step size of the gradient steps track_gradient_step will see. The table is formed at the first of
  // them (O(mnd)), so an observer that sees none costs nothing more.
  lazy_tracker(const two_layer_linear<Scalar>& model, const rows_t<Scalar>& x_train, const vector_type& theta0,
               const Scalar& eta, bool incremental)
      : model_(model), theta0_(theta0), eta_(eta), escape_step_(model.width(), -1) {
    const index m = model.width();
    radius2_ = theory::lazy_radius_squared(Scalar(m));
    dist2_.setZero(m);
    const double bytes = double(m) * double(x_train.rows()) * double(sizeof(Scalar));
    if (incremental && bytes <= table_limit) x_train_ = &x_train;
  }

  bool done() const { return escaped_ == model_.width(); }
  bool incremental() const { return x_train_ != nullptr; }
  const std::vector<std::int64_t>& escape_steps() const { return escape_step_; }
  index escaped_count() const { return escaped_; }
  std::int64_t all_escaped_step() const { return all_escaped_step_; }

  // Every D_i from W(t) (the reference), and the escapes at step t.
  void track(const vector_type& theta, std::uint64_t step) {
    distances2(theta, dist2_);
    for (index i = 0; i < model_.width(); ++i)
      if (escape_step_[i] < 0 && dist2_[i] > radius2_) escape(i, step);
  }

  // theta = theta(step), reached by a batch-1 gradient step on sample xi whose workspace ws holds g, W(t) g, a(t)
  // and ||g||^2 (two_layer_linear::workspace). Falls back to track() without a table and every resync steps.
  template <class Workspace>
  void track_gradient_step(const vector_type& theta, std::uint64_t step, const Workspace& ws, index xi) {
    if (!incremental()) return track(theta, step);
    if (pivot_.empty()) form_table();
    using std::abs;
    const index m = model_.width(), d = model_.input_dim();
    const Scalar x_pivot = (*x_train_)(xi, pivot_[xi]);
    const Scalar c = x_pivot != Scalar(0) ? Scalar(ws.g[pivot_[xi]] / x_pivot) : Scalar(0);  // g = c x_xi
    const Scalar eta = eta_, g2 = ws.g_norm2;
    // Rounding of one update, first order (docs/derivations.md section 10), times 4 for what it leaves out.
    const Scalar unit = Scalar(4 * (d + 8)) * std::numeric_limits<Scalar>::epsilon();
    const Scalar* wg = ws.w_g.data();
    const Scalar* a = ws.a_old.data();
    const Scalar* p = w0_x_.col(xi).data();
    const Scalar* n0 = w0_norm2_.data();
    const std::int64_t* escaped = escape_step_.data();
    Scalar* dist = dist2_.data();
    Scalar* bound = bound_.data();
    // A cheap first filter: the lazy neurons whose D_i + b_i reaches within 10^-3 of 1/m (|D_i - D| <= b_i, so no
    // neuron past 1/m is missed); the decisions below use the bound itself.
    const Scalar lower = radius2_ * Scalar(1 - 1e-3);
    std::int64_t candidates = 0;
#pragma omp simd reduction(+ : candidates)
    for (index i = 0; i < m; ++i) {
      const Scalar e_g = wg[i] - c * p[i], step_a = eta * a[i];
      const Scalar cross = Scalar(2) * step_a * e_g, square = step_a * step_a * g2;
      bound[i] += unit * (Scalar(3) * (dist[i] + n0[i] + square) + Scalar(4) * abs(cross));
      dist[i] = dist[i] - cross + square;
      candidates += std::int64_t(escaped[i] < 0) & std::int64_t(dist[i] + bound[i] > lower);  // no branch: SIMD
    }
    if (++since_sync_ == resync) return resynchronise(theta, step);
    if (candidates == 0) return;
    for (index i = 0; i < m; ++i) {
      if (escape_step_[i] >= 0) continue;
      const Scalar margin = bound_[i] + slack();
      if (dist2_[i] - margin > radius2_) {
        escape(i, step);
      } else if (dist2_[i] + margin > radius2_) {
        distances2(theta, dist2_.data(), i, 1);  // too close to tell: decide as track() does
        bound_[i] = 0;
        if (dist2_[i] > radius2_) escape(i, step);
      }
    }
  }

  // D_i = ||w_i - w_i(0)||^2 of every neuron.
  void distances2(const vector_type& theta, vector_type& out) const {
    out.resize(model_.width());
    distances2(theta, out.data(), 0, model_.width());
  }

 private:
  // D_i of neurons first .. first + count - 1 into out[i], the columns summed in order: one loop for every neuron
  // and for one, so both round alike (a single neuron's recheck gives the sum the full pass gives).
  void distances2(const vector_type& theta, Scalar* out, index first, index count) const {
    const index m = model_.width(), d = model_.input_dim(), end = first + count;
    const Scalar* w = theta.data();
    const Scalar* w0 = theta0_.data();
    for (index i = first; i < end; ++i) out[i] = 0;
    for (index j = 0; j < d; ++j) {
#pragma omp simd
      for (index i = first; i < end; ++i) {
        const Scalar e = w[j * m + i] - w0[j * m + i];
        out[i] += e * e;
      }
    }
  }

  void form_table() {
    const auto w0 = model_.first_layer(theta0_);
    const auto& x = *x_train_;
    w0_x_.noalias() = w0 * x.transpose();  // m x n: column k is W(0) x_k
    w0_norm2_ = w0.rowwise().squaredNorm();
    bound_.setZero(model_.width());
    pivot_.resize(x.rows());
    for (index k = 0; k < x.rows(); ++k) x.row(k).cwiseAbs().maxCoeff(&pivot_[k]);
  }

  // The rounding of distances2's sum near 1/m.
  Scalar slack() const { return Scalar(2 * model_.input_dim()) * std::numeric_limits<Scalar>::epsilon() * radius2_; }

  // After resync incremental steps: D from W, first checking that every lazy neuron's updated D is within its
  // bound of it (a step that was not the one assumed, another step size or sample, is a logic error); then the
  // escapes at step as track() finds them.
  void resynchronise(const vector_type& theta, std::uint64_t step) {
    using std::abs;
    updated_.swap(dist2_);
    distances2(theta, dist2_);
    for (index i = 0; i < model_.width(); ++i)
      if (escape_step_[i] < 0 && abs(updated_[i] - dist2_[i]) > bound_[i] + slack())
        throw std::logic_error("lazy_tracker: neuron " + std::to_string(i) + " at step " + std::to_string(step) +
                               " is off its incremental distance by more than its rounding bound");
    since_sync_ = 0;
    bound_.setZero();
    for (index i = 0; i < model_.width(); ++i)
      if (escape_step_[i] < 0 && dist2_[i] > radius2_) escape(i, step);
  }

  void escape(index i, std::uint64_t step) {
    escape_step_[i] = static_cast<std::int64_t>(step);
    if (++escaped_ == model_.width()) all_escaped_step_ = static_cast<std::int64_t>(step);
  }

  const two_layer_linear<Scalar>& model_;
  vector_type theta0_;
  Scalar radius2_, eta_;
  std::vector<std::int64_t> escape_step_;
  index escaped_ = 0;
  std::int64_t all_escaped_step_ = -1;
  vector_type dist2_;  // D_i: from W at the last track(), updated since
  // The incremental update: W(0) X^T, ||w_i(0)||^2, each D_i's rounding bound, each sample's largest coordinate.
  const rows_t<Scalar>* x_train_ = nullptr;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> w0_x_;
  vector_type w0_norm2_, bound_, updated_;
  std::vector<index> pivot_;
  int since_sync_ = 0;
};

}  // namespace lnsgd::sim
