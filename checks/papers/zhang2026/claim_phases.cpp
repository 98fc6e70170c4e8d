// Figs. 2 and 4 (Zhang et al. 2026): label-noise SGD, and SAM, first shrink the weights (Phase I), then align them
// with theta* (Phase II). Not a theorem: an experimental claim, tested by the detector of phase_detector.hpp.
#include <algorithm>
#include <sstream>

#include "checks.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "phase_detector.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "two_layer_series.hpp"

namespace lnsgd::checks {
namespace {

struct phase_setup {
  std::int64_t m, d, n;
  double eta, sigma, rho;
  std::uint64_t steps;
};

// The record columns the report draws (paper Fig. 2, top row; the tracked neuron is neuron 0).
const std::vector<std::string> figure_columns = {"train_loss", "test_loss", "mean_w_norm", "mean_abs_w_dot_theta_star",
                                                 "mean_abs_cos", "escaped_fraction", "neuron_w_norm",
                                                 "neuron_w_dot_theta_star"};

// Records one trajectory (data seed 1; start and noise of stream `trajectory`) of SGD or SAM and runs the detector;
// `rec` keeps the record.
phase_times run_phases(const phase_setup& s, bool use_sam, nlohmann::json& evidence, two_layer_series& rec,
                       std::uint64_t trajectory = 0) {
  using namespace sim;
  const synthetic_problem<double> prob(s.m, s.d, s.n, 100, 1);
  const auto& model = prob.model;
  const auto sys = prob.system(trajectory);
  const auto theta = prob.initial_state(trajectory);
  label_noise<double> noise;
  noise.sigma = s.sigma;
  const auto steps = record_steps(spacing::log, 150, s.steps);
  // Four snapshots of every neuron (Fig. 2, bottom row): the start, and the records nearest 1%, 10%, 100% of the run.
  std::vector<std::uint64_t> snapshots{0};
  for (double f : {0.01, 0.1, 1.0})
    snapshots.push_back(*std::lower_bound(steps.begin(), steps.end(), std::uint64_t(f * double(s.steps))));
  if (use_sam) {
    sam<two_layer_linear<double>> stepper(model, {1, false}, noise, s.rho);
    rec = record_series(sys, theta, stepper, s.eta, s.sigma, false, steps, snapshots);
  } else {
    label_noise_sgd<two_layer_linear<double>> stepper(model, {1, false}, noise);
    rec = record_series(sys, theta, stepper, s.eta, s.sigma, true, steps, snapshots);
  }
  const auto norm = rec.column("mean_w_norm"), cosine = rec.column("mean_abs_cos");
  const auto t = detect_phases(rec.steps, norm, cosine);
  evidence = {{"diverged", rec.diverged},
              {"phase_one_end", t.phase_one_end ? nlohmann::json(*t.phase_one_end) : nullptr},
              {"phase_two_start", t.phase_two_start ? nlohmann::json(*t.phase_two_start) : nullptr},
              {"mean_w_norm", {{"start", norm.front()}, {"end", norm.back()}}},
              {"mean_abs_cos", {{"start", cosine.front()}, {"end", cosine.back()}}},
              {"all_escaped_step", rec.all_escaped_step >= 0 ? nlohmann::json(rec.all_escaped_step) : nullptr},
              {"T1", theory::escape_time_bound(double(s.m), s.eta, s.sigma)},
              {"config", {{"m", s.m}, {"d", s.d}, {"n", s.n}, {"eta", s.eta}, {"sigma", s.sigma}, {"B", 1},
                          {"steps", s.steps}, {"seed", 1}, {"trajectory", trajectory}}}};
  if (use_sam) evidence["config"]["rho"] = s.rho;
  return t;
}

// The decision of both phases claims and their controls: two phases in order hold; alignment without a Phase I
// before it is a violation; a diverged run, or one that ended before alignment, is inconclusive.
status phase_decision(bool diverged, const phase_times& t) {
  if (diverged) return status::inconclusive;
  if (t.two_phases()) return status::holds;
  return t.phase_two_start ? status::violated : status::inconclusive;
}

// Fig. 2: label-noise SGD's two phases; its control is vanilla SGD from the same start.
verdict check_phases_sgd_run(profile p) {
  phase_setup s = p == profile::full ? phase_setup{1000, 20, 200, 1e-3, 4, 0, 1500000}
                                     : phase_setup{100, 10, 100, 2e-3, 4, 0, 250000};
  verdict v;
  v.claim = "phases-sgd";
  v.inequality = "in each of 4 trajectories, Phase I end < Phase II start, where Phase I ends when mean ||w_i|| <= half "
                 "its start while mean |cos(w_i, theta*)| stays within +0.1 of its start, and Phase II starts when "
                 "mean |cos| reaches halfway to 1 (any alignment first: violated)";
  v.tested = "the order of the two phases of the paper's figure (an experimental claim, read against Theorem 4.2 and "
             "Lemmas 4.5-4.6)";
  // The run and its control (below: no label noise, no Phase I) are independent: run them side by side.
  auto c = s;
  c.sigma = 0;
  two_layer_series rec, control_rec;
  nlohmann::json control_evidence;
  phase_times t, ct;
#pragma omp parallel sections
  {
#pragma omp section
    t = run_phases(s, false, v.evidence, rec);
#pragma omp section
    ct = run_phases(c, false, control_evidence, control_rec);
  }
  v.tables.push_back(rec.table("trajectory", "the run's record (log-spaced steps)", figure_columns));
  v.tables.push_back(std::move(rec.snapshots));
  apply_condition1(v, {synthetic_parameters(s.m, s.d, s.n, s.eta, s.sigma)});
  // The ensemble: trajectory 0 (drawn) and three more, every one judged by the same decision.
  std::vector<status> decisions(4);
  decisions[0] = phase_decision(v.evidence["diverged"].get<bool>(), t);
  std::vector<nlohmann::json> more(3);
#pragma omp parallel for schedule(dynamic, 1)
  for (int k = 0; k < 3; ++k) {
    two_layer_series r;
    const auto tk = run_phases(s, false, more[k], r, std::uint64_t(k + 1));
    decisions[k + 1] = phase_decision(more[k]["diverged"].get<bool>(), tk);
  }
  v.evidence["ensemble"] = nlohmann::json::array();
  for (int k = 0; k < 3; ++k)
    v.evidence["ensemble"].push_back({{"trajectory", k + 1},
                                      {"phase_one_end", more[k]["phase_one_end"]},
                                      {"phase_two_start", more[k]["phase_two_start"]},
                                      {"decision", to_string(decisions[k + 1])}});
  const auto count = [&](status x) { return std::count(decisions.begin(), decisions.end(), x); };
  v.result = count(status::holds) == 4 ? status::holds
                                       : (count(status::violated) > 0 ? status::violated : status::inconclusive);

  if (t.phase_one_end && t.phase_two_start)
    v.margin = "Phase II starts " + format_number(double(*t.phase_two_start) / double(*t.phase_one_end)) +
               "x later than Phase I ends";
  else
    v.margin = "a phase was not detected";
  v.confidence = std::to_string(count(status::holds)) + " of 4 trajectories with both phases in order (every one "
                 "judged); a detector on log-spaced records";
  v.tables.push_back(control_rec.table("control_trajectory", "the control's record (log-spaced steps)", figure_columns));
  // Through the same decision: the control must not hold (vanilla SGD shows no Phase I).
  control_evidence["decision"] = to_string(phase_decision(control_evidence["diverged"].get<bool>(), ct));
  v.control = control_outcome{"vanilla SGD (sigma = 0), the same decision: must not hold",
                              phase_decision(control_evidence["diverged"].get<bool>(), ct) != status::holds,
                              control_evidence};
  std::ostringstream log;
  log << "Phase I ends at step " << v.evidence["phase_one_end"].dump() << ", Phase II starts at step "
      << v.evidence["phase_two_start"].dump() << "; mean ||w_i|| " << v.evidence["mean_w_norm"]["start"] << " -> "
      << v.evidence["mean_w_norm"]["end"] << ", mean |cos| " << v.evidence["mean_abs_cos"]["start"] << " -> "
      << v.evidence["mean_abs_cos"]["end"] << "\ncontrol: Phase I end " << control_evidence["phase_one_end"].dump()
      << ", mean ||w_i|| " << control_evidence["mean_w_norm"]["end"] << " at the end\n";
  v.log = log.str();
  return v;
}

// One run of the SAM-alone sweep and its comparisons: what ran, its record and its detected phases.
struct sam_case {
  std::string name;
  phase_setup setup;
  bool use_sam;
  nlohmann::json evidence;
  two_layer_series rec;
  phase_times t;
};

// The detector's reading of one run of the sweep: phase_decision.
status phase_status(const sam_case& c) { return phase_decision(c.evidence["diverged"].get<bool>(), c.t); }

// The runs of phases-sam: SAM on clean labels (sigma = 0) at each rho; label-noise SGD and label-noise SAM (sigma =
// 4, rho = 0.05, the earlier reading) for comparison; and the control, plain SGD at sigma = 0 (rho = 0).
std::vector<sam_case> sam_cases(const phase_setup& s, const std::vector<double>& rhos) {
  std::vector<sam_case> cases;
  for (double rho : rhos) cases.push_back({"sam_alone", {s.m, s.d, s.n, s.eta, 0, rho, s.steps}, true, {}, {}, {}});
  cases.push_back({"label_noise_sgd", {s.m, s.d, s.n, s.eta, 4, 0, s.steps}, false, {}, {}, {}});
  cases.push_back({"label_noise_sam", {s.m, s.d, s.n, s.eta, 4, 0.05, s.steps}, true, {}, {}, {}});
  cases.push_back({"control", {s.m, s.d, s.n, s.eta, 0, 0, s.steps}, false, {}, {}, {}});
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(cases.size()); ++k) {
    auto& c = cases[k];
    c.t = run_phases(c.setup, c.use_sam, c.evidence, c.rec);
  }
  return cases;
}

nlohmann::json case_json(const sam_case& c) {
  auto e = c.evidence;
  e["run"] = c.name;
  e["rho"] = c.use_sam ? c.setup.rho : 0.0;
  e["decision"] = to_string(phase_status(c));
  return e;
}

data_table sweep_table(const std::vector<sam_case>& cases) {
  data_table t("rho_sweep", "every run of the sweep: SAM on clean labels at each rho, the comparisons and the control",
               {"run", "rho", "sigma", "step", "mean_w_norm", "mean_abs_cos"});
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const auto norm = cases[k].rec.column("mean_w_norm"), cosine = cases[k].rec.column("mean_abs_cos");
    for (std::size_t r = 0; r < cases[k].rec.steps.size(); ++r)
      t.add({double(k), cases[k].use_sam ? cases[k].setup.rho : 0.0, cases[k].setup.sigma,
             double(cases[k].rec.steps[r]), norm[r], cosine[r]});
  }
  return t;
}

}  // namespace

