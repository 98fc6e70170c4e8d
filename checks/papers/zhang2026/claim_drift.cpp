// Phase I mean field (derived for lnsgd, docs/derivations.md section 2): the expected one-step change of the balance,
//   E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2) - (sigma^2 + ||delta||^2) ||w_i||^2 - 2 (delta^T w_i)^2],
// and the geometric decay of mean ||w_i||^2 at about eta^2 (sigma^2 + ||delta||^2) per step that it implies while
// d a_i^2 << ||w_i||^2. Checked against the exact expectation over the training set and against ensembles of
// label-noise SGD.
#include <cmath>
#include <sstream>

#include "lnsgd/sim/integrate.hpp"
#include "checks.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/zhang2026/drift.hpp"

namespace lnsgd::checks {
namespace {

using model_t = sim::two_layer_linear<double>;
constexpr double drift_band = 0.05;  // derived (population) vs exact (n samples) drift: finite-n allowance
constexpr double rate_low = 0.75, rate_high = 1.25;  // the rate is "about": corrections of relative size d a_i^2/||w_i||^2

struct drift_comparison {
  double exact = 0, derived = 0;  // neuron means of E[Delta D_i]
};

// The exact E[Delta D_i] of one batch-1 step at theta (uniform sample, eps = +-sigma; derived from docs/derivations.md section 1:
// Delta D_i = eta^2 r^2 (a_i^2 ||x||^2 - (w_i^T x)^2) with r = f - y - eps, so E r^2 = (f - y)^2 + sigma^2), and
// the derived Gaussian-population formula, both averaged over neurons.
drift_comparison compare_drift(const model_t& model, const sim::regression_data<double>& data,
                               const sim::vector_t<double>& theta, double eta, double sigma) {
  const auto w = model.first_layer(theta);
  const auto a = model.second_layer(theta);
  sim::vector_t<double> e2e;
  model.end_to_end(theta, e2e);
  const sim::vector_t<double> delta = e2e - data.theta_star;
  const sim::vector_t<double> r2 = (data.x_train * e2e - data.y_train).array().square() + sigma * sigma;
  const sim::rows_t<double> wx = data.x_train * w.transpose();  // n x m
  const sim::vector_t<double> x2 = data.x_train.rowwise().squaredNorm();
  const double n = double(data.n()), m = double(model.width());
  drift_comparison out;
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const double e = (r2.array() * (a[i] * a[i] * x2.array() - wx.col(i).array().square())).sum();
    out.exact += eta * eta * e / n / m;
    out.derived += theory::expected_balance_drift<double>(eta, sigma, double(data.d()), a[i], w.row(i).squaredNorm(),
                                                          delta.squaredNorm(), delta.dot(w.row(i))) / m;
  }
  return out;
}

// The same neuron-mean E[Delta D_i] at theta, estimated from `draws` independent single steps of label-noise SGD
// (the stepper's own draws at step indices 0 .. draws-1), with a 95% interval.
mean_estimate sampled_drift(const sim::synthetic_problem<double>& prob, const sim::vector_t<double>& theta, double eta,
                            double sigma, std::uint64_t draws) {
  const auto& model = prob.model;
  const auto sys = prob.system(0);
  const auto balance = [&](const sim::vector_t<double>& th) {
    return (model.first_layer(th).rowwise().squaredNorm() - model.second_layer(th).cwiseAbs2()).mean();
  };
  const double before = balance(theta);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<model_t> sgd(model, {1, false}, noise);
  std::vector<double> changes;
  for (std::uint64_t t = 0; t < draws; ++t) {
    auto th = theta;
    sgd.reset();
    sim::advance(sgd, sys, th, t, 1, eta);
    changes.push_back(balance(th) - before);
  }
  return mean_interval(changes);
}

struct decay_result {
  mean_estimate ratio;  // measured rate / predicted rate, over trajectories
  std::vector<double> steps, mean_w_norm2, predicted_curve;  // ensemble means, for the figure
};

// Ensembles from one initialisation: the decay rate of mean ||w_i||^2 over [0, window] (least squares on its log),
// against eta^2 (sigma_pred^2 + mean ||delta||^2 over the window) of the same trajectory.
decay_result run_decay(const sim::synthetic_problem<double>& prob, double eta, double sigma, double sigma_pred,
                       std::uint64_t window, std::uint64_t trajectories) {
  const auto& [data, model, seed] = prob;
  constexpr std::uint64_t records = 40;
  std::vector<double> ratios(trajectories);
  std::vector<std::vector<double>> curves(trajectories);
  std::vector<double> predicted_rate(trajectories);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(trajectories); ++k) {
    const auto sys = prob.system(static_cast<std::uint64_t>(k));
    auto theta = prob.initial_state(0);
    sim::label_noise<double> noise;
    noise.sigma = sigma;
    sim::label_noise_sgd<model_t> sgd(model, {1, false}, noise);
    std::vector<double> t, logw;
    double delta2 = 0;
    std::uint64_t step = 0;
    for (std::uint64_t r = 0; r <= records; ++r) {
      const std::uint64_t end = window * r / records;
      sim::advance(sgd, sys, theta, step, end - step, eta);
      step = end;
      sim::vector_t<double> e2e;
      model.end_to_end(theta, e2e);
      delta2 += (e2e - data.theta_star).squaredNorm() / double(records + 1);
      const double w2 = model.first_layer(theta).rowwise().squaredNorm().mean();
      t.push_back(double(step));
      logw.push_back(std::log(w2));
      curves[k].push_back(w2);
    }
    predicted_rate[k] = theory::shrinkage_rate(eta, sigma_pred, delta2);
    ratios[k] = -fit_line(t, logw).slope / predicted_rate[k];
  }
  decay_result out;
  out.ratio = mean_interval(ratios);
  double mean_rate = 0;
  for (double r : predicted_rate) mean_rate += r / double(trajectories);
  for (std::uint64_t r = 0; r <= records; ++r) {
    double mean = 0;
    for (const auto& c : curves) mean += c[r] / double(trajectories);
    out.steps.push_back(double(window * r / records));
    out.mean_w_norm2.push_back(mean);
    out.predicted_curve.push_back(curves.front().front() * std::exp(-mean_rate * double(window * r / records)));
  }
  return out;
}

