// The exact identities after Theorem 4.2 (docs/derivations.md section 1): pure algebra, so they hold at every parameter set; in
// 50-digit arithmetic their residuals must sit at the precision's rounding level.
#include <sstream>

#include "lnsgd/sim/integrate.hpp"
#include "checks.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"

namespace lnsgd::checks {
namespace {

struct identity_residuals {
  double step = 0, norm = 0;
};

// Label-noise SGD in 50 digits; `perturb` > 0 nudges a_0 and w_00 by that much halfway (the control).
identity_residuals measure(std::int64_t m, std::int64_t d, std::uint64_t steps, const sim::float50& perturb) {
  using namespace sim;
  const synthetic_problem<float50> prob(m, d, 50, 10, 3);
  const auto& [data, model, seed] = prob;
  const auto sys = prob.system(0);
  auto theta = prob.initial_state(0);
  label_noise<float50> noise;
  noise.sigma = 4;
  label_noise_sgd<two_layer_linear<float50>> stepper(model, {1, false}, noise);
  two_layer_observables<float50>::options opt;
  opt.eta = float50(1) / 100;
  opt.sigma = noise.sigma;
  two_layer_observables<float50> obs(model, data, theta, opt);
  two_layer_observables<float50>::row_type row;
  for (std::uint64_t t = 0; t < steps; ++t) {
    sim::advance(stepper, sys, theta, t, 1, opt.eta);
    if (perturb > 0 && t + 1 == steps / 2) {
      theta[m * d] += perturb;  // a_0
      theta[0] += perturb;      // w_00
      stepper.reset();
    }
    obs.on_step(theta, t + 1, stepper.last_step());
    if ((t + 1) % 100 == 0) obs.record(theta, row);
  }
  return {to_double(obs.max_step_identity_residual()), to_double(obs.max_norm_identity_residual())};
}

}  // namespace

verdict check_identities(profile p) {
  const std::int64_t m = p == profile::full ? 32 : 16, d = p == profile::full ? 8 : 6;
  const std::uint64_t steps = p == profile::full ? 10000 : 2000;
  constexpr double tolerance = 1e-40;  // 10^10 units of 50-digit rounding
  const auto r = measure(m, d, steps, 0);

  verdict v;
  v.claim = "identities";
  v.inequality = "max relative residual of (a_i(j+1)-a_i(j))^2 = eta^2 r_j^2 (x^T w_i(j))^2 and of ||w_i(T)||^2 = "
                 "||w_i(0)||^2 + eta^2 sum_j Delta W_i(j) - a_i(0)^2 + a_i(T)^2 is <= 1e-40 in 50-digit arithmetic";
  v.tested = "exact algebraic identities of the update (any parameters: no hypothesis needed)";
  v.where = regime::in_regime;
  v.result = r.step <= tolerance && r.norm <= tolerance ? status::holds : status::violated;
  v.evidence = {{"step_identity_residual", r.step},
                {"norm_decomposition_residual", r.norm},
                {"tolerance", tolerance},
                {"precision", "float50"},
                {"steps", steps},
                {"config", {{"m", m}, {"d", d}, {"n", 50}, {"eta", 0.01}, {"sigma", 4}, {"B", 1}, {"seed", 3}}}};
  v.margin = "largest residual " + format_number(std::max(r.step, r.norm)) + " vs tolerance " +
             format_number(tolerance);
  v.confidence = "deterministic: exact identities in 50-digit arithmetic over " + std::to_string(steps) + " steps";
  // Control: nudge a_0 and w_00 by 1e-30 halfway; both identities must see it.
  const auto c = measure(m, d, steps, sim::float50("1e-30"));
  v.control = control_outcome{"a_0 and w_00 nudged by 1e-30 halfway", c.step > tolerance && c.norm > tolerance,
                              {{"step_identity_residual", c.step}, {"norm_decomposition_residual", c.norm}}};
  std::ostringstream log;
  log << "50-digit residuals over " << steps << " steps: step identity " << r.step << ", norm decomposition "
      << r.norm << " (tolerance " << tolerance << ")\ncontrol: " << c.step << ", " << c.norm << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
