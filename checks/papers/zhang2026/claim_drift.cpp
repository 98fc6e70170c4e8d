// Phase I mean field (derived for lnsgd, docs/derivations.md section 2): the expected one-step change of the balance,
//   E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2) - (sigma^2 + ||delta||^2) ||w_i||^2 - 2 (delta^T w_i)^2],
// and the geometric decay of mean ||w_i||^2 at about eta^2 (sigma^2 + ||delta||^2) per step that it implies while
// d a_i^2 << ||w_i||^2. Checked against the exact expectation over the training set and against ensembles of
// label-noise SGD.
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
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
constexpr int states = 8;  // comparisons at states 0..8 of a run, for each noise level of the next step
constexpr double rate_low = 0.75, rate_high = 1.25;  // the rate is "about": corrections of relative size d a_i^2/||w_i||^2

struct drift_comparison {
  double exact = 0, derived = 0;     // neuron means of E[Delta D_i]
  double se = 0;                     // the finite-n error of exact against the population: sd of its n terms / sqrt(n)
  double derived_without_cross = 0;  // the mutated formula (no -2 (delta^T w_i)^2 term): the control
};

// The z of a two-sided 95% family-wise bound over `tests` comparisons (Bonferroni, normal: the exact expectation is a
// mean of n >> 1 terms).
double family_z(int tests) {
  return boost::math::quantile(boost::math::complement(boost::math::normal(), 0.05 / (2.0 * tests)));
}

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
  // The neuron mean of each sample's term: the exact expectation is their average over the n samples.
  const Eigen::ArrayXd term = eta * eta / m * r2.array() *
                              (a.squaredNorm() * x2.array() - wx.array().square().rowwise().sum());
  out.exact = term.mean();
  out.se = std::sqrt((term - out.exact).square().sum() / (n - 1) / n);
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const double derived = theory::expected_balance_drift<double>(eta, sigma, double(data.d()), a[i],
                                                                  w.row(i).squaredNorm(), delta.squaredNorm(),
                                                                  delta.dot(w.row(i))) / m;
    out.derived += derived;
    out.derived_without_cross += derived + eta * eta * 2 * delta.dot(w.row(i)) * delta.dot(w.row(i)) / m;
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

