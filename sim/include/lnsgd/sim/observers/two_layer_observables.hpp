#pragma once
// What the checks need from a run of the two-layer linear net (paper sections 3-5), without storing W over time:
// per-step work O(m) (Delta W_i statistics, identity residuals, lazy-regime tracking until every neuron has escaped:
// O(md) for steps other than batch-1 gradient steps); O(md + nd) at each record point.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/observers/lazy_tracker.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::sim {

// Running counts of Delta W_i(j) (paper, text after Theorem 4.2) against Lemma 4.3's thresholds 0 and -(sigma/4)^2.
template <class Scalar>
struct delta_w_tally {
  std::uint64_t count = 0;
  std::uint64_t nonpositive = 0;  // Delta W <= 0
  std::uint64_t below = 0;        // Delta W <= -(sigma/4)^2
  std::optional<Scalar> max_positive;

  void add(const Scalar& dw, const Scalar& threshold) {
    ++count;
    if (dw <= 0) ++nonpositive;
    if (dw <= threshold) ++below;
    if (dw > 0 && (!max_positive || dw > *max_positive)) max_positive = dw;
  }

  // Every neuron's Delta W of one step at once, already counted: n values, of which `nonpositive_` are <= 0 and
  // `below_` <= the threshold, the largest being `top`.
  void add_counts(std::uint64_t n, std::uint64_t nonpositive_, std::uint64_t below_, const Scalar& top) {
    count += n;
    nonpositive += nonpositive_;
    below += below_;
    if (top > 0 && (!max_positive || top > *max_positive)) max_positive = top;
  }
};

template <class Scalar>
class two_layer_observables {
 public:
  using model_type = two_layer_linear<Scalar>;
  using vector_type = typename model_type::vector_type;
  using index = Eigen::Index;
  using row_type = std::vector<std::optional<Scalar>>;

  struct options {
    Scalar eta = Scalar(1) / 1000;
    Scalar sigma = 0;
    bool gradient_steps = true;  // every step is theta <- theta - eta grad(.)(theta): the exact identities apply
    index track_neuron = 0;      // the neuron whose path (Fig. 2c) is written at every record point
    // Batch-1 gradient steps update the lazy distances in O(m) (lazy_tracker), which assumes theta changes only by
    // the steps on_step sees, of step size eta (a logic_error at the next check otherwise); false: from W at every
    // step, for a caller that moves theta between steps.
    bool incremental_lazy_tracking = true;
  };

  two_layer_observables(const model_type& model, const regression_data<Scalar>& data, const vector_type& theta0,
                        options opt)
      : model_(model),
        data_(data),
        opt_(opt),
        lazy_(model, data.x_train, theta0, opt.eta, opt.gradient_steps && opt.incremental_lazy_tracking) {
    const index m = model.width();
    below_threshold_ = theory::strong_shrinkage_threshold(opt.sigma);
    sum_dw_.setZero(m);
    sum_abs_dw_.setZero(m);
    dw_.setZero(m);
    dw_top_.setZero(m);
    step_residual_.setZero(m);
    dist2_.setZero(m);
    norm2_.setZero(m);
    dots_.setZero(m);
    e2e_.setZero(model.input_dim());
    a0_ = model.second_layer(theta0);
    norm2_0_.setZero(m);
    neuron_norms2(theta0, norm2_0_);
  }

  std::vector<std::string> columns() const {
    std::vector<std::string> c = {"train_loss",         "test_loss",
                                  "theta_error",        "mean_w_norm2",
                                  "max_w_norm2",        "mean_w_norm",
                                  "min_lazy_dist",      "mean_lazy_dist",
                                  "max_lazy_dist",      "escaped_fraction",
                                  "mean_w_dot_theta_star", "mean_abs_w_dot_theta_star",
                                  "mean_abs_cos",       "min_abs_cos",
                                  "a_norm",             "max_abs_a",
                                  "neuron_w_norm",      "neuron_w_dot_theta_star",
                                  "neuron_a"};
    if (opt_.gradient_steps)
      c.insert(c.end(), {"dw_count", "dw_frac_nonpositive", "dw_frac_below_sigma4", "dw_max_positive",
                         "identity_step_residual", "identity_norm_residual"});
    return c;
  }

