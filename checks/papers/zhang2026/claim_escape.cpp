// Theorem 4.2: every neuron leaves the lazy regime by T1 = 384 sqrt(ln m) / (sigma^2 eta^2 sqrt(m)).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "escape_experiment.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"

namespace lnsgd::checks {

namespace {

struct escape_point {
  escape_setup setup;
  std::uint64_t trajectories;
  double t1, heuristic;
  std::vector<std::int64_t> steps;  // all-escaped steps of the trajectories that escaped, sorted
  std::uint64_t failures = 0, diverged = 0;
  double max_x_norm = 0;
};

// One width of the sweep: the ensemble run until all neurons escape or the budget min(T1, 50 x heuristic) ends.
escape_point run_point(escape_setup s, std::uint64_t trajectories) {
  escape_point p;
  p.trajectories = trajectories;
  p.t1 = theory::escape_time_bound(double(s.m), s.eta, s.sigma);
  p.heuristic = theory::escape_time_heuristic(double(s.m), s.eta, s.sigma);
  s.max_steps = static_cast<std::uint64_t>(std::min(p.t1, 50 * p.heuristic));
  p.setup = s;
  const auto ens = run_escape_ensemble(s, trajectories);
  p.max_x_norm = ens.max_x_norm;
  for (const auto& r : ens.runs) {
    p.diverged += r.diverged;
    if (r.all_escaped)
      p.steps.push_back(r.all_escaped_step);
    else
      ++p.failures;
  }
  std::sort(p.steps.begin(), p.steps.end());
  return p;
}

// What the sweep has seen so far, for the verdict.
struct sweep_summary {
  bool any_violation = false, any_unresolved = false;
  std::int64_t longest = 0;
  double smallest_margin = HUGE_VAL, widest_upper = 0;
};

// One width's evidence and log line; its escape steps go to `steps`.
nlohmann::json judge_width(const escape_point& pt, std::uint64_t trajectories, data_table& steps, std::ostream& log,
                           sweep_summary& sum) {
  const auto m = pt.setup.m;
  for (auto step : pt.steps) steps.add({double(m), double(step), pt.t1, pt.heuristic});
  const auto ci = clopper_pearson(pt.failures, trajectories);
  nlohmann::json e = {{"m", m},
                      {"T1", pt.t1},
                      {"escape_heuristic", pt.heuristic},
                      {"step_budget", pt.setup.max_steps},
                      {"trajectories", trajectories},
                      {"failures", pt.failures},
                      {"diverged", pt.diverged},
                      {"failure_rate_ci95", {ci.lower, ci.upper}},
                      {"one_over_m", 1.0 / double(m)}};
  log << "m = " << m << ": ";
  if (!pt.steps.empty()) {
    const double median = double(pt.steps[pt.steps.size() / 2]), worst = double(pt.steps.back());
    sum.longest = std::max<std::int64_t>(sum.longest, pt.steps.back());
    e["all_escaped_step"] = {{"min", pt.steps.front()}, {"median", median}, {"max", worst}};
    e["max_over_T1"] = worst / pt.t1;
    sum.smallest_margin = std::min(sum.smallest_margin, pt.t1 / worst);
    e["median_over_heuristic"] = median / pt.heuristic;
    log << "all neurons escaped in " << pt.steps.size() << "/" << trajectories << " trajectories by step "
        << pt.steps.front() << " .. " << worst << " (median " << median << "); T1 = " << pt.t1 << ", margin x"
        << pt.t1 / worst << "; median / heuristic = " << median / pt.heuristic << "; ";
  }
  log << "failures " << pt.failures << "/" << trajectories << ", 95% CI [" << ci.lower << ", " << ci.upper
      << "] vs 1/m = " << 1.0 / double(m) << "\n";
  sum.widest_upper = std::max(sum.widest_upper, ci.upper);
  if (pt.diverged > 0 || (pt.failures > 0 && double(pt.setup.max_steps) < pt.t1)) sum.any_unresolved = true;
  if (pt.failures > 0 && double(pt.setup.max_steps) >= pt.t1) sum.any_violation = true;
  return e;
}

// Control: no label noise (sigma = 0) at width m. SGD must then stay lazy over twice the longest escape seen.
control_outcome sigma_zero_control(escape_setup c, std::int64_t m, std::uint64_t trajectories, std::int64_t longest,
                                   std::ostream& log) {
  c.m = m;
  c.sigma = 0;
  c.max_steps = std::max<std::uint64_t>(1000, 2 * static_cast<std::uint64_t>(longest));
  const auto control = run_escape_ensemble(c, trajectories);
  std::uint64_t control_escaped = 0;
  std::int64_t most_neurons = 0;
  for (const auto& r : control.runs) {
    control_escaped += r.all_escaped;
    most_neurons = std::max(most_neurons, r.escaped_neurons);
  }
  log << "control (sigma = 0, m = " << c.m << "): " << control_escaped << "/" << trajectories
      << " trajectories left the lazy regime entirely (at most " << most_neurons << " neurons)\n";
  return {"vanilla SGD (sigma = 0) over " + std::to_string(c.max_steps) + " steps",
          control_escaped == 0,
          {{"m", c.m},
           {"trajectories", trajectories},
           {"all_escaped", control_escaped},
           {"max_neurons_escaped", most_neurons},
           {"steps", c.max_steps}}};
}

}  // namespace

verdict check_escape(profile p) {
  // quick: one width; full: the paper's synthetic setup and a sweep of m (eta*m <= 1, the stability edge at 1000).
  escape_setup base;
  std::vector<std::int64_t> widths{200};
  std::uint64_t trajectories = 8, control_trajectories = 4;
  if (p == profile::full) {
    base.d = 20, base.n = 200;
    widths = {250, 500, 1000};
    trajectories = 32, control_trajectories = 8;
  }
  verdict v;
  v.claim = "thm4.2";
  v.inequality = "for every trajectory: max_i (first step with ||w_i(t) - w_i(0)|| > 1/sqrt(m)) <= T1";
  v.tested = "the bound as a sufficient condition, on an ensemble per width; the O(1/m) failure probability is "
             "estimated (Clopper-Pearson) across the widths, its constant is not given by the paper";
  std::ostringstream log;
  nlohmann::json sweep = nlohmann::json::array();
  sweep_summary sum;
  data_table steps("escape_steps", "one row per trajectory that left the lazy regime entirely",
                   {"m", "all_escaped_step", "t1", "escape_heuristic"});
  for (auto m : widths) {
    escape_setup s = base;
    s.m = m;
    const auto pt = run_point(s, trajectories);
    const auto reg = evaluate_regime({double(m), s.eta, s.sigma, double(s.n), double(s.d), s.theta_star_norm,
                                      pt.max_x_norm});
    for (const auto& a : failed_among(reg, {"A1", "A2", "A4", "A5", "A6"}))
      if (std::find(v.failed_assumptions.begin(), v.failed_assumptions.end(), a) == v.failed_assumptions.end())
        v.failed_assumptions.push_back(a);
    sweep.push_back(judge_width(pt, trajectories, steps, log, sum));
  }
  v.tables.push_back(std::move(steps));
  v.margin = std::isfinite(sum.smallest_margin) ? "T1 / slowest escape >= " + format_number(sum.smallest_margin) + "x"
                                                : "no trajectory escaped";
  v.confidence = "failure rate <= " + format_number(sum.widest_upper) + " (95% Clopper-Pearson, " +
                 std::to_string(trajectories) + " runs per width)";
  v.where = v.failed_assumptions.empty() ? regime::in_regime : regime::out_of_regime;
  v.result = sum.any_violation ? status::violated : (sum.any_unresolved ? status::inconclusive : status::holds);
  v.evidence = {{"sweep", sweep},
                {"seed", base.seed},
                {"config", {{"d", base.d}, {"n", base.n}, {"eta", base.eta}, {"sigma", base.sigma}, {"B", 1}}}};
  v.control = sigma_zero_control(base, widths.front(), control_trajectories, sum.longest, log);
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
