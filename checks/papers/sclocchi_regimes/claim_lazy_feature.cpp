// Raising the temperature or lowering alpha both push the alpha-trick network out of the lazy regime (Sclocchi,
// Geiger, Wyart, ICML 2023, the (alpha, T) phase diagram; the related-work digest's C.3): on the grid of
// network_sweeps.hpp the relative weight change ||w - w0||/||w0|| grows with T at every alpha and falls with alpha at
// every T. Per row (and column), the per-seed log-log slope over the cells where every seed reached zero training
// loss (at least 3), with a t-interval over seeds. The control is the opposite direction, through the same decision.
#include <sstream>

#include "checks.hpp"
#include "network_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;

// The slope of log ||Delta w||/||w0|| along one line of the grid: `along_t` (fixed alpha index `fixed`, over T) or
// over alpha at fixed temperature index `fixed`. Cells some seed did not converge in are left out; nullopt when
// fewer than 3 remain.
std::optional<mean_estimate> line_slope(const phase_readings& r, bool along_t, std::size_t fixed) {
  const std::size_t count = along_t ? r.temperatures.size() : r.alphas.size();
  std::vector<double> x;
  std::vector<std::vector<double>> ys(r.seeds);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t a = along_t ? fixed : k, t = along_t ? k : fixed;
    if (!r.all_converged(a, t)) continue;
    x.push_back(along_t ? r.temperatures[t] : r.alphas[a]);
    for (std::size_t s = 0; s < r.seeds; ++s) ys[s].push_back(r.relative_change[a][t][s]);
  }
  if (x.size() < 3) return std::nullopt;
  return per_seed_exponent(x, ys);
}

struct slopes {
  std::vector<mean_estimate> in_t, in_alpha;
  nlohmann::json evidence = nlohmann::json::array();
};

slopes measure(const phase_readings& r, std::ostream& log) {
  slopes s;
  for (bool along_t : {true, false}) {
    const auto& fixed = along_t ? r.alphas : r.temperatures;
    for (std::size_t i = 0; i < fixed.size(); ++i) {
      const auto e = line_slope(r, along_t, i);
      log << (along_t ? "alpha = " : "T = ") << fixed[i] << ": exponent of |Delta w|/|w0| in "
          << (along_t ? "T " : "alpha ");
      if (!e) {
        log << "not measured (fewer than 3 cells where every seed converged)\n";
        continue;
      }
      (along_t ? s.in_t : s.in_alpha).push_back(*e);
      log << e->mean << " [" << e->ci.lower << ", " << e->ci.upper << "]\n";
      s.evidence.push_back({{along_t ? "alpha" : "temperature", fixed[i]},
                            {"along", along_t ? "temperature" : "alpha"},
                            {"exponent", e->mean},
                            {"lower", e->ci.lower},
                            {"upper", e->ci.upper}});
    }
  }
  return s;
}

data_table phase_table(const phase_readings& r) {
  data_table t("phase_diagram",
               "the (alpha, T) grid: |w - w0|/|w0| and the test error, mean and 95% t-interval over the seeds that "
               "reached zero training loss; seeds converged and diverged per cell",
               {"alpha", "temperature", "relative_change", "relative_lower", "relative_upper", "test_error",
                "error_lower", "error_upper", "converged", "diverged"});
  for (std::size_t a = 0; a < r.alphas.size(); ++a)
    for (std::size_t k = 0; k < r.temperatures.size(); ++k) {
      std::vector<double> rel, err;
      for (std::size_t s = 0; s < r.seeds; ++s)
        if (std::isfinite(r.relative_change[a][k][s])) {
          rel.push_back(r.relative_change[a][k][s]);
          err.push_back(r.test_error[a][k][s]);
        }
      const auto m = rel.size() > 1 ? mean_interval(rel) : mean_estimate{rel.empty() ? NAN : rel[0]};
      const auto e = err.size() > 1 ? mean_interval(err) : mean_estimate{err.empty() ? NAN : err[0]};
      t.add({r.alphas[a], r.temperatures[k], m.mean, m.ci.lower, m.ci.upper, e.mean, e.ci.lower, e.ci.upper,
             double(r.converged[a][k]), double(r.diverged[a][k])});
    }
  return t;
}

}  // namespace

verdict check_sclocchi_lazy_feature(profile p) {
  const auto& r = phase_diagram(p);
  verdict v;
  v.claim = "sclocchi-lazy-feature";
  v.where = regime::empirical;
  std::ostringstream log;
  const auto s = measure(r, log);
  v.result = every({decide_direction(s.in_t, +1), decide_direction(s.in_alpha, -1)});
  const status control = every({decide_direction(s.in_t, -1), decide_direction(s.in_alpha, +1)});
  v.control =
      control_outcome{"the opposite directions (|Delta w|/|w0| falling with T, growing with alpha), same decision",
                      control != status::holds,
                      {}};
  v.inequality =
      "on the (alpha, T) grid: for every alpha, the 95% t-interval over seeds of the per-seed exponent of "
      "|w - w0|/|w0| in T lies above 0, and for every T the exponent in alpha lies below 0 (holds); some interval "
      "wholly on the wrong side: violated. Lines with fewer than 3 cells where every seed converged are not measured";
  v.tested = "the directions of the lazy-to-feature crossover in the (alpha, T) plane, measured on Fashion-MNIST";
  v.evidence = {{"setup", network_setup_json(p)}, {"slopes", s.evidence}, {"failures", r.failures}};
  v.tables.push_back(phase_table(r));
  v.confidence = "t-intervals over " + std::to_string(r.seeds) + " seeds of per-seed fits along " +
                 std::to_string(s.in_t.size() + s.in_alpha.size()) + " grid lines";
  double lowest_t = HUGE_VAL, highest_alpha = -HUGE_VAL;
  for (const auto& e : s.in_t) lowest_t = std::min(lowest_t, e.ci.lower);
  for (const auto& e : s.in_alpha) highest_alpha = std::max(highest_alpha, e.ci.upper);
  v.margin = "smallest lower bound in T " + format_number(lowest_t) + ", largest upper bound in alpha " +
             format_number(highest_alpha);
  v.log = log.str() + std::to_string(r.failures.size()) + " cells did not reach zero training loss -> " +
          to_string(v.result) + "\n";
  return v;
}

}  // namespace lnsgd::checks
