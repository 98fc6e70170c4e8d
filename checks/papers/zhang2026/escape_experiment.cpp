#include "escape_experiment.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "conditional_shrinkage.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::checks {

namespace {

// Lemma 4.3 at step t: the exact conditional probabilities of every neuron still lazy at t, into o's tallies.
void tally_conditional(const escape_setup& s, const sim::synthetic_problem<double>& prob, const sim::vector_t<double>& th,
                       const sim::two_layer_observables<double>& obs, double threshold, escape_outcome& o) {
  const auto p = conditional_probabilities(prob.model.first_layer(th), prob.model.second_layer(th),
                                           prob.data.x_train, prob.data.y_train, s.sigma, threshold);
  for (std::int64_t i = 0; i < s.m; ++i) {
    if (obs.escape_steps()[i] >= 0) continue;  // escaped: outside the lemma's lazy setting
    ++o.conditional_pairs;
    o.min_p_nonpositive = std::min(o.min_p_nonpositive, p.nonpositive[i]);
    o.min_p_below = std::min(o.min_p_below, p.below[i]);
    o.pairs_below_sign += p.nonpositive[i] < s.sign_bound;
    o.pairs_below_magnitude += p.below[i] < s.magnitude_bound;
  }
}

// Lemma 4.3.2: the largest positive Delta W_i(t - 1) among neurons lazy at step t - 1.
void max_positive(const sim::two_layer_observables<double>& obs, std::uint64_t t, escape_outcome& o) {
  const auto& dw = obs.last_delta_w();
  for (Eigen::Index i = 0; i < dw.size(); ++i)
    if (dw[i] > 0 && (obs.escape_steps()[i] < 0 || obs.escape_steps()[i] == std::int64_t(t)))
      o.max_positive_delta_w = std::max(o.max_positive_delta_w, dw[i]);
}

}  // namespace

escape_ensemble run_escape_ensemble(const escape_setup& s, std::uint64_t trajectories) {
  using namespace sim;
  const synthetic_problem<double> prob(s.m, s.d, s.n, 10, s.seed, s.theta_star_norm);
  const auto& [data, model, seed] = prob;
  escape_ensemble out;
  out.runs.resize(trajectories);
  out.max_x_norm = data.x_train.rowwise().norm().maxCoeff();
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(trajectories); ++k) {
    const auto sys = prob.system(static_cast<std::uint64_t>(k));
    auto theta = prob.initial_state(static_cast<std::uint64_t>(k));
    model.first_layer(theta) *= s.first_layer_scale;
    const Eigen::MatrixXd w0 = model.first_layer(theta);
    label_noise<double> noise;
    noise.sigma = s.sigma;
    label_noise_sgd<two_layer_linear<double>> stepper(model, {1, false}, noise);
    two_layer_observables<double>::options opt;
    opt.eta = s.eta;
    opt.sigma = s.threshold_sigma >= 0 ? s.threshold_sigma : s.sigma;
    two_layer_observables<double> obs(model, data, theta, opt);
    escape_outcome& o = out.runs[k];
    // The engine's step loop, stopped by a predicate once every neuron (or stop_fraction of them) has escaped.
    const double threshold = -theory::strong_shrinkage_threshold(opt.sigma);  // (sigma/4)^2 > 0
    const auto observe = [&](const vector_t<double>& th, std::uint64_t t) {
      if (s.conditional_stride > 0 && t % s.conditional_stride == 0) tally_conditional(s, prob, th, obs, threshold, o);
      if (t == 0) return;
      obs.on_step(th, t, stepper.last_step());
      if (s.conditional_stride > 0) max_positive(obs, t, o);
      if (k == 0 && t - 1 < s.keep_delta_w_steps)
        for (std::int64_t i = 0; i < s.m; ++i)
          if (obs.escape_steps()[i] < 0 || obs.escape_steps()[i] == std::int64_t(t))  // lazy at step t - 1
            o.lazy_delta_w.push_back(obs.last_delta_w()[i]);
    };
    const auto escaped_enough = [&](const vector_t<double>&, std::uint64_t t) -> std::optional<std::string> {
      if (s.run_to_budget) return std::nullopt;
      if (obs.all_escaped_step() >= 0) return "every neuron left the lazy regime";
      if (s.stop_fraction < 1 && ((t - 1) & 255) == 0) {
        std::int64_t escaped = 0;
        for (auto e : obs.escape_steps()) escaped += e >= 0;
        if (double(escaped) >= s.stop_fraction * double(s.m)) return "the stop fraction of neurons escaped";
      }
      return std::nullopt;
    };
    const auto run = integrate_controlled(stepper, sys, theta, 0, s.max_steps, s.eta, observe,
                                          loop_controls{escaped_enough, no_reset});
    o.diverged = run.diverged;
    o.steps_run = run.steps_done;
    // Definition 4.1 at the last step: inside the lazy radius 1/sqrt(m) of the start.
    const double radius = theory::lazy_radius(double(s.m));
    o.lazy_at_end = ((model.first_layer(theta) - w0).rowwise().norm().array() <= radius).count();
    o.all_escaped_step = obs.all_escaped_step();
    o.all_escaped = o.all_escaped_step >= 0;
    std::vector<std::int64_t> escaped;
    for (auto e : obs.escape_steps())
      if (e >= 0) escaped.push_back(e);
    o.escaped_neurons = static_cast<std::int64_t>(escaped.size());
    if (2 * escaped.size() >= static_cast<std::size_t>(s.m)) {
      std::sort(escaped.begin(), escaped.end());
      o.median_escape_step = escaped[(s.m - 1) / 2];
    }
    const auto& tally = obs.lazy_phase_delta_w();
    o.lazy_count = tally.count;
    o.lazy_nonpositive = tally.nonpositive;
    o.lazy_below = tally.below;
  }
  return out;
}

}  // namespace lnsgd::checks