  // After the step into theta(step); rec = the stepper's record of that step.
  template <class Record>
  void on_step(const vector_type& theta, std::uint64_t step, const Record& rec) {
    if (opt_.gradient_steps && rec.gradient_step) {
      const auto& ws = *rec.gradient_step;
      tally_gradient_step(ws.w_g, ws.a_old, model_.second_layer(theta), ws.g_norm2);
      if (!lazy_.done() && rec.indices.size() == 1)
        return lazy_.track_gradient_step(theta, step, ws, static_cast<index>(rec.indices[0]));
    }
    if (!lazy_.done()) lazy_.track(theta, step);
  }

  // A step taken inside a block (two_layer_linear::sgd_block), where W is not formed after every step. The steps
  // are tallied a panel at a time, at the view of the panel's last step, in one pass over the panel's basis. Valid
  // only once lazy_tracking_done(): the per-step lazy-regime test needs W (and block steps keep no lazy-phase tally).
  template <class View>
  void on_block_step(const View& v) {
    if (opt_.gradient_steps && v.ends_panel()) tally_panel(v.panel(v.k + 1));
  }

  // on_block_step's reference twin: each step tallied from its view's m-vectors (O(m k) to form them at step k of
  // a panel), as tally_gradient_step tallies a single step. For tests and benchmarks.
  template <class View>
  void on_block_step_reference(const View& v) {
    if (opt_.gradient_steps) tally_gradient_step(v.w_g(), v.a_old(), v.a_new(), v.g_norm2);
  }

  // The block stopped at v's step (divergence) before its panel ended: the panel's steps before it are tallied.
  template <class View>
  void on_block_stop(const View& v) {
    if (opt_.gradient_steps && v.k > 0) tally_panel(v.panel(v.k));
  }

  // For a backend that forms the state only at some steps (CUDA): the lazy-regime test alone at `step`. Escape
  // steps are then the first such steps found outside, upper bounds on the true ones.
  void observe_state(const vector_type& theta, std::uint64_t step) {
    if (!lazy_.done()) lazy_.track(theta, step);
  }

  // Every neuron has left the lazy regime, so steps no longer need W to be observed.
  bool lazy_tracking_done() const { return lazy_.done(); }

  // The row for a record point, in columns() order; nullopt = undefined (e.g. no step in the window yet).
  void record(const vector_type& theta, row_type& row) {
    using std::abs;
    using std::sqrt;
    const index m = model_.width();
    const auto a = model_.second_layer(theta);
    model_.end_to_end(theta, e2e_);
    neuron_norms2(theta, norm2_);
    lazy_.distances2(theta, dist2_);
    dots_.noalias() = model_.first_layer(theta) * data_.theta_star;
    const Scalar star_norm = data_.theta_star.norm();
    Scalar sum_cos = 0, min_cos = 2;
    for (index i = 0; i < m; ++i) {
      const Scalar wn = sqrt(norm2_[i]);
      const Scalar c = wn > 0 ? Scalar(abs(dots_[i]) / (wn * star_norm)) : Scalar(0);
      sum_cos += c;
      min_cos = std::min(min_cos, c);
    }
    const index tn = opt_.track_neuron;
    row = {half_mse(data_.x_train, data_.y_train),
           half_mse(data_.x_test, data_.y_test),
           Scalar((e2e_ - data_.theta_star).norm()),
           Scalar(norm2_.mean()),
           Scalar(norm2_.maxCoeff()),
           Scalar(norm2_.array().sqrt().mean()),
           Scalar(sqrt(dist2_.minCoeff())),
           Scalar(dist2_.array().sqrt().mean()),
           Scalar(sqrt(dist2_.maxCoeff())),
           Scalar(Scalar(lazy_.escaped_count()) / Scalar(m)),
           Scalar(dots_.mean()),
           Scalar(dots_.array().abs().mean()),
           Scalar(sum_cos / Scalar(m)),
           min_cos,
           Scalar(a.norm()),
           Scalar(a.array().abs().maxCoeff()),
           Scalar(sqrt(norm2_[tn])),
           Scalar(dots_[tn]),
           Scalar(a[tn])};
    if (opt_.gradient_steps) {
      const auto& w = window_;
      const bool any = w.count > 0;
      row.push_back(Scalar(w.count));
      row.push_back(any ? std::optional<Scalar>(Scalar(w.nonpositive) / Scalar(w.count)) : std::nullopt);
      row.push_back(any ? std::optional<Scalar>(Scalar(w.below) / Scalar(w.count)) : std::nullopt);
      row.push_back(any ? std::optional<Scalar>(w.max_positive.value_or(Scalar(0))) : std::nullopt);
      row.push_back(any ? std::optional<Scalar>(window_step_residual_) : std::nullopt);
      const Scalar norm_res = norm_decomposition_residual(theta);
      max_norm_residual_ = std::max(max_norm_residual_, norm_res);
      row.push_back(norm_res);
    }
    window_ = {};
    window_step_residual_ = 0;
  }

