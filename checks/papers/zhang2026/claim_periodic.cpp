// Periodic label noise (the paper's README experiment): mean ||w_i||^2 falls while the noise is on and is flat
// while it is off.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "two_layer_series.hpp"

namespace lnsgd::checks {
namespace {

struct window_changes {
  std::vector<double> on, off;  // relative change of mean ||w_i||^2 over each window
  two_layer_series record;              // every window / 25 steps
};

window_changes run_windows(std::int64_t m, std::int64_t d, std::int64_t n, double eta, double sigma,
                           std::uint64_t window, int periods, bool periodic, std::uint64_t trajectory = 0) {
  using namespace sim;
  const synthetic_problem<double> prob(m, d, n, 100, 1);
  const auto sys = prob.system(trajectory);
  const auto theta = prob.initial_state(trajectory);
  label_noise<double> noise;
  noise.sigma = sigma;
  if (periodic) noise.schedule = {noise_schedule::kind::periodic, window, window};
  label_noise_sgd<two_layer_linear<double>> stepper(prob.model, {1, false}, noise);
  constexpr std::uint64_t per_window = 25;
  std::vector<std::uint64_t> steps;
  for (std::uint64_t k = 0; k <= 2 * std::uint64_t(periods) * per_window; ++k) steps.push_back(k * window / per_window);
  window_changes out;
  out.record = record_series(sys, theta, stepper, eta, sigma, true, steps);
  const auto w2 = out.record.column("mean_w_norm2");
  for (std::size_t k = 0; k + per_window < w2.size(); k += per_window)
    ((k / per_window) % 2 == 0 ? out.on : out.off).push_back(w2[k + per_window] / w2[k] - 1);
  return out;
}

double max_abs(const std::vector<double>& v) {
  double r = 0;
  for (double x : v) r = std::max(r, std::abs(x));
  return r;
}

// Every on window falls, and every off window changes by at most a quarter of the smallest on-window fall.
bool falls_on_flat_off(const window_changes& w) {
  const double max_on = *std::max_element(w.on.begin(), w.on.end());
  return max_on < 0 && max_abs(w.off) <= 0.25 * std::abs(max_on);
}

constexpr int ensemble = 4;  // trajectories judged, each by falls_on_flat_off

// Trajectory 0 (drawn) and the others, periodic or not.
std::vector<window_changes> run_ensemble(std::int64_t m, std::int64_t d, std::int64_t n, double eta, double sigma,
                                         std::uint64_t window, int periods, bool periodic) {
  std::vector<window_changes> out(ensemble);
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < ensemble; ++k)
    out[k] = run_windows(m, d, n, eta, sigma, window, periods, periodic, std::uint64_t(k));
  return out;
}

// The decision of the claim and of its control: every trajectory falls on and is flat off: holds; none:
// violated; some: inconclusive.
status ensemble_decision(const std::vector<window_changes>& runs) {
  const auto ok = std::count_if(runs.begin(), runs.end(), falls_on_flat_off);
  return ok == ensemble ? status::holds : (ok == 0 ? status::violated : status::inconclusive);
}

}  // namespace

verdict check_periodic(profile p) {
  const bool full = p == profile::full;
  const std::int64_t m = full ? 1000 : 100, d = full ? 20 : 10, n = full ? 200 : 100;
  const double eta = full ? 1e-3 : 2e-3, sigma = 4;
  const std::uint64_t window = 5000;  // the README's 5,000 steps on, 5,000 off
  const int periods = full ? 6 : 4;
  const auto runs = run_ensemble(m, d, n, eta, sigma, window, periods, true);
  const auto& w = runs.front();

  verdict v;
  v.claim = "periodic";
  v.inequality = "in each of 4 trajectories, every noise-on window: relative change of mean ||w_i||^2 < 0; every "
                 "noise-off window: |relative change| <= 1/4 of the smallest on-window fall";
  v.tested = "the direction of change under switched label noise (README experiment; not a theorem)";
  apply_condition1(v, {synthetic_parameters(m, d, n, eta, sigma)});
  v.result = ensemble_decision(runs);
  v.evidence = {{"on_window_changes", w.on},
                {"off_window_changes", w.off},
                {"config", {{"m", m}, {"d", d}, {"n", n}, {"eta", eta}, {"sigma", sigma}, {"B", 1},
                            {"noise_on", window}, {"noise_off", window}, {"periods", periods}, {"seed", 1},
                            {"trajectories", ensemble}}}};
  v.evidence["trajectory_decisions"] = nlohmann::json::array();
  for (const auto& r : runs) v.evidence["trajectory_decisions"].push_back(falls_on_flat_off(r) ? "holds" : "violated");
  // Control: the noise stays on through the "off" windows: they must fall like the on windows.
  const auto control = run_ensemble(m, d, n, eta, sigma, window, periods, false);
  const auto& c = control.front();
  v.control = control_outcome{"noise left on in the off windows (4 trajectories, the same decision)",
                              ensemble_decision(control) == status::violated,
                              {{"on_window_changes", c.on}, {"off_window_changes", c.off}}};
  v.margin = "largest off-window |change| / smallest on-window fall = " +
             format_number(max_abs(w.off) / std::abs(*std::max_element(w.on.begin(), w.on.end()))) +
             " (<= 0.25 required)";
  v.confidence = std::to_string(ensemble) + " trajectories, each judged; " + std::to_string(periods) +
                 " periods; trajectory 0 drawn";
  v.tables.push_back(w.record.table("trajectory", "periodic noise (on first, then alternating every window)",
                                    {"mean_w_norm2", "train_loss"}));
  v.tables.push_back(c.record.table("control_trajectory", "noise always on", {"mean_w_norm2", "train_loss"}));
  std::ostringstream log;
  log << "on windows: max change " << *std::max_element(w.on.begin(), w.on.end()) << ", off windows: max |change| "
      << max_abs(w.off) << "\ncontrol (noise always on): 'off' windows max |change| " << max_abs(c.off) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
