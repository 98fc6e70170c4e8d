// SGD noise hurts the test error in some regimes and helps in others (Sclocchi, Geiger, Wyart, ICML 2023, the (alpha,
// T) phase diagram; the related-work digest's C.3): at each alpha of the grid of network_sweeps.hpp, the per-seed
// change of the test error from the lowest temperature to the highest at which every seed reached zero training
// loss, with a t-interval over seeds. The control is the null effect (the lowest temperature against itself),
// through the same decision.
#include <sstream>

#include "checks.hpp"
#include "network_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;

// Per seed, test error at T index `high` minus at T index 0, for alpha index a.
mean_estimate noise_effect(const temperature_grid& r, std::size_t a, std::size_t high) {
  std::vector<double> d;
  for (std::size_t s = 0; s < r.seeds; ++s) d.push_back(r.test_error[a][high][s] - r.test_error[a][0][s]);
  return mean_interval(d);
}

// The highest temperature index above 0 at which every seed converged at alpha index a, or nullopt.
std::optional<std::size_t> highest_converged(const temperature_grid& r, std::size_t a) {
  if (!r.all_converged(a, 0)) return std::nullopt;
  for (std::size_t k = r.temperatures.size() - 1; k > 0; --k)
    if (r.all_converged(a, k)) return k;
  return std::nullopt;
}

}  // namespace

verdict check_sclocchi_noise_effect(profile p) {
  const auto r = phase_diagram(p);
  verdict v;
  v.claim = "sclocchi-noise-effect";
  v.where = regime::empirical;
  std::ostringstream log;
  std::vector<mean_estimate> effects, nulls;
  nlohmann::json evidence = nlohmann::json::array();
  data_table table("noise_effect",
                   "test error at the highest converged T minus at the lowest, per alpha: mean and 95% t-interval "
                   "over seeds",
                   {"alpha", "low_temperature", "high_temperature", "effect", "lower", "upper"});
  for (std::size_t a = 0; a < r.rows.size(); ++a) {
    const auto high = highest_converged(r, a);
    log << "alpha = " << r.rows[a] << ": ";
    if (!high) {
      effects.push_back({NAN});
      log << "not measured (the lowest T, or every higher one, has a seed that did not converge)\n";
      continue;
    }
    const auto e = noise_effect(r, a, *high);
    effects.push_back(e);
    nulls.push_back(noise_effect(r, a, 0));
    table.add({r.rows[a], r.temperatures[0], r.temperatures[*high], e.mean, e.ci.lower, e.ci.upper});
    evidence.push_back({{"alpha", r.rows[a]},
                        {"high_temperature", r.temperatures[*high]},
                        {"effect", e.mean},
                        {"lower", e.ci.lower},
                        {"upper", e.ci.upper}});
    log << "test error from T = " << r.temperatures[0] << " to " << r.temperatures[*high] << ": " << e.mean << " ["
        << e.ci.lower << ", " << e.ci.upper << "]\n";
  }
  v.result = decide_both_signs(effects);
  v.control = control_outcome{"the null effect (the lowest T against itself at every alpha), same decision",
                              decide_both_signs(nulls) != status::holds,
                              {}};
  v.inequality =
      "on the (alpha, T) grid: some alpha's 95% t-interval (over seeds) of the test-error change from the lowest T "
      "to the highest converged T lies wholly below 0 and another's wholly above (holds); every alpha measured and "
      "every interval on the same side: violated; else inconclusive";
  v.tested = "the sign of the noise's effect on the test error in different regimes, measured on Fashion-MNIST";
  v.evidence = {{"setup", network_setup_json(network(p))}, {"effects", evidence}, {"failures", r.failures}};
  v.tables.push_back(std::move(table));
  v.confidence =
      "t-intervals over " + std::to_string(r.seeds) + " seeds, " + std::to_string(evidence.size()) + " values of alpha";
  double most_help = HUGE_VAL, most_harm = -HUGE_VAL;
  for (const auto& e : effects)
    if (std::isfinite(e.mean)) most_help = std::min(most_help, e.mean), most_harm = std::max(most_harm, e.mean);
  v.margin = "effects from " + format_number(most_help) + " to " + format_number(most_harm);
  v.log = log.str() + "-> " + to_string(v.result) + "\n";
  return v;
}

}  // namespace lnsgd::checks
