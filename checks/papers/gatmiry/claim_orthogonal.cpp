// Related-work digest B.3/B.7 (B5), derived (docs/derivations/gatmiry.md): every gradient of the fixed-output
// network lies in span{x_i}, so the part of each theta_j orthogonal to the data never moves.
#include <algorithm>
#include <sstream>

#include "checks.hpp"
#include "fixed_output_runs.hpp"
#include "hypotheses.hpp"

namespace lnsgd::checks {

namespace {

constexpr double drift_bound = 1e-40;  // 50-digit rounding over 10^4 steps sits near 1e-48

// The largest orthogonal drift of a run; a non-finite or diverged run counts as +inf.
double largest_drift(const series& s) {
  if (s.diverged) return HUGE_VAL;
  double worst = 0;
  for (double x : s.column("orthogonal_drift")) worst = std::max(worst, std::isfinite(x) ? x : HUGE_VAL);
  return worst;
}

bool frozen(double drift) { return drift <= drift_bound; }

}  // namespace

verdict check_gatmiry_orthogonal(profile p) {
  gatmiry::fixed_output_setup s;
  s.d = 5;  // n = 3 < d: span{x_i} is a proper subspace, so there is an orthogonal part to watch
  s.steps = p == profile::full ? 20000 : 10000;
  s.records = 50;
  const auto run = gatmiry::run_fixed_output_float50(s);
  const double drift = largest_drift(run);

  verdict v;
  v.claim = "gatmiry-orthogonal-frozen";
  v.inequality = "max over record points and neurons of ||(I - P)(theta_j(t) - theta_j(0))|| <= 1e-40 in 50 digits";
  v.tested =
      "the exact identity (a derived consequence of f depending on theta_j only through theta_j . x), on "
      "label-noise SGD in 50 digits; it needs no hypothesis of the paper, only a gradient in span{x_i}";
  apply_hypotheses(v, gatmiry::identity_hypotheses(s));
  v.result = frozen(drift) ? status::holds : status::violated;
  v.evidence = {
      {"max_orthogonal_drift", drift},
      {"bound", drift_bound},
      {"steps", s.steps},
      {"precision", "float50"},
      {"config", {{"m", s.m}, {"d", s.d}, {"n", s.n}, {"eta", s.eta}, {"sigma", s.sigma}, {"B", 1}, {"seed", s.seed}}}};
  v.tables.push_back(run.table("drift", "the orthogonal drift along the 50-digit run", {"orthogonal_drift"}));

  // Control: weight decay (theta <- (1 - eta lambda) theta after every step) shrinks the orthogonal part.
  gatmiry::fixed_output_setup c = s;
  c.weight_decay = 0.1;
  c.steps = 1000;
  const double control_drift = largest_drift(gatmiry::run_fixed_output_float50(c));
  v.control = control_outcome{
      "label-noise SGD with weight decay 0.1 (a gradient outside span{x_i}), " + std::to_string(c.steps) + " steps",
      !frozen(control_drift),
      {{"max_orthogonal_drift", control_drift}}};
  v.margin = "drift " + format_number(drift) + " (bound 1e-40)";
  v.confidence = "deterministic (one 50-digit run)";
  std::ostringstream log;
  log << "50-digit label-noise SGD, " << s.steps << " steps: largest orthogonal drift " << drift
      << "\ncontrol (weight decay 0.1, " << c.steps << " steps): " << control_drift << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