  // One row per neuron (paper Fig. 2, bottom row): callback(i, ||w_i||, <w_i, theta*>, a_i, ||w_i - w_i(0)||).
  template <class Emit>
  void snapshot(const vector_type& theta, Emit&& emit) {
    using std::sqrt;
    neuron_norms2(theta, norm2_);
    lazy_.distances2(theta, dist2_);
    dots_.noalias() = model_.first_layer(theta) * data_.theta_star;
    const auto a = model_.second_layer(theta);
    for (index i = 0; i < model_.width(); ++i)
      emit(i, Scalar(sqrt(norm2_[i])), Scalar(dots_[i]), Scalar(a[i]), Scalar(sqrt(dist2_[i])));
  }

  // First step at which neuron i left the lazy regime (Definition 4.1), -1 if it has not.
  const std::vector<std::int64_t>& escape_steps() const { return lazy_.escape_steps(); }
  // Neurons that have left the lazy regime so far.
  std::int64_t escaped_count() const { return static_cast<std::int64_t>(lazy_.escaped_count()); }
  // Step at which the last neuron escaped, i.e. the model left the lazy regime entirely; -1 if not yet.
  std::int64_t all_escaped_step() const { return lazy_.all_escaped_step(); }
  // Delta W_i(j) over the (i, j) with neuron i still lazy at step j (Lemma 4.3's setting).
  const delta_w_tally<Scalar>& lazy_phase_delta_w() const { return lazy_phase_; }
  const options& options_used() const { return opt_; }
  // Delta W_i(j) of every neuron at the last gradient step (zeros before the first).
  const Eigen::Array<Scalar, Eigen::Dynamic, 1>& last_delta_w() const { return dw_; }
  Scalar max_step_identity_residual() const { return max_step_residual_; }
  Scalar max_norm_identity_residual() const { return max_norm_residual_; }

