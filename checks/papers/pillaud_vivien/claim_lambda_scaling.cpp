// Related-work digest E.2 (constant derived, docs/derivations/implicit-lasso.md): the implicit Lasso's lambda is
// eta delta^2 / (4B), so it scales as eta, delta^2 and 1/B. Measured as the lambda that best meets the KKT
// stationarity condition at the time-averaged end point of each run.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "hypotheses.hpp"
#include "lasso_runs.hpp"
#include "lnsgd/checks/statistics.hpp"

namespace lnsgd::checks {

namespace {

using namespace implicit_lasso;

constexpr double exponent_band = 0.3;

// One axis of the sweep: lambda_fit of every run at each value, the others at eta = 0.05, delta = 1, B = 1; each run
// a point of the fit.
struct axis {
  const char* name;
  double predicted;                     // the exponent of lambda = eta delta^2 / (4B) (derived)
  void (*set)(lasso_setup&, double);    // puts a value of this axis into a setup
  std::vector<double> values, x, lambda_fit, lambda_derived;
  loglog_fit fit;
  bool positive = true;
};

lasso_setup setup_at(const axis& a, double value) {
  lasso_setup s;
  a.set(s, value);
  return s;
}

void set_eta(lasso_setup& s, double eta) {
  s.eta = eta;
  s.steps = static_cast<std::uint64_t>(std::llround(20000 / eta));  // the same flow time eta k = 2e4
}
void set_delta(lasso_setup& s, double delta) { s.delta = delta; }
void set_batch(lasso_setup& s, double batch) { s.batch = static_cast<std::int64_t>(batch); }

void measure(const sim::regression_data<double>& data, std::uint64_t trajectories, axis& a) {
  for (double value : a.values) {
    auto s = setup_at(a, value);
    s.trajectories = trajectories;
    const double lambda = s.eta * s.delta * s.delta / (4 * double(s.batch));
    for (const auto& r : run_lasso_ensemble(data, s, lambda, 3)) {
      a.x.push_back(value);
      a.lambda_fit.push_back(r.lambda_fit);
      a.lambda_derived.push_back(lambda);
      a.positive = a.positive && r.lambda_fit > 0;
    }
  }
  if (a.positive) a.fit = fit_loglog(a.x, a.lambda_fit);
}

// The decision, shared with the control: the interval meets predicted +- band and excludes `excluded`.
bool matches(const loglog_fit& f, double predicted, double excluded) {
  return exponent_matches(f, predicted, exponent_band, excluded);
}

std::string interval_text(const loglog_fit& f) {
  std::string s = "[";  // append: GCC 12's -Wrestrict misfires on "literal" + std::string
  return s.append(format_number(f.slope_ci.lower)).append(", ").append(format_number(f.slope_ci.upper)).append("]");
}

}  // namespace

verdict check_pillaud_vivien_lambda_scaling(profile p) {
  const std::uint64_t trajectories = p == profile::full ? 12 : 4;
  const auto data = lasso_data();
  // Five values per axis (a fit on fewer would mean little), geometric where the axis is continuous.
  std::vector<axis> axes = {{"eta", 1, set_eta, {0.05, 0.042, 0.035, 0.03, 0.025}, {}, {}, {}, {}},
                            {"delta", 2, set_delta, {0.5, 0.71, 1.0, 1.41, 2.0}, {}, {}, {}, {}},
                            {"batch", -1, set_batch, {1, 2, 3, 4, 6}, {}, {}, {}, {}}};
  bool positive = true, all = true;
  for (auto& a : axes) {
    measure(data, trajectories, a);
    positive = positive && a.positive;
    all = all && a.positive && matches(a.fit, a.predicted, 0);
  }
  verdict v;
  v.claim = "pillaud-vivien-lambda-scaling";
  v.inequality =
      "the 95% intervals of the fitted exponents of lambda_fit (the lambda meeting KKT stationarity at "
      "the time-averaged end point) in eta, delta and B meet 1, 2 and -1 (each +- 0.3) and exclude 0";
  v.tested =
      "the scaling of the implicit Lasso's lambda = eta delta^2/(4B) over eta in {0.05, 0.042, 0.035, 0.03, 0.025} "
      "(run to the same flow time eta k = 2e4), delta in {0.5, 0.71, 1, 1.41, 2} and B in {1, 2, 3, 4, 6}, one at a "
      "time from eta = 0.05, "
      "delta = 1, B = 1, on digest E.3's setting, each run a point";
  std::vector<std::vector<hypothesis>> hypotheses;
  for (double eta : axes[0].values) hypotheses.push_back(endpoint_hypotheses(data, eta));
  apply_hypotheses(v, at_every(hypotheses));
  v.result = !positive ? status::inconclusive : (all ? status::holds : status::violated);
  v.evidence = {{"trajectories", trajectories}};
  data_table t("lambda", "lambda_fit of every run", {"eta", "delta", "batch", "lambda_fit", "lambda_derived"});
  std::ostringstream log;
  for (const auto& a : axes) {
    const std::string name = a.name;
    v.evidence[name + "_exponent"] = a.fit.slope;
    v.evidence[name + "_exponent_ci95"] = {a.fit.slope_ci.lower, a.fit.slope_ci.upper};
    v.evidence[name + "_exponent_predicted"] = a.predicted;
    v.evidence["lambda_fit_" + name] = {{name, a.x}, {"lambda_fit", a.lambda_fit}};
    for (std::size_t k = 0; k < a.x.size(); ++k) {
      const auto s = setup_at(a, a.x[k]);
      t.add({s.eta, s.delta, double(s.batch), a.lambda_fit[k], a.lambda_derived[k]});
    }
    log << "lambda_fit exponent in " << name << " " << a.fit.slope << " " << interval_text(a.fit) << " (derived "
        << a.predicted << ")\n";
  }
  v.tables.push_back(std::move(t));
  // Control: "the batch size does not matter" (exponent 0 in B), through the same decision.
  const auto& fb = axes[2].fit;
  v.control = control_outcome{"the wrong exponent 0 in B (lambda independent of the batch size)",
                              !matches(fb, 0, -1),
                              {{"batch_exponent", fb.slope}}};
  v.margin = "exponents " + format_number(axes[0].fit.slope) + " in eta (1), " + format_number(axes[1].fit.slope) +
             " in delta (2), " + format_number(fb.slope) + " in B (-1)";
  v.confidence = "95% intervals " + interval_text(axes[0].fit) + ", " + interval_text(axes[1].fit) + ", " +
                 interval_text(fb) + " over " + std::to_string(trajectories) + " runs per point";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
