// The Phase I -> Phase II bridge (Zhang et al. 2026): Lemma 4.5 starts Phase II from every ||w_i||, |a_i| <=
// sqrt(eta). Does label-noise SGD's own Phase I get there? Measured, free of any definition of when Phase I ends,
// as the nearest the run comes to that start before Phase II is under way (the phase detector's Phase II start):
// the record where max_i max(||w_i||, |a_i|) / sqrt(eta) is least, over seeds and widths, at the synthetic setup
// and nearest the regime (||theta*|| just inside m^(-1/4) for A4, n >= 1/eta^2 for A3: every assumption but A2 and
// A6); then Lemmas 4.5 and 4.6 run by GD from that very state.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "alignment.hpp"
#include "checks.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/zhang2026/phase_two.hpp"
#include "phase_detector.hpp"

namespace lnsgd::checks {
namespace {

struct bridge_setup {
  std::int64_t d = 10, n = 100;
  double eta = 2e-3, sigma = 4;
  std::uint64_t steps = 1000000;  // 4x the phases-sgd quick budget: the start radius has levelled off by then
  double start_scale = 0;         // > 0: both layers scaled at the start to a radius start_scale sqrt(eta)
};

struct bridge_run {
  std::int64_t m = 0, n = 0;
  double theta_star_norm = 1;
  std::uint64_t trajectory = 0, nearest_step = 0;  // the record nearest Lemma 4.5's start
  std::int64_t phase_two_start = -1;               // the record where mean |cos| got halfway to 1 (-1: never)
  double cos_there = 0;                            // mean |cos(w_i, theta*)| at the nearest record
  bool diverged = false, still_shrinking = false;
  std::vector<double> w_ratio, a_ratio;     // ||w_i|| / sqrt(eta) and |a_i| / sqrt(eta) there, every neuron
  double deficit_t2 = NAN, error_t3 = NAN;  // Lemma 4.5 (flow reading of T2) and 4.6 by GD from that state (NaN:
                                            // not run, n too large for full-batch GD here)
  double max_x_norm = 0;
  double max_w() const { return *std::max_element(w_ratio.begin(), w_ratio.end()); }
  double max_a() const { return *std::max_element(a_ratio.begin(), a_ratio.end()); }
  double fraction_within() const {
    std::size_t k = 0;
    for (std::size_t i = 0; i < w_ratio.size(); ++i) k += w_ratio[i] <= 1 && a_ratio[i] <= 1;
    return double(k) / double(w_ratio.size());
  }
};

// GD (no label noise) from the nearest state for T2 (flow reading: T2/eta steps), then on to t3 (Lemma 4.6).
void run_phase_two_from(const sim::synthetic_problem<double>& prob, sim::vector_t<double> theta, double eta,
                        bridge_run& out) {
  const double star = prob.data.theta_star.norm();
  sim::label_noise_sgd<sim::two_layer_linear<double>> gd(prob.model, {1, true}, {});
  const auto sys = prob.system(out.trajectory);
  const auto t2 = static_cast<std::uint64_t>(std::ceil(theory::alignment_time_steps(eta, star)));
  const auto t3 = t2 + static_cast<std::uint64_t>(std::ceil(theory::convergence_time_steps(eta, star)));
  const auto none = [](const auto&, std::uint64_t) {};
  if (sim::integrate_steps(gd, sys, theta, 0, t2, eta, none).diverged) return;
  out.deficit_t2 = cosine_deficit(prob.model, theta, prob.data.theta_star, 0);
  if (sim::integrate_steps(gd, sys, theta, t2, t3 - t2, eta, none).diverged) return;
  sim::vector_t<double> e2e;
  prob.model.end_to_end(theta, e2e);
  out.error_t3 = (e2e - prob.data.theta_star).norm();
}

// max_i max(||w_i||, |a_i|): the radius Lemma 4.5's start bounds by sqrt(eta).
double start_radius(const sim::two_layer_linear<double>& model, const sim::vector_t<double>& theta) {
  return std::max(model.first_layer(theta).rowwise().norm().maxCoeff(),
                  model.second_layer(theta).cwiseAbs().maxCoeff());
}

// Label-noise SGD recorded at log-spaced steps until Phase II starts or the budget ends; the state at the record of
// least start radius is kept (the nearest the run comes to Lemma 4.5's start).
bridge_run run_bridge(const bridge_setup& s, std::int64_t m, std::int64_t n, std::uint64_t trajectory, double sigma,
                      double theta_star_norm) {
  const sim::synthetic_problem<double> prob(m, s.d, n, 10, 1, theta_star_norm);
  const auto& star = prob.data.theta_star;
  const auto sys = prob.system(trajectory);
  auto theta = prob.initial_state(trajectory);
  if (s.start_scale > 0)
    theta *= s.start_scale * theory::phase_two_start_radius(s.eta) / start_radius(prob.model, theta);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<sim::two_layer_linear<double>> sgd(prob.model, {1, false}, noise);
  bridge_run out;
  out.m = m;
  out.n = n;
  out.theta_star_norm = theta_star_norm;
  out.trajectory = trajectory;
  out.max_x_norm = prob.data.x_train.rowwise().norm().maxCoeff();
  sim::vector_t<double> nearest = theta;
  double least = start_radius(prob.model, theta), at_half = least;
  const auto mean_abs_cos = [&](const sim::vector_t<double>& th) { return 1 - cosine_deficit(prob.model, th, star, 0, true); };
  out.cos_there = mean_abs_cos(theta);
  const double halfway = phase_two_threshold(out.cos_there);
  const auto steps = sim::record_steps(sim::spacing::log, 200, s.steps);
  for (std::size_t k = 1; k < steps.size() && !out.diverged && out.phase_two_start < 0; ++k) {
    out.diverged = sim::integrate_steps(sgd, sys, theta, steps[k - 1], steps[k] - steps[k - 1], s.eta,
                                        [](const auto&, std::uint64_t) {})
                       .diverged;
    const double radius = start_radius(prob.model, theta);
    if (steps[k] <= s.steps / 2) at_half = radius;
    const double cos = mean_abs_cos(theta);
    if (radius < least) {
      least = radius;
      nearest = theta;
      out.nearest_step = steps[k];
      out.cos_there = cos;
    }
    if (cos >= halfway) out.phase_two_start = static_cast<std::int64_t>(steps[k]);
  }
  // Still on its way: no Phase II start, the least radius in the last tenth of the run, >10% below mid-run's.
  out.still_shrinking = out.phase_two_start < 0 && out.nearest_step >= s.steps - s.steps / 10 && least < 0.9 * at_half;
  const double r = theory::phase_two_start_radius(s.eta);
  const auto w = prob.model.first_layer(nearest);
  const auto a = prob.model.second_layer(nearest);
  for (Eigen::Index i = 0; i < m; ++i) {
    out.w_ratio.push_back(w.row(i).norm() / r);
    out.a_ratio.push_back(std::abs(a[i]) / r);
  }
  constexpr std::int64_t gd_sample_limit = 20000;  // full-batch GD costs O(n d) a step: skipped beyond
  if (!out.diverged && n <= gd_sample_limit) run_phase_two_from(prob, nearest, s.eta, out);
  return out;
}

// One run's decision: every neuron within sqrt(eta) at the nearest record holds; above it violated; a diverged
// run, or one whose radius was still falling at the budget, is inconclusive.
status run_decision(const bridge_run& r) {
  if (r.diverged || r.w_ratio.empty()) return status::inconclusive;
  if (std::max(r.max_w(), r.max_a()) <= 1) return status::holds;
  return r.still_shrinking ? status::inconclusive : status::violated;
}

// Every run holds: holds; every run violated: violated; otherwise inconclusive (claim and control alike).
status ensemble_decision(const std::vector<bridge_run>& runs) {
  std::size_t holds = 0, violated = 0;
  for (const auto& r : runs) {
    const auto d = run_decision(r);
    holds += d == status::holds;
    violated += d == status::violated;
  }
  return holds == runs.size() ? status::holds : (violated == runs.size() ? status::violated : status::inconclusive);
}

// Every width x seed at the synthetic setup and, if near, also nearest the regime (A3 and A4 met).
std::vector<bridge_run> run_ensemble(const bridge_setup& s, const std::vector<std::int64_t>& widths,
                                     std::uint64_t seeds, double sigma, bool near) {
  const std::size_t arms = near ? 2 : 1, per_arm = widths.size() * seeds;
  std::vector<bridge_run> runs(arms * per_arm);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(runs.size()); ++k) {
    const std::size_t j = std::size_t(k) % per_arm;
    const auto m = widths[j / seeds];
    const bool synthetic = std::size_t(k) < per_arm;
    runs[k] = run_bridge(s, m, synthetic ? s.n : a3_samples(s.eta), std::uint64_t(j % seeds), sigma,
                         synthetic ? 1.0 : a4_theta_star_norm(double(m)));
  }
  return runs;
}

nlohmann::json run_json(const bridge_run& r, double eta) {
  auto number = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  return {{"m", r.m},
          {"n", r.n},
          {"theta_star_norm", r.theta_star_norm},
          {"trajectory", r.trajectory},
          {"nearest_step", r.nearest_step},
          {"phase_two_start", r.phase_two_start},
          {"mean_abs_cos_there", r.cos_there},
          {"still_shrinking", r.still_shrinking},
          {"diverged", r.diverged},
          {"max_w_norm_over_sqrt_eta", r.max_w()},
          {"max_abs_a_over_sqrt_eta", r.max_a()},
          {"fraction_within_sqrt_eta", r.fraction_within()},
          {"decision", to_string(run_decision(r))},
          {"lemma4.5_deficit_at_T2", number(r.deficit_t2)},
          {"lemma4.5_deficit_over_scale", number(r.deficit_t2 / theory::alignment_deficit_scale(eta))},
          {"lemma4.6_error_at_t3", number(r.error_t3)},
          {"lemma4.6_error_over_scale", number(r.error_t3 / theory::convergence_error_scale(eta))}};
}

}  // namespace

