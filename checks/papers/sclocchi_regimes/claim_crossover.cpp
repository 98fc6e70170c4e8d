// The crossover temperature of the lazy regime, where the test error departs from its T -> 0 value, falls with the
// training-set size as T_c ~ P^-a with a = gamma/delta, the exponents of ||w - w0||/||w0|| ~ T^delta P^gamma
// (Sclocchi, Geiger, Wyart, ICML 2023; the related-work digest's C.3): the net leaves the kernel regime where its
// relative weight change reaches a fixed size. Measured on the lazy (P, T) grid of network_sweeps.hpp: T_c from the
// test error averaged over seeds (one seed's curve is too noisy to place a threshold), intervals by the delete-one
// jackknife over seeds. The control is the relation a = 2 gamma/delta, through the same decision.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "grid_exponents.hpp"
#include "network_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;
using seed_set = std::vector<bool>;

// T_c: where the test error, averaged over the seeds kept, departs by 20% from its T -> 0 value (the mean over the
// two lowest temperatures): over twice the spread of a 5-seed average along T below the crossover (±5 to 10%).
constexpr double departure = 0.2;
constexpr std::size_t baseline = 2;
// How far a may stray from gamma/delta, relative to gamma/delta.
constexpr double relative_band = 0.25;

std::optional<double> mean_crossover(const temperature_grid& g, std::size_t row, const seed_set& keep) {
  std::vector<double> e(g.temperatures.size(), 0.0);
  const double kept = double(std::count(keep.begin(), keep.end(), true));
  for (std::size_t t = 0; t < e.size(); ++t)
    for (std::size_t s = 0; s < g.seeds; ++s)
      if (keep[s]) e[t] += g.test_error[row][t][s] / kept;  // NaN (a seed not converged) stops the search
  return crossover_temperature(g.temperatures, e, departure, baseline);
}

struct crossover_fit {
  const temperature_grid& g;
  line_exponents delta, gamma;
  std::vector<std::size_t> rows;  // the P where T_c is reached by every seed set of the jackknife

  explicit crossover_fit(const temperature_grid& grid)
      : g(grid), delta(exponents_in_temperature(grid)), gamma(exponents_in_rows(grid)) {
    for (std::size_t row = 0; row < g.rows.size(); ++row)
      if (jackknife(g.seeds, [&](const seed_set& k) { return mean_crossover(g, row, k); })) rows.push_back(row);
  }
  // a: minus the slope of log T_c on log P, over `rows` (at least 3).
  std::optional<double> a(const seed_set& keep) const {
    if (rows.size() < 3) return std::nullopt;
    std::vector<double> p, tc;
    for (auto row : rows) {
      const auto t = mean_crossover(g, row, keep);
      if (!t) return std::nullopt;
      p.push_back(g.rows[row]);
      tc.push_back(*t);
    }
    return -fit_loglog(p, tc).slope;
  }
  // gamma/delta: the kept seeds' mean gamma over their mean delta (each a seed's mean over the grid's lines).
  std::optional<double> ratio(const seed_set& keep) const {
    if (delta.at.empty() || gamma.at.empty()) return std::nullopt;
    const auto d = delta.seed_means(), c = gamma.seed_means();
    double sd = 0, sc = 0;
    for (std::size_t s = 0; s < keep.size(); ++s)
      if (keep[s]) sd += d[s], sc += c[s];
    return sc / sd;
  }
  // a - factor gamma/delta, jackknifed.
  std::optional<mean_estimate> difference(double factor) const {
    return jackknife(g.seeds, [&](const seed_set& k) -> std::optional<double> {
      const auto x = a(k), r = ratio(k);
      if (!x || !r) return std::nullopt;
      return *x - factor * *r;
    });
  }
};

// T_c falls with P (a > 0) and a = factor gamma/delta within relative_band.
status decide_crossover(const crossover_fit& f, double factor) {
  const auto a = jackknife(f.g.seeds, [&](const seed_set& k) { return f.a(k); });
  const auto d = f.difference(factor);
  const auto r = f.ratio(seed_set(f.g.seeds, true));
  return decide_scaling_relation(a, d, r ? relative_band * factor * std::abs(*r) : 0);
}

data_table crossover_table(const crossover_fit& f) {
  data_table t("crossover",
               "T_c, where the seed-averaged test error departs by 20% from its T -> 0 value: "
               "jackknife estimate and 95% interval over seeds",
               {"n", "crossover_temperature", "lower", "upper"});
  for (auto row : f.rows) {
    const auto e = *jackknife(f.g.seeds, [&](const seed_set& k) { return mean_crossover(f.g, row, k); });
    t.add({f.g.rows[row], e.mean, e.ci.lower, e.ci.upper});
  }
  return t;
}

}  // namespace

verdict check_sclocchi_crossover(profile p) {
  const auto g = lazy_grid(p);
  const crossover_fit f(g);
  verdict v;
  v.claim = "sclocchi-crossover";
  v.where = regime::empirical;
  std::ostringstream log;
  const seed_set all(g.seeds, true);
  const auto a = jackknife(g.seeds, [&](const seed_set& k) { return f.a(k); });
  const auto d = f.difference(1);
  const auto r = f.ratio(all);
  log << "T_c reached at " << f.rows.size() << " of " << g.rows.size() << " P (by every delete-one seed set)\n";
  for (auto row : f.rows) log << "  P = " << g.rows[row] << ": T_c = " << *mean_crossover(g, row, all) << "\n";
  if (a && d && r)
    log << "a = " << a->mean << " [" << a->ci.lower << ", " << a->ci.upper << "], gamma/delta = " << *r
        << ", a - gamma/delta = " << d->mean << " [" << d->ci.lower << ", " << d->ci.upper << "]\n";
  else
    log << "a not measured (T_c at fewer than 3 P, or delta and gamma not measured)\n";
  v.result = decide_crossover(f, 1);
  v.control =
      control_outcome{"the relation a = 2 gamma/delta, same decision", decide_crossover(f, 2) != status::holds, {}};
  v.inequality =
      "on the lazy (P, T) grid, with T_c from the seed-averaged test error (a 20% departure from the mean over the "
      "two lowest T) at 3 or more P and a the slope of -log T_c on log P: the jackknife 95% interval of a lies above "
      "0 and that of a - gamma/delta within +-0.25 gamma/delta (holds); a's interval below 0, or a - gamma/delta's "
      "wholly outside the band: violated; else inconclusive";
  v.tested =
      "the scaling relation a = gamma/delta of the crossover temperature on a teacher task, a reported as "
      "measured";
  v.evidence = {{"setup", network_setup_json(lazy_network(p))},
                {"departure", departure},
                {"a", a ? nlohmann::json{{"estimate", a->mean}, {"lower", a->ci.lower}, {"upper", a->ci.upper}}
                        : nlohmann::json()},
                {"gamma_over_delta", r ? nlohmann::json(*r) : nlohmann::json()},
                {"failures", g.failures}};
  v.tables.push_back(crossover_table(f));
  v.confidence =
      "delete-one jackknife over " + std::to_string(g.seeds) + " seeds, T_c at " + std::to_string(f.rows.size()) + " P";
  v.margin = a && d && r ? "a = " + format_number(a->mean) + " vs gamma/delta = " + format_number(*r) +
                               " (difference " + format_number(d->mean) + ")"
                         : "a not measured";
  v.log = log.str() + "-> " + to_string(v.result) + "\n";
  return v;
}

}  // namespace lnsgd::checks