 private:
  // Delta W_i(j) = -((w_i^T g)^2 - a_i^2 ||g||^2) with g = sum_k c_k x_k (for B = 1, g = r x: the paper's
  // -r^2((x^T w_i)^2 - a_i^2 ||x||^2)); and the residual of (a_i(j+1) - a_i(j))^2 = eta^2 (w_i^T g)^2; while the
  // lazy regime is tracked, the lazy neurons' Delta W into the lazy-phase tally too. One pass over the neurons (a
  // SIMD loop for built-in scalars): this runs after every step.
  template <class WG, class AOld, class ANew>
  void tally_gradient_step(const WG& w_g, const AOld& a_old, const ANew& a, const Scalar& g_norm2) {
    using std::abs;
    const index m = model_.width();
    const Scalar* wg = w_g.data();
    const Scalar* ao = a_old.data();
    const Scalar* an = a.data();
    const std::int64_t* escape = lazy_.escape_steps().data();
    Scalar* dw_out = dw_.data();  // local pointers: the loop stores through them, not through members
    Scalar* lazy_top = dw_top_.data();
    Scalar* sum = sum_dw_.data();
    Scalar* sum_abs = sum_abs_dw_.data();
    Scalar* residual = step_residual_.data();
    const Scalar eta2 = opt_.eta * opt_.eta, threshold = below_threshold_;
    const bool lazy_phase = !lazy_tracking_done();
    std::int64_t nonpositive = 0, below = 0, lazy = 0, lazy_nonpositive = 0, lazy_below = 0;
#pragma omp simd reduction(+ : nonpositive, below, lazy, lazy_nonpositive, lazy_below)
    for (index i = 0; i < m; ++i) {
      const Scalar dw = theory::delta_w(wg[i], ao[i], g_norm2);
      dw_out[i] = dw;
      sum[i] += dw;
      sum_abs[i] += abs(dw);
      // Counts as 0/1 integers, combined with & (no branch: && would stop the loop's vectorisation).
      const std::int64_t np = dw <= Scalar(0), bl = dw <= threshold, lz = lazy_phase & (escape[i] < 0);
      nonpositive += np;
      below += bl;
      lazy += lz;
      lazy_nonpositive += lz & np;
      lazy_below += lz & bl;
      lazy_top[i] = lz ? dw : Scalar(0);  // the lazy neurons' largest positive Delta W: of these, below
      // Scale: the rounding of a_i(j+1) = a_i(j) - eta w_i^T g is ~eps |a|, so Delta a^2 carries
      // ~eps |Delta a| (|a_i(j)| + |a_i(j+1)|): the identity holds when the residual is ~eps against it.
      const Scalar da = an[i] - ao[i], predicted = eta2 * (wg[i] * wg[i]);
      const Scalar scale = abs(da) * (abs(an[i]) + abs(ao[i])) + predicted;
      residual[i] = scale > Scalar(0) ? Scalar(abs(da * da - predicted) / scale) : Scalar(0);
    }
    window_.add_counts(static_cast<std::uint64_t>(m), static_cast<std::uint64_t>(nonpositive),
                       static_cast<std::uint64_t>(below), dw_.maxCoeff());
    if (lazy_phase)
      lazy_phase_.add_counts(static_cast<std::uint64_t>(lazy), static_cast<std::uint64_t>(lazy_nonpositive),
                             static_cast<std::uint64_t>(lazy_below), dw_top_.maxCoeff());
    const Scalar worst = step_residual_.maxCoeff();
    window_step_residual_ = std::max(window_step_residual_, worst);
    max_step_residual_ = std::max(max_step_residual_, worst);
  }

  // tally_gradient_step's statistics for the steps of one panel (two_layer_linear::panel_steps), neuron by neuron
  // with the panel's basis row in registers: step k has w_g = b_i c_k, a_old = a, a_new = a - eta w_g (as the
  // step view forms them), then a = a_new. The step count is a template argument so the loops unroll.
  template <class Panel>
  void tally_panel(const Panel& p) {
    // A panel has 1 to 8 steps: the instance for p.steps.
    [&]<int... S>(std::integer_sequence<int, S...>) {
      ((p.steps == S + 1 && (tally_panel_steps<S + 1>(p), true)) || ...);
    }
    (std::make_integer_sequence<int, 8>{});
  }