// (a) The derived drift against the exact expectation at 9 states along one trajectory; `worst` is the largest
// relative difference.
data_table drift_along_run(const sim::synthetic_problem<double>& prob, double eta, double sigma, std::uint64_t window,
                           double& worst) {
  const auto& [data, model, seed] = prob;
  data_table drifts("drift", "neuron-mean E[Delta D_i]: exact over the training set and derived, at states of one run",
                    {"step", "exact", "derived"});
  auto theta = prob.initial_state(0);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<model_t> sgd(model, {1, false}, noise);
  const auto sys = prob.system(0);
  constexpr int states = 8;
  for (int s = 0; s <= states; ++s) {
    const std::uint64_t at = window * s / states;
    if (s > 0) {
      const std::uint64_t from = window * (s - 1) / states;
      sim::advance(sgd, sys, theta, from, at - from, eta);
    }
    const auto c = compare_drift(model, data, theta, eta, sigma);
    drifts.add({double(at), c.exact, c.derived});
    worst = std::max(worst, std::abs(c.derived / c.exact - 1));
  }
  return drifts;
}

}  // namespace

verdict check_drift(profile p) {
  const bool full = p == profile::full;
  const std::int64_t m = full ? 500 : 200, d = 10, n = 5000;
  const double eta = 2e-3, sigma = 4;
  const std::uint64_t trajectories = full ? 32 : 8;
  const sim::synthetic_problem<double> prob(m, d, n, 10, 1);
  const auto& [data, model, seed] = prob;
  // Window: about a 25% fall of mean ||w_i||^2 at the predicted rate with ||delta||^2 ~ sigma^2.
  const auto window = static_cast<std::uint64_t>(0.3 / theory::shrinkage_rate(eta, sigma, sigma * sigma));

  // (a) The derived drift against the exact expectation, at states along one trajectory.
  double worst = 0;
  auto drifts = drift_along_run(prob, eta, sigma, window, worst);
  // (a') The drift at the initial state against single-step SGD draws (a Monte Carlo estimate with its interval).
  const auto sampled = sampled_drift(prob, prob.initial_state(0), eta, sigma, full ? 40000 : 10000);
  const auto at_start = compare_drift(model, data, prob.initial_state(0), eta, sigma);
  const double half_width = (sampled.ci.upper - sampled.ci.lower) / 2;
  const bool sampled_ok = std::abs(at_start.derived - sampled.mean) <= drift_band * std::abs(at_start.exact) + half_width;
  // (b) The decay rate on an ensemble.
  const auto decay = run_decay(prob, eta, sigma, sigma, window, trajectories);

  verdict v;
  v.claim = "drift-mean-field";
  v.inequality = "|derived E[Delta D] / exact E[Delta D] - 1| <= 0.05 at every sampled state (neuron means); at the "
                 "start, |derived - mean of single-step SGD draws| <= 0.05 |exact| + the draws' 95% half-width; and the 95% "
                 "interval of (measured decay rate of mean ||w_i||^2) / (eta^2 (sigma^2 + mean ||delta||^2)) lies in "
                 "[0.75, 1.25]";
  v.tested = "the derived Phase I drift (docs/derivations.md section 2) against the exact expectation over the training set, and the "
             "decay rate it implies against label-noise SGD ensembles";
  v.where = regime::in_regime;
  const bool drift_ok = worst <= drift_band && sampled_ok;
  const bool rate_ok = decay.ratio.ci.lower >= rate_low && decay.ratio.ci.upper <= rate_high;
  v.result = drift_ok && rate_ok ? status::holds : status::violated;
  v.evidence = {{"max_relative_drift_difference", worst},
                {"sampled_drift_at_start", {{"mean", sampled.mean}, {"ci95", {sampled.ci.lower, sampled.ci.upper}},
                                            {"draws", sampled.samples}, {"derived", at_start.derived},
                                            {"exact", at_start.exact}}},
                {"decay_rate_ratio", {{"mean", decay.ratio.mean}, {"ci95", {decay.ratio.ci.lower, decay.ratio.ci.upper}}}},
                {"window_steps", window},
                {"trajectories", trajectories},
                {"bounds", {{"drift", drift_band}, {"rate", {rate_low, rate_high}}}},
                {"config", {{"m", m}, {"d", d}, {"n", n}, {"eta", eta}, {"sigma", sigma}, {"B", 1}, {"seed", 1}}}};
  // Control: vanilla SGD measured against the label-noise prediction: its weights do not shrink at that rate.
  const auto control = run_decay(prob, eta, 0, sigma, window, std::max<std::uint64_t>(4, trajectories / 4));
  v.control = control_outcome{"vanilla SGD (sigma = 0) against the sigma = 4 prediction",
                              !(control.ratio.ci.lower >= rate_low && control.ratio.ci.upper <= rate_high),
                              {{"decay_rate_ratio", control.ratio.mean}}};
  data_table curve("decay", "ensemble mean of mean_i ||w_i||^2 and the predicted geometric decay",
                   {"step", "mean_w_norm2", "predicted", "control_mean_w_norm2"});
  for (std::size_t k = 0; k < decay.steps.size(); ++k)
    curve.add({decay.steps[k], decay.mean_w_norm2[k], decay.predicted_curve[k], control.mean_w_norm2[k]});
  v.tables = {std::move(drifts), std::move(curve)};
  v.margin = "drift within " + format_number(100 * worst, 2) + "% of exact; decay rate " +
             format_number(decay.ratio.mean) + "x the prediction";
  v.confidence = "exact expectations (deterministic); rate: 95% t-interval [" + format_number(decay.ratio.ci.lower) +
                 ", " + format_number(decay.ratio.ci.upper) + "] over " + std::to_string(trajectories) + " runs";
  std::ostringstream log;
  log << "derived vs exact E[Delta D] over 9 states: largest relative difference " << worst << "\n"
      << "at the start: derived " << at_start.derived << ", exact " << at_start.exact << ", " << sampled.samples
      << " SGD draws " << sampled.mean << " [" << sampled.ci.lower << ", " << sampled.ci.upper << "]\n"
      << "decay rate / eta^2 (sigma^2 + mean ||delta||^2): " << decay.ratio.mean << " [" << decay.ratio.ci.lower << ", "
      << decay.ratio.ci.upper << "] over " << window << " steps\ncontrol (sigma = 0): ratio " << control.ratio.mean
      << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