// (a) The derived drift against the exact expectation at 9 states along one trajectory (label noise sigma), for the
// next step's noise level sigma and 1 (where the -2 (delta^T w_i)^2 term is a larger share); every comparison's
// difference in units of its finite-n error goes to `z_formula`, the mutated formula's to `z_mutated`.
data_table drift_along_run(const sim::synthetic_problem<double>& prob, double eta, double sigma, std::uint64_t window,
                           std::vector<double>& z_formula, std::vector<double>& z_mutated) {
  const auto& [data, model, seed] = prob;
  data_table drifts("drift", "neuron-mean E[Delta D_i]: exact over the training set and derived, at states of one run",
                    {"step", "next_sigma", "exact", "derived", "finite_n_error", "derived_without_cross"});
  auto theta = prob.initial_state(0);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<model_t> sgd(model, {1, false}, noise);
  const auto sys = prob.system(0);
  for (int s = 0; s <= states; ++s) {
    const std::uint64_t at = window * s / states;
    if (s > 0) {
      const std::uint64_t from = window * (s - 1) / states;
      sim::advance(sgd, sys, theta, from, at - from, eta);
    }
    for (double next : {sigma, 1.0}) {
      const auto c = compare_drift(model, data, theta, eta, next);
      drifts.add({double(at), next, c.exact, c.derived, c.se, c.derived_without_cross});
      z_formula.push_back(std::abs(c.derived - c.exact) / c.se);
      z_mutated.push_back(std::abs(c.derived_without_cross - c.exact) / c.se);
    }
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

  // (a) The derived drift against the exact expectation, at states along one trajectory, within z finite-n errors.
  std::vector<double> z_formula, z_mutated;
  auto drifts = drift_along_run(prob, eta, sigma, window, z_formula, z_mutated);
  const double z = family_z(int(z_formula.size()) + 1);
  const auto within = [z](const std::vector<double>& zs) {
    return std::all_of(zs.begin(), zs.end(), [z](double x) { return x <= z; });
  };
  const double worst = *std::max_element(z_formula.begin(), z_formula.end());
  // (a') The drift at the initial state against single-step SGD draws (a Monte Carlo estimate with its interval).
  const auto sampled = sampled_drift(prob, prob.initial_state(0), eta, sigma, full ? 40000 : 10000);
  const auto at_start = compare_drift(model, data, prob.initial_state(0), eta, sigma);
  const double half_width = (sampled.ci.upper - sampled.ci.lower) / 2;
  const bool sampled_ok = std::abs(at_start.derived - sampled.mean) <= z * at_start.se + half_width;
  // (b) The decay rate on an ensemble.
  const auto decay = run_decay(prob, eta, sigma, sigma, window, trajectories);

  verdict v;
  v.claim = "drift-mean-field";
  v.inequality = "|derived E[Delta D] - exact E[Delta D]| <= z se at every sampled state and for the next step's "
                 "noise sigma and 1 (neuron means; se the finite-n error of the training-set average, z the "
                 "Bonferroni 95% normal quantile over the comparisons); at the start, |derived - mean of single-step "
                 "SGD draws| <= z se + the draws' 95% half-width; and the 95% interval of (measured decay rate of mean "
                 "||w_i||^2) / (eta^2 (sigma^2 + mean ||delta||^2)) lies in [0.75, 1.25]";
  v.tested = "the derived Phase I drift (docs/derivations.md section 2) against the exact expectation over the training set, and the "
             "decay rate it implies against label-noise SGD ensembles";
  v.where = regime::in_regime;
  const bool drift_ok = within(z_formula) && sampled_ok;
  const bool rate_ok = decay.ratio.ci.lower >= rate_low && decay.ratio.ci.upper <= rate_high;
  v.result = drift_ok && rate_ok ? status::holds : status::violated;
  v.evidence = {{"max_difference_in_finite_n_errors", worst},
                {"z", z},
                {"mutated_formula_max_difference_in_finite_n_errors",
                 *std::max_element(z_mutated.begin(), z_mutated.end())},
                {"sampled_drift_at_start", {{"mean", sampled.mean}, {"ci95", {sampled.ci.lower, sampled.ci.upper}},
                                            {"draws", sampled.samples}, {"derived", at_start.derived},
                                            {"exact", at_start.exact}}},
                {"decay_rate_ratio", {{"mean", decay.ratio.mean}, {"ci95", {decay.ratio.ci.lower, decay.ratio.ci.upper}}}},
                {"window_steps", window},
                {"trajectories", trajectories},
                {"bounds", {{"drift_z", z}, {"rate", {rate_low, rate_high}}}},
                {"config", {{"m", m}, {"d", d}, {"n", n}, {"eta", eta}, {"sigma", sigma}, {"B", 1}, {"seed", 1}}}};
  // Controls, through the same criteria: the formula without its -2 (delta^T w_i)^2 term must leave the finite-n
  // band somewhere; vanilla SGD measured against the label-noise prediction must miss the rate.
  const auto control = run_decay(prob, eta, 0, sigma, window, std::max<std::uint64_t>(4, trajectories / 4));
  const bool rate_flagged = !(control.ratio.ci.lower >= rate_low && control.ratio.ci.upper <= rate_high);
  v.control = control_outcome{
      "the derived drift without its -2 (delta^T w_i)^2 term (the same band), and vanilla SGD (sigma = 0) against the "
      "sigma = 4 rate",
      !within(z_mutated) && rate_flagged,
      {{"mutated_formula_max_difference_in_finite_n_errors", *std::max_element(z_mutated.begin(), z_mutated.end())},
       {"decay_rate_ratio", control.ratio.mean}}};
  data_table curve("decay", "ensemble mean of mean_i ||w_i||^2 and the predicted geometric decay",
                   {"step", "mean_w_norm2", "predicted", "control_mean_w_norm2"});
  for (std::size_t k = 0; k < decay.steps.size(); ++k)
    curve.add({decay.steps[k], decay.mean_w_norm2[k], decay.predicted_curve[k], control.mean_w_norm2[k]});
  v.tables = {std::move(drifts), std::move(curve)};
  v.margin = "drift within " + format_number(worst, 2) + " finite-n errors of exact (z = " + format_number(z, 3) +
             "); decay rate " + format_number(decay.ratio.mean) + "x the prediction";
  v.confidence = "exact expectations (deterministic); rate: 95% t-interval [" + format_number(decay.ratio.ci.lower) +
                 ", " + format_number(decay.ratio.ci.upper) + "] over " + std::to_string(trajectories) + " runs";
  std::ostringstream log;
  log << "derived vs exact E[Delta D] over 9 states x 2 noise levels: largest difference " << worst
      << " finite-n errors (z = " << z << "); without the (delta^T w)^2 term "
      << *std::max_element(z_mutated.begin(), z_mutated.end()) << "\n"
      << "at the start: derived " << at_start.derived << ", exact " << at_start.exact << ", " << sampled.samples
      << " SGD draws " << sampled.mean << " [" << sampled.ci.lower << ", " << sampled.ci.upper << "]\n"
      << "decay rate / eta^2 (sigma^2 + mean ||delta||^2): " << decay.ratio.mean << " [" << decay.ratio.ci.lower << ", "
      << decay.ratio.ci.upper << "] over " << window << " steps\ncontrol (sigma = 0): ratio " << control.ratio.mean
      << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