  // A SIMD loop over the neurons for built-in scalars.
  template <int Steps, class Panel>
  void tally_panel_steps(const Panel& p) {
    using std::abs;
    using std::max;
    const index m = model_.width();
    Scalar c[Steps][Steps + 1] = {}, g_norm2[Steps];
    for (index k = 0; k < Steps; ++k) {
      for (index j = 0; j <= k + 1; ++j) c[k][j] = p.w_g_coefficient(k, j);
      g_norm2[k] = p.g_norm2(k);
    }
    const Scalar* b = p.b;
    Scalar* dw_out = dw_.data();
    Scalar* sum = sum_dw_.data();
    Scalar* sum_abs = sum_abs_dw_.data();
    Scalar* top = dw_top_.data();
    Scalar* residual = step_residual_.data();
    const Scalar eta = p.eta, eta2 = eta * eta, threshold = below_threshold_;
    std::int64_t nonpositive = 0, below = 0;
#pragma omp simd reduction(+ : nonpositive, below)
    for (index i = 0; i < m; ++i) {
      Scalar a = b[i], s = sum[i], s_abs = sum_abs[i], dw = 0, dw_max = -HUGE_VAL, res_max = 0;
#pragma GCC unroll 8
      for (index k = 0; k < Steps; ++k) {
        Scalar wg = 0;
#pragma GCC unroll 9
        for (index j = 0; j <= k + 1; ++j) wg += c[k][j] * b[j * m + i];
        const Scalar a_new = a - eta * wg;
        dw = theory::delta_w(wg, a, g_norm2[k]);
        s += dw;
        s_abs += abs(dw);
        nonpositive += dw <= Scalar(0);
        below += dw <= threshold;
        dw_max = max(dw_max, dw);
        // The identity residual's scale, as in tally_gradient_step.
        const Scalar da = a_new - a, predicted = eta2 * (wg * wg);
        const Scalar scale = abs(da) * (abs(a_new) + abs(a)) + predicted;
        res_max = max(res_max, scale > Scalar(0) ? Scalar(abs(da * da - predicted) / scale) : Scalar(0));
        a = a_new;
      }
      sum[i] = s;
      sum_abs[i] = s_abs;
      dw_out[i] = dw;
      top[i] = dw_max;
      residual[i] = res_max;
    }
    window_.add_counts(static_cast<std::uint64_t>(m * Steps), static_cast<std::uint64_t>(nonpositive),
                       static_cast<std::uint64_t>(below), dw_top_.maxCoeff());
    const Scalar worst = step_residual_.maxCoeff();
    window_step_residual_ = std::max(window_step_residual_, worst);
    max_step_residual_ = std::max(max_step_residual_, worst);
  }

  // Paper, text after Theorem 4.2: ||w_i(T)||^2 = ||w_i(0)||^2 + eta^2 sum_j Delta W_i(j) - a_i(0)^2 + a_i(T)^2.
  // Returns max_i |lhs - rhs| relative to the sum of the magnitudes of the terms.
  Scalar norm_decomposition_residual(const vector_type& theta) {
    using std::abs;
    neuron_norms2(theta, norm2_);
    const auto a = model_.second_layer(theta);
    const Scalar eta2 = opt_.eta * opt_.eta;
    Scalar worst = 0;
    for (index i = 0; i < model_.width(); ++i) {
      const Scalar rhs = norm2_0_[i] + eta2 * sum_dw_[i] - a0_[i] * a0_[i] + a[i] * a[i];
      const Scalar scale = norm2_[i] + norm2_0_[i] + eta2 * sum_abs_dw_[i] + a0_[i] * a0_[i] + a[i] * a[i];
      worst = std::max(worst, Scalar(abs(norm2_[i] - rhs) / scale));
    }
    return worst;
  }

  void neuron_norms2(const vector_type& theta, vector_type& out) const {
    const auto w = model_.first_layer(theta);
    out.setZero();
    for (index j = 0; j < w.cols(); ++j) out.array() += w.col(j).array().square();
  }

  // L(theta) = (1/2n) sum_k (theta_e2e^T x_k - y_k)^2 (paper section 1.3), with e2e_ current.
  Scalar half_mse(const rows_t<Scalar>& x, const vector_t<Scalar>& y) const {
    return (x * e2e_ - y).squaredNorm() / Scalar(2 * x.rows());
  }

  const model_type& model_;
  const regression_data<Scalar>& data_;
  options opt_;
  vector_type a0_, norm2_0_;
  lazy_tracker<Scalar> lazy_;  // Definition 4.1: escape steps
  Scalar below_threshold_;
  vector_type sum_dw_, sum_abs_dw_;
  delta_w_tally<Scalar> window_, lazy_phase_;
  Scalar window_step_residual_ = 0, max_step_residual_ = 0, max_norm_residual_ = 0;
  vector_type dist2_, norm2_, dots_, e2e_;
  // Per-step scratch: Delta W_i, identity residual_i (in a panel: their largest over its steps, dw_top_ and
  // step_residual_).
  Eigen::Array<Scalar, Eigen::Dynamic, 1> dw_, dw_top_, step_residual_;
};

}  // namespace lnsgd::sim
