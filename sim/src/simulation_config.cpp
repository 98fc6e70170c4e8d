#include "lnsgd/sim/simulation_config.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/observers/lazy_tracker.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/theory/zhang2026/oscillation.hpp"

namespace lnsgd::sim {
namespace {

using detail::bad;
using detail::one_of;
using detail::show;

constexpr std::int64_t max_width = 100000000;

std::optional<double> parse_positive(const std::string& s) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string> validate(const simulation_config& c) {
  if (c.model != "two-layer-linear") return bad("model", c.model, "two-layer-linear");
  if (auto error = validate_engine(c, {"label-noise-sgd", "sam", "oscillation", "gradient-flow", "sde", "sde-full"}))
    return error;
  if (c.m < 1 || c.m > max_width) return bad("m", show(c.m), "an integer 1 <= m <= 1e8");
  if (c.d < 1 || c.d > 1000000) return bad("d", show(c.d), "an integer 1 <= d <= 1e6");
  if (c.n < 1) return bad("n", show(c.n), "an integer >= 1");
  if (c.n_test < 1) return bad("n_test", show(c.n_test), "an integer >= 1");
  if (c.theta_star_norm != "a4" && !parse_positive(c.theta_star_norm))
    return bad("theta_star_norm", c.theta_star_norm, "a finite number > 0, or a4 for m^(-1/4)");
  if (c.batch > c.n) return bad("batch", show(c.batch), "an integer 1 <= batch <= n = " + show(c.n));
  if (!one_of(c.backend, {"cpu", "cuda"})) return bad("backend", c.backend, "cpu, cuda");
  if (c.backend == "cuda") {
    const std::string cuda_accepts = "cpu; cuda needs precision double, dynamics label-noise-sgd or sam, batch 1, "
                                     "rademacher label noise";
    if (c.precision != "double" || !one_of(c.dynamics, {"label-noise-sgd", "sam"}) || c.batch != 1 ||
        c.full_batch || c.label_noise != "rademacher")
      return bad("backend", c.backend, cuda_accepts);
  }
  if (c.block_steps < 0 || c.block_steps > 64)
    return bad("block_steps", show(c.block_steps), "an integer 0 <= block_steps <= 64 (0: step by step)");
  if (c.track_neuron < 0 || c.track_neuron >= c.m)
    return bad("track_neuron", show(c.track_neuron), "an integer 0 <= track_neuron < m = " + show(c.m));
  if (!(c.stop_escaped_fraction >= 0 && c.stop_escaped_fraction <= 1))
    return bad("stop_escaped_fraction", show(c.stop_escaped_fraction), "a number 0 <= f <= 1 (0: never stop early)");
  if (c.stop_escaped_fraction > 0 && c.backend == "cuda")
    return bad("stop_escaped_fraction", show(c.stop_escaped_fraction),
               "0 with backend = cuda (the GPU ensemble sees the lazy regime at the record steps only)");
  return std::nullopt;
}

double theta_star_norm_value(const simulation_config& c) {
  // Assumption A4 (Condition 1): ||theta*|| <= m^(-1/4); "a4" takes the boundary value.
  if (c.theta_star_norm == "a4") return std::pow(double(c.m), -0.25);
  return parse_positive(c.theta_star_norm).value_or(1.0);
}

std::optional<std::string> resolve_defaults(simulation_config& c, bool m_given) {
  // Lemma 4.4: the oscillation model is stated for m = 1/sqrt(eta).
  if (c.dynamics == "oscillation" && !m_given && std::isfinite(c.eta) && c.eta > 0) {
    const double width = theory::oscillation_width(c.eta);
    if (!(width <= double(max_width)))
      return bad("eta", show(c.eta), "eta >= 1e-16 for the oscillation chain, whose width 1/sqrt(eta) = " +
                                         show(width) + " must be at most 1e8; or give m");
    c.m = std::max<std::int64_t>(1, std::llround(width));
  }
  resolve_engine_defaults(c);
  return std::nullopt;
}

double memory_needed(const simulation_config& c, std::int64_t concurrent) {
  const double scalar = with_precision(*parse_precision(c.precision), [](auto zero) { return double(sizeof zero); });
  // Copies of the state per trajectory (measured with /usr/bin/time at m = d = 2000, docs/simulate.md): the state,
  // W(0) and the stepper's workspace (3); dopri5 and Bulirsch-Stoer keep their stages (24).
  const double copies = c.dynamics == "gradient-flow" ? 24 : 3;
  const double state = double(c.m) * (double(c.d) + 1);
  const double data = (double(c.n) + double(c.n_test)) * (double(c.d) + 1);  // no int64 sum: n may be near its limit
  const double rows = double(std::min<std::int64_t>(c.record_points, c.steps + 1)) * 64 * double(c.trajectories);
  const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
  // The lazy tracker's table W(0) X^T (observers/lazy_tracker.hpp), where it keeps one.
  const double table = double(c.m) * double(c.n) * scalar;
  const double tracker = table <= lazy_tracker<double>::table_limit ? table / scalar : 0;
  return scalar * (data + (copies * state + tracker) * in_flight) + 8 * rows;
}

}  // namespace lnsgd::sim
