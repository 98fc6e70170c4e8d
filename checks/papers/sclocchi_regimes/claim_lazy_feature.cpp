// Raising the temperature or lowering alpha both push the alpha-trick network out of the lazy regime (Sclocchi,
// Geiger, Wyart, ICML 2023, the (alpha, T) phase diagram; the related-work digest's C.3): on the grid of
// network_sweeps.hpp the relative weight change ||w - w0||/||w0|| grows with T at every alpha and falls with alpha at
// every T. Per row (and column), the per-seed log-log slope over the cells where every seed reached zero training
// loss (at least 3), with a t-interval over seeds. The control is the opposite direction, through the same decision.
#include <sstream>

#include "checks.hpp"
#include "grid_exponents.hpp"
#include "network_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;

struct slopes {
  line_exponents in_t, in_alpha;
  nlohmann::json evidence = nlohmann::json::array();
};

slopes measure(const temperature_grid& r, std::ostream& log) {
  slopes s{exponents_in_temperature(r), exponents_in_rows(r)};
  for (bool along_t : {true, false}) {
    const auto& e = along_t ? s.in_t : s.in_alpha;
    log << "exponent of |Delta w|/|w0| in " << (along_t ? "T" : "alpha") << " measured on " << e.at.size() << " of "
        << (along_t ? r.rows : r.temperatures).size()
        << " lines (the others have fewer than 3 cells where every seed converged)\n";
    for (std::size_t i = 0; i < e.at.size(); ++i) {
      const auto& x = e.exponent[i];
      log << "  " << (along_t ? "alpha = " : "T = ") << e.at[i] << ": " << x.mean << " [" << x.ci.lower << ", "
          << x.ci.upper << "]\n";
      s.evidence.push_back({{along_t ? "alpha" : "temperature", e.at[i]},
                            {"along", along_t ? "temperature" : "alpha"},
                            {"exponent", x.mean},
                            {"lower", x.ci.lower},
                            {"upper", x.ci.upper}});
    }
  }
  return s;
}

}  // namespace

verdict check_sclocchi_lazy_feature(profile p) {
  const auto r = phase_diagram(p);
  verdict v;
  v.claim = "sclocchi-lazy-feature";
  v.where = regime::empirical;
  std::ostringstream log;
  const auto s = measure(r, log);
  v.result = every({decide_direction(s.in_t.exponent, +1), decide_direction(s.in_alpha.exponent, -1)});
  const status control = every({decide_direction(s.in_t.exponent, -1), decide_direction(s.in_alpha.exponent, +1)});
  v.control =
      control_outcome{"the opposite directions (|Delta w|/|w0| falling with T, growing with alpha), same decision",
                      control != status::holds,
                      {}};
  v.inequality =
      "on the (alpha, T) grid: for every alpha, the 95% t-interval over seeds of the per-seed exponent of "
      "|w - w0|/|w0| in T lies above 0, and for every T the exponent in alpha lies below 0 (holds); some interval "
      "wholly on the wrong side: violated. Lines with fewer than 3 cells where every seed converged are not measured";
  v.tested = "the directions of the lazy-to-feature crossover in the (alpha, T) plane, measured on Fashion-MNIST";
  v.evidence = {{"setup", network_setup_json(network(p))}, {"slopes", s.evidence}, {"failures", r.failures}};
  v.tables.push_back(grid_table(r, "phase_diagram", "alpha", "the (alpha, T) grid"));
  v.confidence = "t-intervals over " + std::to_string(r.seeds) + " seeds of per-seed fits along " +
                 std::to_string(s.in_t.at.size() + s.in_alpha.at.size()) + " grid lines";
  double lowest_t = HUGE_VAL, highest_alpha = -HUGE_VAL;
  for (const auto& e : s.in_t.exponent) lowest_t = std::min(lowest_t, e.ci.lower);
  for (const auto& e : s.in_alpha.exponent) highest_alpha = std::max(highest_alpha, e.ci.upper);
  v.margin = "smallest lower bound in T " + format_number(lowest_t) + ", largest upper bound in alpha " +
             format_number(highest_alpha);
  v.log = log.str() + std::to_string(r.failures.size()) + " cells did not reach zero training loss -> " +
          to_string(v.result) + "\n";
  return v;
}

}  // namespace lnsgd::checks
