// The sign of dT/dgamma at gamma -> 0 (Bae et al., after Eq. 5): a small resetting rate lowers the mean first-passage
// time iff Pe = L v/(2D) < 1. Measured as T(gamma_s) - T(0) at a small rate on each side of Pe = 1; the control
// swaps the predicted signs (as if resetting helped iff Pe > 1) through the same decision.
#include <sstream>

#include "checks.hpp"
#include "lnsgd/checks/hypotheses.hpp"
#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "passage_decision.hpp"

namespace lnsgd::checks {
namespace {

using namespace resetting;

struct sign_point {
  searcher_setup setup;  // at the small rate
  double peclet, predicted_change, slope_at_zero;
  paired_change change;  // T(gamma_s) - T(0), simulated, searchers paired by stream
};

// holds: every change's interval (Bonferroni over the points) has the predicted sign (negative iff the predicted
// slope is); violated: some interval has the other sign; inconclusive: an interval containing 0, or censoring.
status decide(const std::vector<sign_point>& points, bool swap_prediction) {
  const double z = simultaneous_z(points.size());
  std::vector<status> s;
  for (const auto& q : points) {
    if (q.change.censored > 0) {
      s.push_back(status::inconclusive);
      continue;
    }
    const bool lowers = (q.slope_at_zero < 0) != swap_prediction;
    const double lo = q.change.mean - z * q.change.standard_error, hi = q.change.mean + z * q.change.standard_error;
    if (lowers ? hi < 0 : lo > 0)
      s.push_back(status::holds);
    else if (lowers ? lo > 0 : hi < 0)
      s.push_back(status::violated);
    else
      s.push_back(status::inconclusive);
  }
  return combine(s);
}

}  // namespace

verdict check_bae_reset_sign(profile p) {
  const bool full = p == profile::full;
  const double dt = full ? 1e-3 : 4e-3;
  const std::uint64_t n = full ? 8000 : 2000;
  // L = 1, D = 0.5; Pe = 0.25 (v = 0.25, gamma_s = 0.02) and Pe = 4 (v = 4, gamma_s = 1): rates where Eq. 5's change
  // is about 10% of T(0).
  std::vector<sign_point> points;
  for (const auto& [v, gamma] : {std::pair{0.25, 0.02}, std::pair{4.0, 1.0}}) {
    const searcher_setup s{v, 0.5, 1.0, gamma}, zero{v, 0.5, 1.0, 0.0};
    namespace th = theory::bae_resetting;
    sign_point q{s,
                 th::peclet(1.0, v, 0.5),
                 th::mean_first_passage(1.0, v, 0.5, gamma) - th::mean_first_passage(1.0, v, 0.5, 0.0),
                 th::rate_slope_at_zero(1.0, v, 0.5),
                 {}};
    const double cap = 40 * th::mean_first_passage(1.0, v, 0.5, 0.0);
    const auto seed = 10 + points.size();  // the same streams on both sides: common random numbers
    q.change = paired(simulate_passage(s, dt, cap, n, seed), simulate_passage(zero, dt, cap, n, seed));
    points.push_back(q);
  }
  verdict v;
  v.claim = "bae-reset-sign";
  std::vector<std::vector<hypothesis>> per_point;
  for (const auto& q : points)
    per_point.push_back(
        {{"D > 0", true, 0.5}, {"L > 0", true, 1.0}, {"v > 0 (T(0) = L/v finite)", q.setup.drift > 0, q.setup.drift}});
  apply_hypotheses(v, at_every(per_point));
  v.inequality =
      "at Pe = 0.25 and Pe = 4 (L = 1, D = 0.5): the Bonferroni 95% interval of the mean of T_k(gamma_s) - T_k(0) "
      "over searchers k paired by stream (the time step's bias cancels to first order) lies below 0 where "
      "(L D / v^3)(Pe - 1) < 0 and above 0 where it is > 0";
  v.tested = "the sign of the small-rate effect, at a finite small rate (the slope's sign, not its value)";
  v.result = decide(points, false);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& q : points)
    rows.push_back({{"peclet", q.peclet},
                    {"reset_rate", q.setup.reset_rate},
                    {"eq5_change", q.predicted_change},
                    {"slope_at_zero", q.slope_at_zero},
                    {"simulated_change", q.change.mean},
                    {"change", to_json(q.change)}});
  v.evidence = {{"points", rows}, {"dt", dt}, {"trajectories", n}};
  v.control =
      control_outcome{"the predicted signs swapped (resetting helps iff Pe > 1), same measurements and decision",
                      decide(points, true) == status::violated,
                      {}};
  v.margin = "T(gamma_s) - T(0): " + format_number(points[0].change.mean) +
             " at Pe 0.25 (Eq. 5: " + format_number(points[0].predicted_change) + "), " +
             format_number(points[1].change.mean) + " at Pe 4 (Eq. 5: " + format_number(points[1].predicted_change) +
             ")";
  v.confidence = "Bonferroni-corrected normal intervals, " + std::to_string(n) + " searchers per ensemble";
  std::ostringstream log;
  for (const auto& q : points)
    log << "Pe " << q.peclet << ", gamma " << q.setup.reset_rate << ": change " << q.change.mean << " +- "
        << q.change.standard_error << " (Eq. 5: " << q.predicted_change << ")\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
