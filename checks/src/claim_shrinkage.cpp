// Lemma 4.3: while the model is lazy, Delta W_i(j) <= 0 with probability >= 1 - rho/m^(1/8), and
// Delta W_i(j) <= -(sigma/4)^2 with probability >= 1/4.
#include <algorithm>
#include <sstream>

#include "claims_impl.hpp"
#include "escape_experiment.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/theory/escape_time.hpp"
#include "lnsgd/theory/shrinkage.hpp"

namespace lnsgd::checks {
namespace {

struct fraction_range {
  double pooled = 0, min = 1, max = 0;
  std::uint64_t samples = 0;
};

// Per-trajectory and pooled frequencies of one lazy-phase event.
template <class Fraction>
fraction_range fractions(const escape_ensemble& e, Fraction f) {
  fraction_range r;
  std::uint64_t hits = 0;
  for (const auto& run : e.runs) {
    r.min = std::min(r.min, f(run));
    r.max = std::max(r.max, f(run));
    r.samples += run.lazy_count;
    hits += static_cast<std::uint64_t>(f(run) * double(run.lazy_count) + 0.5);
  }
  r.pooled = r.samples ? double(hits) / double(r.samples) : 0;
  return r;
}

// Every trajectory at or above the bound: holds; every one below: violated; mixed: inconclusive. (The (i, j)
// samples within a trajectory are correlated, so no binomial interval is claimed for them.)
status judge(const fraction_range& f, double bound) {
  if (f.min >= bound) return status::holds;
  if (f.max < bound) return status::violated;
  return status::inconclusive;
}

nlohmann::json to_json(const fraction_range& f) {
  return {{"pooled", f.pooled}, {"min_over_trajectories", f.min}, {"max_over_trajectories", f.max},
          {"samples", f.samples}};
}

escape_setup base_setup(std::int64_t m, std::int64_t d, std::int64_t n) {
  escape_setup s;
  s.m = m, s.d = d, s.n = n;
  s.max_steps = static_cast<std::uint64_t>(50 * theory::escape_time_heuristic(double(m), s.eta, s.sigma));
  return s;
}

void set_regime(verdict& v, const escape_setup& s, double max_x_norm) {
  const auto reg = evaluate_regime({double(s.m), s.eta, s.sigma, double(s.n), double(s.d), s.theta_star_norm,
                                    max_x_norm});
  v.failed_assumptions = failed_among(reg, {"A1", "A2", "A4", "A5", "A6"});
  v.where = v.failed_assumptions.empty() ? regime::in_regime : regime::out_of_regime;
}

}  // namespace

verdict check_shrinkage_sign(profile p) {
  // d = 2 keeps the bound non-vacuous at small widths: (4d/pi)^4 = 42.
  const auto s = base_setup(p == profile::full ? 1000 : 100, 2, 50);
  const std::uint64_t trajectories = p == profile::full ? 16 : 4;
  const double bound = theory::nonpositive_probability_bound(double(s.m), double(s.d));
  const auto ens = run_escape_ensemble(s, trajectories);
  const auto f = fractions(ens, [](const escape_outcome& r) { return r.frac_nonpositive(); });

  verdict v;
  v.claim = "lem4.3-sign";
  v.inequality = "frequency over lazy-phase (i, j) of Delta W_i(j) <= 0 is >= 1 - rho/m^(1/8), rho = 2 sqrt(d)/sqrt(pi)";
  v.tested = "the probability bound against per-trajectory frequencies while each neuron is lazy";
  set_regime(v, s, ens.max_x_norm);
  v.result = judge(f, bound);
  if (bound <= 0) {
    v.where = regime::vacuous;
    v.result = status::holds;
  }
  v.evidence = {{"bound", bound},
                {"vacuous_unless_m_above", theory::shrinkage_vacuity_width(double(s.d))},
                {"frequency", to_json(f)},
                {"trajectories", trajectories},
                {"seed", s.seed},
                {"config", {{"m", s.m}, {"d", s.d}, {"n", s.n}, {"eta", s.eta}, {"sigma", s.sigma}, {"B", 1}}}};
  std::ostringstream log;
  log << "P(Delta W <= 0) bound 1 - rho/m^(1/8) = " << bound << "; measured " << f.pooled << " pooled, ["
      << f.min << ", " << f.max << "] over " << trajectories << " trajectories (" << f.samples << " samples)\n";

  // Control: first layer started 100x smaller, so a_i^2 ||x||^2 dominates (x^T w_i)^2 and Delta W > 0.
  auto c = s;
  c.first_layer_scale = 0.01;
  c.max_steps = std::min<std::uint64_t>(c.max_steps, 20000);
  const auto cf = fractions(run_escape_ensemble(c, trajectories),
                            [](const escape_outcome& r) { return r.frac_nonpositive(); });
  v.control = control_outcome{"first layer initialised at 1/100 scale", judge(cf, bound) == status::violated,
                              {{"frequency", to_json(cf)}, {"bound", bound}}};
  log << "control (W(0)/100): measured " << cf.pooled << " pooled, max " << cf.max << " against the bound\n";
  v.log = log.str();
  return v;
}

verdict check_shrinkage_magnitude(profile p) {
  const auto s = p == profile::full ? base_setup(1000, 20, 200) : base_setup(200, 10, 100);
  const std::uint64_t trajectories = p == profile::full ? 16 : 4;
  const double bound = theory::strong_shrinkage_probability;
  const auto ens = run_escape_ensemble(s, trajectories);
  const auto f = fractions(ens, [](const escape_outcome& r) { return r.frac_below(); });

  verdict v;
  v.claim = "lem4.3-magnitude";
  v.inequality = "frequency over lazy-phase (i, j) of Delta W_i(j) <= -(sigma/4)^2 is >= 1/4";
  v.tested = "the probability bound against per-trajectory frequencies while each neuron is lazy";
  set_regime(v, s, ens.max_x_norm);
  v.result = judge(f, bound);
  v.evidence = {{"bound", bound},
                {"threshold", theory::strong_shrinkage_threshold(s.sigma)},
                {"frequency", to_json(f)},
                {"trajectories", trajectories},
                {"seed", s.seed},
                {"config", {{"m", s.m}, {"d", s.d}, {"n", s.n}, {"eta", s.eta}, {"sigma", s.sigma}, {"B", 1}}}};
  std::ostringstream log;
  log << "P(Delta W <= -(sigma/4)^2 = " << theory::strong_shrinkage_threshold(s.sigma) << ") bound 1/4; measured "
      << f.pooled << " pooled, [" << f.min << ", " << f.max << "] over " << trajectories << " trajectories\n";

  // Control: no label noise, measured against the same threshold -(sigma/4)^2 with sigma = 4.
  auto c = s;
  c.sigma = 0;
  c.threshold_sigma = s.sigma;
  c.max_steps = 20000;
  const auto cf = fractions(run_escape_ensemble(c, trajectories), [](const escape_outcome& r) { return r.frac_below(); });
  v.control = control_outcome{"vanilla SGD (sigma = 0) against the same threshold", judge(cf, bound) == status::violated,
                              {{"frequency", to_json(cf)}, {"bound", bound}}};
  log << "control (sigma = 0): measured " << cf.pooled << " pooled, max " << cf.max << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
