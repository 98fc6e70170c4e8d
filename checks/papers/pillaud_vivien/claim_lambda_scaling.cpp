// Related-work digest E.2 (constant derived, docs/derivations/implicit-lasso.md): the implicit Lasso's lambda is
// eta delta^2 / (4B), so it scales as delta^2 and as 1/B. Measured as the lambda that best meets the KKT
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

// lambda_fit of every run at (delta, B), eta = 0.05; each run a point of the fit.
void measure(const sim::regression_data<double>& data, double delta, std::int64_t batch, std::uint64_t trajectories,
             std::vector<double>& x, std::vector<double>& y, bool in_delta) {
  lasso_setup s;
  s.delta = delta;
  s.batch = batch;
  s.trajectories = trajectories;
  for (const auto& r : run_lasso_ensemble(data, s, s.eta * delta * delta / (4 * double(batch)), 3)) {
    x.push_back(in_delta ? delta : double(batch));
    y.push_back(r.lambda_fit);
  }
}

// The decision, shared with the control: the interval meets predicted +- band and excludes `excluded`.
bool matches(const loglog_fit& f, double predicted, double excluded) {
  return exponent_matches(f, predicted, exponent_band, excluded);
}

}  // namespace

verdict check_pillaud_vivien_lambda_scaling(profile p) {
  const std::uint64_t trajectories = p == profile::full ? 12 : 4;
  const auto data = lasso_data();
  std::vector<double> dx, dy, bx, by;
  for (double delta : {0.5, 1.0, 2.0}) measure(data, delta, 1, trajectories, dx, dy, true);
  for (std::int64_t batch : {1, 2, 4}) measure(data, 1.0, batch, trajectories, bx, by, false);
  const bool positive = std::all_of(dy.begin(), dy.end(), [](double l) { return l > 0; }) &&
                        std::all_of(by.begin(), by.end(), [](double l) { return l > 0; });
  loglog_fit fd, fb;
  if (positive) {
    fd = fit_loglog(dx, dy);
    fb = fit_loglog(bx, by);
  }
  verdict v;
  v.claim = "pillaud-vivien-lambda-scaling";
  v.inequality =
      "the 95% intervals of the fitted exponents of lambda_fit (the lambda meeting KKT stationarity at "
      "the time-averaged end point) in delta and in B meet 2 +- 0.3 and -1 +- 0.3 and exclude 0";
  v.tested =
      "the scaling of the implicit Lasso's lambda = eta delta^2/(4B) over delta in {0.5, 1, 2} (B = 1) and "
      "B in {1, 2, 4} (delta = 1) at eta = 0.05 on digest E.3's setting, each run a point";
  apply_hypotheses(v, endpoint_hypotheses(data, 0.05));
  v.result =
      !positive ? status::inconclusive : (matches(fd, 2, 0) && matches(fb, -1, 0) ? status::holds : status::violated);
  v.evidence = {{"delta_exponent", fd.slope},
                {"delta_exponent_ci95", {fd.slope_ci.lower, fd.slope_ci.upper}},
                {"batch_exponent", fb.slope},
                {"batch_exponent_ci95", {fb.slope_ci.lower, fb.slope_ci.upper}},
                {"lambda_fit_delta", {{"delta", dx}, {"lambda_fit", dy}}},
                {"lambda_fit_batch", {{"B", bx}, {"lambda_fit", by}}},
                {"trajectories", trajectories}};
  data_table t("lambda", "lambda_fit of every run", {"delta", "batch", "lambda_fit", "lambda_derived"});
  for (std::size_t k = 0; k < dx.size(); ++k) t.add({dx[k], 1, dy[k], 0.05 * dx[k] * dx[k] / 4});
  for (std::size_t k = 0; k < bx.size(); ++k) t.add({1, bx[k], by[k], 0.05 / (4 * bx[k])});
  v.tables.push_back(std::move(t));
  // Control: "the batch size does not matter" (exponent 0 in B), through the same decision.
  v.control = control_outcome{"the wrong exponent 0 in B (lambda independent of the batch size)",
                              !matches(fb, 0, -1),
                              {{"batch_exponent", fb.slope}}};
  v.margin = "exponents " + format_number(fd.slope) + " in delta (2), " + format_number(fb.slope) + " in B (-1)";
  v.confidence = "95% intervals [" + format_number(fd.slope_ci.lower) + ", " + format_number(fd.slope_ci.upper) +
                 "], [" + format_number(fb.slope_ci.lower) + ", " + format_number(fb.slope_ci.upper) + "] over " +
                 std::to_string(trajectories) + " runs per point";
  std::ostringstream log;
  log << "lambda_fit exponent in delta " << fd.slope << " [" << fd.slope_ci.lower << ", " << fd.slope_ci.upper
      << "], in B " << fb.slope << " [" << fb.slope_ci.lower << ", " << fb.slope_ci.upper << "]\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