namespace {

// Per width and ||theta*||: the 95% t-interval over seeds of max_i ||w_i|| / sqrt(eta) and max_i |a_i| / sqrt(eta)
// at the nearest record, and of Lemma 4.5's and 4.6's ratios to their O(.) scales from that state.
nlohmann::json width_summary(const std::vector<bridge_run>& runs, double eta) {
  std::vector<std::pair<std::int64_t, double>> groups;
  for (const auto& r : runs)
    if (std::find(groups.begin(), groups.end(), std::pair{r.m, r.theta_star_norm}) == groups.end())
      groups.emplace_back(r.m, r.theta_star_norm);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [m, star] : groups) {
    std::int64_t n = 0;
    std::vector<double> w, a, deficit, error;
    for (const auto& r : runs) {
      if (r.m != m || r.theta_star_norm != star || r.diverged) continue;
      n = r.n;
      w.push_back(r.max_w());
      a.push_back(r.max_a());
      if (!std::isfinite(r.deficit_t2)) continue;
      deficit.push_back(r.deficit_t2 / theory::alignment_deficit_scale(eta));
      error.push_back(r.error_t3 / theory::convergence_error_scale(eta));
    }
    auto ci = [](const std::vector<double>& x) {
      if (x.size() < 2) return nlohmann::json(nullptr);
      const auto e = mean_interval(x);
      return nlohmann::json{{"mean", e.mean}, {"ci95", {e.ci.lower, e.ci.upper}}, {"seeds", e.samples}};
    };
    out.push_back({{"m", m},
                   {"n", n},
                   {"theta_star_norm", star},
                   {"max_w_norm_over_sqrt_eta", ci(w)},
                   {"max_abs_a_over_sqrt_eta", ci(a)},
                   {"lemma4.5_deficit_over_scale", ci(deficit)},
                   {"lemma4.6_error_over_scale", ci(error)}});
  }
  return out;
}

