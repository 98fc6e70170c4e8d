// In the lazy regime the relative weight change is a power law in both the temperature and the training-set size,
// ||w - w0||/||w0|| ~ T^delta P^gamma (Sclocchi, Geiger, Wyart, ICML 2023; the related-work digest's C.3), with
// delta and gamma not published in a form we have: measured here on the lazy (P, T) grid of network_sweeps.hpp.
// The form says one delta holds at every P and one gamma at every T; the control is a grid mutated by an
// interaction term (T/T_0)^(0.25 k) at the k-th P, whose delta changes with P, through the same decision.
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "grid_exponents.hpp"
#include "network_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;

// How far each line's exponent may stray from the lines' mean: the form's tolerance on a finite grid.
constexpr double exponent_band = 0.1;

status decide_form(const temperature_grid& g) {
  return every({decide_common_exponent(exponents_in_temperature(g).exponent, exponent_band),
                decide_common_exponent(exponents_in_rows(g).exponent, exponent_band)});
}

temperature_grid with_interaction(temperature_grid g) {
  for (std::size_t row = 0; row < g.rows.size(); ++row)
    for (std::size_t t = 0; t < g.temperatures.size(); ++t)
      for (auto& r : g.relative_change[row][t]) r *= std::pow(g.temperatures[t] / g.temperatures[0], 0.25 * row);
  return g;
}

data_table exponent_table(const line_exponents& e, const std::string& name, const std::string& at,
                          const std::string& what) {
  data_table t(name, what + ": mean and 95% t-interval over seeds of the per-seed log-log slope",
               {at, "exponent", "lower", "upper"});
  for (std::size_t i = 0; i < e.at.size(); ++i)
    t.add({e.at[i], e.exponent[i].mean, e.exponent[i].ci.lower, e.exponent[i].ci.upper});
  return t;
}

// The lines' exponents for the log and the margin: "delta 0.93 (0.88 ... 0.95 over 5 P)".
std::string describe(const std::string& name, const line_exponents& e, std::ostream& log) {
  if (e.at.empty()) return name + " not measured";
  double mean = 0, lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& x : e.exponent)
    mean += x.mean / double(e.at.size()), lo = std::min(lo, x.mean), hi = std::max(hi, x.mean);
  for (std::size_t i = 0; i < e.at.size(); ++i)
    log << "  " << name << " at " << e.at[i] << ": " << e.exponent[i].mean << " [" << e.exponent[i].ci.lower << ", "
        << e.exponent[i].ci.upper << "]\n";
  return name + " " + format_number(mean) + " (" + format_number(lo) + " ... " + format_number(hi) + " over " +
         std::to_string(e.at.size()) + " lines)";
}

}  // namespace

verdict check_sclocchi_lazy_exponents(profile p) {
  const auto g = lazy_grid(p);
  verdict v;
  v.claim = "sclocchi-lazy-exponents";
  v.where = regime::empirical;
  std::ostringstream log;
  const auto delta = exponents_in_temperature(g), gamma = exponents_in_rows(g);
  log << "delta (the exponent in T, one per P):\n";
  const auto delta_text = describe("delta", delta, log);
  log << "gamma (the exponent in P, one per T):\n";
  const auto gamma_text = describe("gamma", gamma, log);
  v.result = decide_form(g);
  v.control = control_outcome{"a grid mutated by the interaction (T/T_0)^(0.25 k) at the k-th P, same decision",
                              decide_form(with_interaction(g)) != status::holds,
                              {}};
  v.inequality =
      "on the lazy (P, T) grid: every P's 95% t-interval (over seeds) of the exponent delta of |w - w0|/|w0| in T "
      "lies within 0.1 of the mean of the P's exponents, and every T's exponent gamma in P within 0.1 of theirs "
      "(holds); some interval wholly outside: violated. Lines with fewer than 3 cells where every seed converged are "
      "not measured";
  v.tested = "the separable power-law form T^delta P^gamma on a teacher task, delta and gamma reported as measured";
  v.evidence = {{"setup", network_setup_json(lazy_network(p))},
                {"delta", {{"at_n", delta.at}, {"by_seed", delta.by_seed}}},
                {"gamma", {{"at_temperature", gamma.at}, {"by_seed", gamma.by_seed}}},
                {"failures", g.failures}};
  v.tables.push_back(grid_table(g, "lazy_grid", "n", "the lazy (P, T) grid"));
  v.tables.push_back(exponent_table(delta, "delta_by_points", "n", "delta, the exponent of |w - w0|/|w0| in T"));
  v.tables.push_back(
      exponent_table(gamma, "gamma_by_temperature", "temperature", "gamma, the exponent of |w - w0|/|w0| in P"));
  v.confidence = "t-intervals over " + std::to_string(g.seeds) + " seeds of per-seed fits along " +
                 std::to_string(delta.at.size() + gamma.at.size()) + " grid lines";
  v.margin = delta_text + "; " + gamma_text;
  v.log = log.str() + std::to_string(g.failures.size()) + " cells did not reach zero training loss -> " +
          to_string(v.result) + "\n";
  return v;
}

}  // namespace lnsgd::checks
