// The optimal resetting rate (Bae et al., Eq. 5 minimised over gamma): where resetting helps (Pe < 1, or v <= 0),
// <T(gamma)> has an interior minimum at the root gamma* of dT/dgamma = 0 (Boost.Math TOMS 748 in theory/), of
// value T(gamma*). Measured at gamma*/5, gamma* and 5 gamma*; the control runs the same decision around a wrong
// optimum, 5 gamma*.
#include <sstream>

#include "checks.hpp"
#include "lnsgd/checks/hypotheses.hpp"
#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "passage_decision.hpp"

namespace lnsgd::checks {
namespace {

using namespace resetting;
namespace th = theory::bae_resetting;

constexpr double spread = 5;  // the bracket: gamma* / 5 and 5 gamma*

struct bracket {
  double drift, optimum, predicted_minimum;
  extrapolated_passage at;                 // at the optimum, Richardson-extrapolated (its value is judged)
  paired_change below_minus, above_minus;  // T(gamma*/5) - T(gamma*), T(5 gamma*) - T(gamma*): paired by stream
};

bracket measure(double v, double optimum, double dt, std::uint64_t n, std::uint64_t seed) {
  bracket b{v, optimum, th::mean_first_passage(1.0, v, 0.5, optimum), {}, {}, {}};
  const double cap = 40 * th::mean_first_passage(1.0, v, 0.5, optimum / spread);
  b.at = extrapolated({v, 0.5, 1.0, optimum}, dt, cap, n, seed);
  b.below_minus = paired(simulate_passage({v, 0.5, 1.0, optimum / spread}, dt, cap, n, seed), b.at.coarse);
  b.above_minus = paired(simulate_passage({v, 0.5, 1.0, optimum * spread}, dt, cap, n, seed), b.at.coarse);
  return b;
}

// holds: at every bracket, both paired differences have Bonferroni intervals above 0 and T(gamma*) agrees with its
// prediction; violated: a difference's interval below 0 or the value rejected; inconclusive otherwise.
status decide(const std::vector<bracket>& brackets) {
  const double z = simultaneous_z(3 * brackets.size());
  std::vector<status> s;
  for (const auto& b : brackets) {
    s.push_back(against_prediction(b.at, b.predicted_minimum, z));
    for (const auto* side : {&b.below_minus, &b.above_minus}) {
      if (side->censored > 0) {
        s.push_back(status::inconclusive);
        continue;
      }
      const double d = side->mean, se = side->standard_error;
      s.push_back(d - z * se > 0 ? status::holds : d + z * se < 0 ? status::violated : status::inconclusive);
    }
  }
  return combine(s);
}

}  // namespace

verdict check_bae_optimal_rate(profile p) {
  const bool full = p == profile::full;
  const double dt = full ? 1e-3 : 4e-3;
  const std::uint64_t n = full ? 8000 : 2000;
  std::vector<bracket> brackets;
  std::vector<std::vector<hypothesis>> per_point;
  for (double v : {0.5, -0.5}) {  // Pe = 0.5 and -0.5 (L = 1, D = 0.5)
    const auto optimum = th::optimal_rate(1.0, v, 0.5);
    per_point.push_back({{"resetting can help (Pe < 1): gamma* exists", optimum.has_value(), th::peclet(1.0, v, 0.5)},
                         {"D > 0", true, 0.5},
                         {"L > 0", true, 1.0}});
    if (optimum) brackets.push_back(measure(v, *optimum, dt, n, 20 + 8 * brackets.size()));
  }
  verdict v;
  v.claim = "bae-optimal-rate";
  apply_hypotheses(v, at_every(per_point));
  v.inequality =
      "at v = 0.5 and -0.5 (L = 1, D = 0.5), gamma* the root of dT/dgamma: Bonferroni 95% intervals of the "
      "paired mean differences T(gamma*/5) - T(gamma*) and T(5 gamma*) - T(gamma*) above 0, and "
      "|T_sim(gamma*) - T(gamma*)| <= z se (T_sim Richardson-extrapolated in dt)";
  v.tested = "the optimum's location (bracketed by a factor 5 each side) and its value";
  v.result = decide(brackets);
  nlohmann::json rows = nlohmann::json::array();
  data_table table("optimum", "mean first-passage time at gamma*/5, gamma*, 5 gamma*: Eq. 5 and simulation",
                   {"drift", "reset_rate", "eq5", "simulated", "standard_error"});
  for (const auto& b : brackets) {
    rows.push_back({{"drift", b.drift},
                    {"gamma_star", b.optimum},
                    {"t_gamma_star", b.predicted_minimum},
                    {"below_minus_at", to_json(b.below_minus)},
                    {"at", to_json(b.at)},
                    {"above_minus_at", to_json(b.above_minus)}});
    const double at = b.at.coarse.mean;  // the sides' means: T(gamma*) at dt plus the paired difference
    table.add({b.drift, b.optimum / spread, th::mean_first_passage(1.0, b.drift, 0.5, b.optimum / spread),
               at + b.below_minus.mean, b.below_minus.standard_error});
    table.add({b.drift, b.optimum, b.predicted_minimum, b.at.mean, b.at.standard_error});
    table.add({b.drift, b.optimum * spread, th::mean_first_passage(1.0, b.drift, 0.5, b.optimum * spread),
               at + b.above_minus.mean, b.above_minus.standard_error});
  }
  v.tables.push_back(std::move(table));
  v.evidence = {{"brackets", rows}, {"dt", dt}, {"trajectories", n}};
  std::vector<bracket> wrong;
  for (const auto& b : brackets) wrong.push_back(measure(b.drift, spread * b.optimum, dt, n, 100 + 8 * wrong.size()));
  v.control =
      control_outcome{"the same decision around 5 gamma* (a wrong optimum)", decide(wrong) != status::holds, {}};
  std::ostringstream margin, log;
  for (const auto& b : brackets) {
    margin << "v " << b.drift << ": gamma* " << format_number(b.optimum) << ", T(gamma*) "
           << format_number(b.predicted_minimum) << " against " << format_number(b.at.mean) << "; ";
    log << "v=" << b.drift << " gamma*=" << b.optimum << ": T(gamma*/5) - T(gamma*) " << b.below_minus.mean << " +- "
        << b.below_minus.standard_error << ", T(gamma*) " << b.at.mean << " (Eq. 5 " << b.predicted_minimum
        << "), T(5 gamma*) - T(gamma*) " << b.above_minus.mean << " +- " << b.above_minus.standard_error << "\n";
  }
  v.margin = margin.str();
  v.confidence = "Bonferroni-corrected normal intervals, " + std::to_string(n) + " searchers per ensemble";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