data_table neuron_table(const std::vector<bridge_run>& runs) {
  data_table t("neurons", "every neuron at the record nearest Lemma 4.5's start, in units of sqrt(eta)",
               {"m", "theta_star_norm", "trajectory", "neuron", "w_norm_over_sqrt_eta", "abs_a_over_sqrt_eta"});
  for (const auto& r : runs)
    for (std::size_t i = 0; i < r.w_ratio.size(); ++i)
      t.add({double(r.m), r.theta_star_norm, double(r.trajectory), double(i), r.w_ratio[i], r.a_ratio[i]});
  return t;
}

// One line per width and arm: the means over seeds, or "not run".
std::string width_log(const nlohmann::json& widths) {
  std::ostringstream log;
  for (const auto& w : widths) {
    auto mean = [&](const char* key) {
      return w[key].is_null() ? std::string("not run") : format_number(w[key]["mean"].get<double>());
    };
    log << "m = " << w["m"] << ", n = " << w["n"] << ", ||theta*|| = " << w["theta_star_norm"].get<double>()
        << ": max ||w_i||/sqrt(eta) " << mean("max_w_norm_over_sqrt_eta") << ", max |a_i|/sqrt(eta) "
        << mean("max_abs_a_over_sqrt_eta") << " (means over seeds); from there GD: Lemma 4.5 deficit / scale "
        << mean("lemma4.5_deficit_over_scale") << ", Lemma 4.6 error / scale " << mean("lemma4.6_error_over_scale")
        << "\n";
  }
  return log.str();
}

}  // namespace

