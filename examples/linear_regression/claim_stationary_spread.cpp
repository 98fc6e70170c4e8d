// The example's claim: full-batch label-noise GD on (1/2n)||Xw - y||^2 is the linear recursion
// w_{t+1} - w_LS = (I - eta H)(w_t - w_LS) + (eta/n) X^T eps_t, eps_t ~ sigma N(0, I_n), so its stationary
// covariance S solves S = (I - eta H) S (I - eta H) + (eta^2 sigma^2 / n) H, and in H's eigenbasis
// S_ii = eta sigma^2 / (n (2 - eta lambda_i)) (README.md, "The claim"). The check measures E||w - w_LS||^2 on an
// ensemble run by lnsgd's engine and compares it with the trace of S.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <lnsgd/checks/hypotheses.hpp>
#include <lnsgd/checks/statistics.hpp>
#include <lnsgd/sim/engine/dynamics.hpp>
#include <lnsgd/sim/integrate.hpp>
#include <lnsgd/sim/problem.hpp>
#include <lnsgd/sim/record_schedule.hpp>
#include <sstream>

#include "example.hpp"

namespace example {
namespace {

using lnsgd::checks::format_number;

constexpr double confidence = 0.99;
constexpr double precision_needed = 0.05;  // the interval's half-width relative to the prediction, to decide

struct ensemble_run {
  std::vector<double> spread;            // per trajectory: mean of ||w - w_LS||^2 after burn-in
  std::vector<std::uint64_t> steps;      // record steps
  std::vector<double> mean_distance_sq;  // ensemble mean of ||w - w_LS||^2 at each record step
  Eigen::VectorXd lambda;                // eigenvalues of H = X^T X / n
};

// `trajectories` runs of full-batch label-noise GD through the engine's stepper (the same as lnsgd simulate's),
// each averaging ||w_t - theta*||^2 over t > burn_in.
ensemble_run run_ensemble(const linear_config& c, std::int64_t trajectories, std::uint64_t burn_in) {
  const auto data = make_linear_data<double>(c);
  const linear_regression<double> model(c.d);
  ensemble_run out;
  out.lambda = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(data.x_train.transpose() * data.x_train / double(c.n))
                   .eigenvalues();
  const auto steps = static_cast<std::uint64_t>(c.steps);
  out.steps = lnsgd::sim::record_steps(lnsgd::sim::spacing::log, 60, steps);
  std::vector<std::vector<double>> at_records(trajectories, std::vector<double>(out.steps.size()));
  out.spread.assign(trajectories, 0);
  std::vector<lnsgd::sim::integrate_result> results(trajectories);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < trajectories; ++k) {
    const lnsgd::sim::problem<linear_regression<double>> sys{
        model, data, lnsgd::sim::philox_noise(static_cast<std::uint64_t>(c.seed), std::uint64_t(k))};
    lnsgd::sim::vector_t<double> w;
    model.initialize(w, sys.noise);
    double sum = 0;
    std::size_t next = 0;
    results[k] = lnsgd::sim::with_engine_stepper(c, model, data, lnsgd::sim::squared_loss<double>{0.5}, [&](auto& s) {
      return lnsgd::sim::integrate_steps(s, sys, w, 0, steps, c.eta, [&](const auto& state, std::uint64_t t) {
        const double dist = (state - data.theta_star).squaredNorm();
        if (t > burn_in) sum += dist;
        if (next < out.steps.size() && out.steps[next] == t) at_records[k][next++] = dist;
      });
    });
    out.spread[k] = sum / double(steps - burn_in);
  }
  for (const auto& r : results)
    if (r.diverged) throw lnsgd::sim::diverged_run(r.diverged_step, r.reason);
  for (std::size_t j = 0; j < out.steps.size(); ++j) {
    double m = 0;
    for (const auto& row : at_records) m += row[j];
    out.mean_distance_sq.push_back(m / double(trajectories));
  }
  return out;
}

// The decision, for the prediction and for the control alike: holds if `predicted` lies in the interval of the
// measured mean, violated if outside, inconclusive if the interval is too wide to tell (> 5% of the prediction).
lnsgd::checks::status decide(const lnsgd::checks::mean_estimate& measured, double predicted) {
  using lnsgd::checks::status;
  const double half_width = (measured.ci.upper - measured.ci.lower) / 2;
  if (!(half_width <= precision_needed * predicted)) return status::inconclusive;
  return measured.ci.lower <= predicted && predicted <= measured.ci.upper ? status::holds : status::violated;
}

}  // namespace

