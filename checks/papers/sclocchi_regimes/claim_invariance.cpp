// The exact invariance of the perceptron's SGD (derived from the update rule; the related-work digest's C.0 and
// docs/derivations.md section 9): with u = Delta w/dt the trajectory depends on (alpha dt, B, data, batches) only,
// so (dt, alpha) -> (c dt, alpha/c) multiplies Delta w and the training time by c. Run in double and in 50 digits
// on the same batches; for a power-of-two c the scaled run is c times the base run bit for bit, for c = 3 to
// rounding. Two base points: alpha dt = 16384 (noise-dominated: the margin hardly matters) and alpha dt = 4 (the
// margin decides which points are fitted, so the identity is not a near-symmetry there). The control doubles dt
// alone at alpha dt = 4 (the margin moves relative to the step), through the same decision.
#include <sstream>

#include "checks.hpp"
#include "lnsgd/sim/precision.hpp"
#include "perceptron/summary.hpp"
#include "perceptron_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

namespace m = sim::models;
using namespace regimes;

struct scaled_run {
  double deviation = 0;  // max_i |Delta w'_i - c Delta w_i| / max_i |c Delta w_i|, or 1 if the step counts differ
  std::uint64_t steps = 0, scaled_steps = 0;
};

// The base run at (dt, alpha) and the run at (c dt, alpha_scaled) on the same data and batches.
template <class Scalar>
scaled_run compare(std::int64_t d, std::int64_t points, double alpha, double dt, double c, double alpha_scaled) {
  const auto train = m::depleted_sign<Scalar>(points, d, 1.0, 11, sim::stream::train_inputs);
  const auto run = [&](double a, double step, sim::vector_t<Scalar>& dw) {
    const m::perceptron_problem<Scalar> p{train, Scalar(a), 2, sim::philox_noise(13, 0)};
    return m::run_perceptron(p, Scalar(step), 100000000, dw, [](const auto&, std::uint64_t) {});
  };
  sim::vector_t<Scalar> base, scaled;
  const auto r = run(alpha, dt, base);
  const auto s = run(alpha_scaled, c * dt, scaled);
  const sim::vector_t<Scalar> expected = Scalar(c) * base;
  const double largest = double(expected.cwiseAbs().maxCoeff());
  const double deviation = double((scaled - expected).cwiseAbs().maxCoeff()) / largest;
  return {r.steps == s.steps && r.converged && s.converged ? deviation : 1.0, r.steps, s.steps};
}

}  // namespace

verdict check_sclocchi_invariance(profile p) {
  const double alpha = 32768, margin_dt = 1.0 / 8192;
  const std::int64_t d = p == profile::full ? 128 : 32, points = p == profile::full ? 1024 : 256;
  std::ostringstream log;
  nlohmann::json runs = nlohmann::json::array();
  double worst_double = 0, worst_50 = 0;
  for (double dt : {0.5, margin_dt})
    for (double c : {2.0, 0.5, 1024.0, 3.0}) {
      const auto a = compare<double>(d, points, alpha, dt, c, alpha / c);
      const auto b = compare<sim::float50>(8, 64, alpha, dt, c, alpha / c);
      worst_double = std::max(worst_double, a.deviation);
      worst_50 = std::max(worst_50, b.deviation);
      runs.push_back({{"alpha_dt", alpha * dt},
                      {"c", c},
                      {"double", {{"deviation", a.deviation}, {"steps", a.steps}, {"scaled_steps", a.scaled_steps}}},
                      {"float50", {{"deviation", b.deviation}, {"steps", b.steps}, {"scaled_steps", b.scaled_steps}}}});
      log << "alpha dt = " << alpha * dt << ", c = " << c << ": relative deviation " << a.deviation << " (double, "
          << a.steps << " steps), " << b.deviation << " (50 digits, " << b.steps << " steps)\n";
    }
  verdict v;
  v.claim = "sclocchi-invariance";
  apply_hypotheses(v, {{"the centred output o = (w - w0).x/sqrt(d) (w0 does not enter the update)", true, "centred"},
                       {"the same batch sequence for both runs", true, "philox stream 13"}});
  v.inequality =
      "max_i |Delta w'_i - c Delta w_i| / max_i |c Delta w_i| <= 1e-12 in double and <= 1e-40 in 50 digits, with the "
      "same step count, for c in {2, 1/2, 1024, 3} at alpha dt = 16384 and 4 (a deviation of 1 when the step counts "
      "differ)";
  v.tested = "an exact identity of the update rule, on the same data and batches (bitwise for a power-of-two c)";
  const status in_double = decide_identity(worst_double, 1e-12), in_50 = decide_identity(worst_50, 1e-40);
  v.result = in_double == status::holds && in_50 == status::holds ? status::holds : status::violated;
  const auto control = compare<double>(d, points, alpha, margin_dt, 2.0, alpha);
  v.control = control_outcome{
      "dt doubled with alpha unchanged at alpha dt = 4 (not a symmetry: the margin moves), "
      "same decision",
      decide_identity(control.deviation, 1e-12) != status::holds,
      {{"deviation", control.deviation}, {"steps", control.steps}, {"scaled_steps", control.scaled_steps}}};
  v.evidence = {{"alpha", alpha},
                {"dt", {0.5, margin_dt}},
                {"double", {{"d", d}, {"points", points}}},
                {"float50", {{"d", 8}, {"points", 64}}},
                {"runs", runs}};
  v.margin =
      "largest deviation " + format_number(worst_double) + " (double), " + format_number(worst_50) + " (50 digits)";
  v.confidence = "deterministic";
  log << "control (dt doubled alone at alpha dt = 4): deviation " << control.deviation << "\n-> " << to_string(v.result)
      << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