verdict check_bridge(profile p) {
  const bool full = p == profile::full;
  bridge_setup s;
  if (full) {
    s.eta = 1e-3;
    s.steps = 1500000;  // the phases-sgd full budget
  }
  const auto widths = full ? std::vector<std::int64_t>{50, 100, 200, 400} : std::vector<std::int64_t>{50, 100};
  const std::uint64_t seeds = full ? 8 : 3;
  const auto runs = run_ensemble(s, widths, seeds, s.sigma, true);
  verdict v;
  v.claim = "phase-bridge";
  v.inequality =
      "in every run, at some record before Phase II starts (mean |cos(w_i, theta*)| halfway from its start "
      "to 1), max_i ||w_i|| <= sqrt(eta) and max_i |a_i| <= sqrt(eta) (holds); the least max_i "
      "max(||w_i||, |a_i|) there above sqrt(eta) in every run: violated";
  v.tested =
      "whether label-noise SGD itself reaches the start Lemma 4.5 assumes (the text before Lemma 4.5), over "
      "seeds and widths, at the synthetic setup (||theta*|| = 1, n = 100) and nearest the regime (||theta*|| = "
      "0.999 m^(-1/4), n = 1/eta^2: every assumption but A2 and the unknowable A6); Lemmas 4.5 and 4.6 are then "
      "run by GD from the nearest state and reported (not judged; not run at n = 1/eta^2)";
  std::vector<parameter_set> configs;
  for (auto m : widths)
    for (double star : {1.0, a4_theta_star_norm(double(m))})
      configs.push_back(synthetic_parameters(m, s.d, star == 1.0 ? s.n : a3_samples(s.eta), s.eta, s.sigma, star));
  apply_condition1(v, configs);
  v.result = ensemble_decision(runs);
  // The arm nearest the regime on its own: every assumption but A2 (and A6) holds at its first width.
  const std::vector<bridge_run> near(runs.begin() + std::ptrdiff_t(runs.size() / 2), runs.end());
  nlohmann::json near_runs = nlohmann::json::array();
  for (const auto& r : near) near_runs.push_back(run_json(r, s.eta));
  const auto m0 = widths.front();
  nlohmann::json per_run = nlohmann::json::array();
  for (const auto& r : runs) per_run.push_back(run_json(r, s.eta));
  v.evidence = {{"runs", per_run},
                {"widths", width_summary(runs, s.eta)},
                {"sqrt_eta", std::sqrt(s.eta)},
                {"config",
                 {{"d", s.d},
                  {"n", s.n},
                  {"eta", s.eta},
                  {"sigma", s.sigma},
                  {"B", 1},
                  {"steps", s.steps},
                  {"widths", widths},
                  {"seeds", seeds},
                  {"data_seed", 1}}}};
  v.evidence["nearest_regime"] = nearest_regime_json(
      v.claim, synthetic_parameters(m0, s.d, a3_samples(s.eta), s.eta, s.sigma, a4_theta_star_norm(double(m0))),
      ensemble_decision(near), near_runs);
  v.tables.push_back(neuron_table(runs));
  double worst = 0, least_within = 1;
  for (const auto& r : runs) {
    worst = std::max({worst, r.max_w(), r.max_a()});
    least_within = std::min(least_within, r.fraction_within());
  }
  v.margin = "least start radius max(||w_i||, |a_i|) / sqrt(eta) reached: up to " + format_number(worst) +
             " (1 = Lemma 4.5's start); least fraction of neurons within sqrt(eta) " + format_number(least_within);
  v.confidence = std::to_string(runs.size()) + " runs (" + std::to_string(seeds) + " seeds x " +
                 std::to_string(widths.size()) + " widths), each judged; 95% t-intervals over seeds per width";
  // Control: vanilla SGD (sigma = 0) from the same starts: no Phase I, so the same decision must call it violated.
  const auto control = run_ensemble(s, {widths.front()}, seeds, 0, false);
  nlohmann::json control_runs = nlohmann::json::array();
  for (const auto& r : control) control_runs.push_back(run_json(r, s.eta));
  v.control = control_outcome{"vanilla SGD (sigma = 0) from the same starts at m = " + std::to_string(widths.front()),
                              ensemble_decision(control) == status::violated,
                              {{"runs", control_runs}}};
  std::ostringstream log;
  log << width_log(v.evidence["widths"]);
  // The decision's other path: the same runs started inside sqrt(eta) (a Phase II start) must be judged holds.
  auto inside = s;
  inside.start_scale = 0.5;
  inside.steps = 20000;
  const auto started_inside = ensemble_decision(run_ensemble(inside, {widths.front()}, seeds, s.sigma, false));
  v.evidence["started_inside_sqrt_eta_decision"] = to_string(started_inside);
  log << "control (sigma = 0): " << to_string(ensemble_decision(control))
      << "; started inside sqrt(eta)/2: " << to_string(started_inside) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