lnsgd::checks::verdict check_stationary_spread(lnsgd::checks::profile p) {
  using namespace lnsgd::checks;
  const bool full = p == profile::full;
  linear_config c;
  c.eta = 0.6;
  c.steps = full ? 100000 : 20000;
  const std::int64_t trajectories = full ? 64 : 16;
  const std::uint64_t burn_in = 2000;
  const auto r = run_ensemble(c, trajectories, burn_in);

  // derived (README.md): tr S = (eta sigma^2 / n) sum_i 1 / (2 - eta lambda_i).
  double predicted = 0;
  for (const double l : r.lambda) predicted += 1 / (2 - c.eta * l);
  predicted *= c.eta * c.sigma * c.sigma / double(c.n);
  // The small-step (SDE) limit of the same covariance: eta sigma^2 d / (2n), the control.
  const double small_step = c.eta * c.sigma * c.sigma * double(c.d) / (2 * double(c.n));
  const auto measured = mean_interval(r.spread, confidence);

  verdict v;
  v.claim = "example-stationary-spread";
  v.inequality =
      "(eta sigma^2/n) sum_i 1/(2 - eta lambda_i) in the 99% t-interval of the mean over trajectories of "
      "the time-averaged ||w_t - w_LS||^2 (t > " +
      std::to_string(burn_in) + "), whose half-width is <= 5% of it";
  v.tested = "an identity: a closed form against an ensemble mean, at a finite step size";
  const double lambda_max = r.lambda.maxCoeff();
  apply_hypotheses(v, {{"eta lambda_max(H) < 2 (the recursion is stable: a stationary law exists)",
                        c.eta * lambda_max < 2, c.eta * lambda_max},
                       {"n >= d (w_LS = theta* is the unique minimiser)", c.n >= c.d, {{"n", c.n}, {"d", c.d}}}});
  v.result = decide(measured, predicted);
  v.evidence = {{"predicted", predicted},
                {"measured_mean", measured.mean},
                {"measured_ci", {measured.ci.lower, measured.ci.upper}},
                {"small_step_prediction", small_step},
                {"eta_lambda", {c.eta * r.lambda.minCoeff(), c.eta * lambda_max}},
                {"config",
                 {{"d", c.d},
                  {"n", c.n},
                  {"eta", c.eta},
                  {"sigma", c.sigma},
                  {"label_noise", c.label_noise},
                  {"steps", c.steps},
                  {"burn_in", burn_in},
                  {"trajectories", trajectories},
                  {"seed", c.seed},
                  {"dynamics", "label-noise GD (full batch)"}}}};
  v.margin = "measured / predicted = " + format_number(measured.mean / predicted, 4);
  v.confidence = "99% t-interval over " + std::to_string(trajectories) + " trajectories: [" +
                 format_number(measured.ci.lower, 4) + ", " + format_number(measured.ci.upper, 4) + "]";
  v.control = control_outcome{
      "the small-step limit eta sigma^2 d / (2n), which drops eta lambda_i, in place of the "
      "prediction",
      decide(measured, small_step) == status::violated,
      {{"prediction", small_step}}};

  data_table series("spread", "ensemble mean of ||w_t - w_LS||^2 at each record step",
                    {"step", "mean_distance_sq", "predicted", "small_step_prediction"});
  for (std::size_t j = 0; j < r.steps.size(); ++j)
    series.add({double(r.steps[j]), r.mean_distance_sq[j], predicted, small_step});
  v.tables.push_back(std::move(series));
  std::ostringstream log;
  log << "full-batch label-noise GD, d = " << c.d << ", n = " << c.n << ", eta = " << c.eta << ", sigma = " << c.sigma
      << ": E||w - w_LS||^2 measured " << measured.mean << " [" << measured.ci.lower << ", " << measured.ci.upper
      << "] (" << trajectories << " trajectories), predicted " << predicted << "; control (small-step limit) "
      << small_step << "\n";
  v.log = log.str();
  return v;
}

}  // namespace example