verdict check_phases_sgd(profile p) { return check_phases_sgd_run(p); }

// Fig. 4 is SAM on clean labels: SAM alone (sigma = 0) judged over a sweep of rho, the paper giving none.
verdict check_phases_sam(profile p) {
  const phase_setup s = p == profile::full ? phase_setup{1000, 20, 200, 1e-3, 0, 0, 1500000}
                                           : phase_setup{100, 10, 100, 2e-3, 0, 0, 100000};
  const std::vector<double> rhos{0.05, 0.2, 0.5};
  auto cases = sam_cases(s, rhos);
  verdict v;
  v.claim = "phases-sam";
  v.inequality = "for SAM on clean labels (sigma = 0) at some rho of {0.05, 0.2, 0.5}: Phase I end < Phase II start "
                 "(the detector of phases-sgd); violated if at no rho, and alignment came first at some";
  v.tested = "SAM alone, as in the paper's Fig. 4 (no theorem covers SAM, and the paper gives no rho): the order of "
             "the two phases at each rho of a sweep, against plain SGD and label-noise SGD on the same data";
  apply_condition1(v, {synthetic_parameters(s.m, s.d, s.n, s.eta, 0)});
  bool any_holds = false, any_violated = false;
  std::size_t shown = 1;  // the record drawn in the Fig. 4 replica: the smallest rho with two phases, else rho = 0.2
  nlohmann::json sweep = nlohmann::json::array();
  std::ostringstream log, with_phases;
  for (std::size_t k = 0; k < rhos.size(); ++k) {
    const auto st = phase_status(cases[k]);
    if (st == status::holds && !any_holds) shown = k, with_phases << "rho";
    if (st == status::holds) with_phases << " " << rhos[k];
    any_holds = any_holds || st == status::holds;
    any_violated = any_violated || st == status::violated;
    sweep.push_back(case_json(cases[k]));
    log << "SAM alone, rho = " << rhos[k] << ": Phase I end " << cases[k].evidence["phase_one_end"].dump()
        << ", Phase II start " << cases[k].evidence["phase_two_start"].dump() << ", mean ||w_i|| "
        << cases[k].evidence["mean_w_norm"]["start"] << " -> " << cases[k].evidence["mean_w_norm"]["end"] << " ("
        << to_string(st) << ")\n";
  }
  v.result = any_holds ? status::holds : (any_violated ? status::violated : status::inconclusive);
  v.evidence = cases[shown].evidence;
  v.evidence["config"]["rho"] = rhos[shown];
  v.evidence["rho_sweep"] = sweep;
  v.evidence["label_noise_sgd"] = case_json(cases[rhos.size()]);
  v.evidence["label_noise_sam"] = case_json(cases[rhos.size() + 1]);
  v.tables.push_back(cases[shown].rec.table("trajectory", "the shown SAM-alone run's record", figure_columns));
  v.tables.push_back(std::move(cases[shown].rec.snapshots));
  v.tables.push_back(sweep_table(cases));
  const auto& control = cases.back();
  v.tables.push_back(control.rec.table("control_trajectory", "the control's record (log-spaced steps)",
                                       figure_columns));
  v.control = control_outcome{"plain SGD on clean labels (sigma = 0, rho = 0), the same decision: must not hold",
                              phase_status(control) != status::holds, case_json(control)};
  v.margin = any_holds ? "two phases with SAM alone at " + with_phases.str() : "SAM alone shows no two phases";
  v.confidence = "one trajectory (seed 1) per rho; a detector on log-spaced records";
  log << "label-noise SGD (sigma = 4): " << v.evidence["label_noise_sgd"]["decision"].get<std::string>()
      << "; label-noise SAM (sigma = 4, rho = 0.05): " << v.evidence["label_noise_sam"]["decision"].get<std::string>()
      << "; control (plain SGD, sigma = 0): Phase I end " << control.evidence["phase_one_end"].dump() << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
