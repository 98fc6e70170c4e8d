// Related-work digest B.2/B.7 (B4), derived: the sharpness flow runs in t = eta^2 sigma^2 k, so the steps label-noise
// SGD takes to halve the sharpness gap scale as eta^-2 sigma^-2.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "checks.hpp"
#include "fixed_output_runs.hpp"
#include "hypotheses.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/theory/gatmiry/sharpness_minimum.hpp"

namespace lnsgd::checks {

namespace {

// The gap is halved from `from` to from / 2 (relative to the minimum), on the slow, on-manifold part of the run.
constexpr double gap_from = 0.1, exponent_band = 0.3;

// Steps between the first record with relative gap <= gap_from and the first with <= gap_from / 2; -1 if not seen.
double halving_steps(const series& s) {
  double start = -1;
  for (std::size_t k = 0; k < s.steps.size(); ++k) {
    const double g = s.at("sharpness_gap", k) / s.at("sharpness_min", k);
    if (start < 0 && g <= gap_from) start = double(s.steps[k]);
    if (start >= 0 && g <= gap_from / 2) return double(s.steps[k]) - start;
  }
  return -1;
}

struct sweep_point {
  double eta, sigma;
  std::vector<double> steps;   // per run; runs that never halved are left out and counted
  std::uint64_t missing = 0;   // completed runs that never halved
  std::uint64_t diverged = 0;  // left out
};

gatmiry::fixed_output_setup setup_at(double eta, double sigma) {
  gatmiry::fixed_output_setup s;
  s.eta = eta;
  s.sigma = sigma;
  s.records = 400;
  s.steps = static_cast<std::uint64_t>(12 / theory::gatmiry::sharpness_flow_time(eta, sigma, 1.0));
  return s;
}

sweep_point reading(const gatmiry::fixed_output_setup& s, std::vector<series> runs) {
  sweep_point p{s.eta, s.sigma, {}, 0, 0};
  p.diverged = gatmiry::drop_diverged(runs);
  for (const auto& run : runs) {
    const double h = halving_steps(run);
    if (h > 0)
      p.steps.push_back(h);
    else
      ++p.missing;
  }
  return p;
}

// Both axes as one lnsgd sweep of the registry's fixed-output model (gatmiry/fixed_output_runs.hpp): the first five
// points vary eta at sigma = 0.1, the last five sigma at eta = 0.05.
std::pair<std::vector<sweep_point>, std::vector<sweep_point>> measure_axes(const std::vector<double>& etas,
                                                                           const std::vector<double>& sigmas,
                                                                           std::uint64_t trajectories) {
  std::vector<gatmiry::fixed_output_setup> setups;
  for (double eta : etas) setups.push_back(setup_at(eta, 0.1));
  for (double sigma : sigmas) setups.push_back(setup_at(0.05, sigma));
  auto runs = gatmiry::run_fixed_output_sweep(setups, trajectories);
  std::vector<sweep_point> by_eta, by_sigma;
  for (std::size_t k = 0; k < setups.size(); ++k)
    (k < etas.size() ? by_eta : by_sigma).push_back(reading(setups[k], std::move(runs[k])));
  return {by_eta, by_sigma};
}

// The fitted exponent of the halving steps against x (eta or sigma), every run a point.
loglog_fit exponent(const std::vector<sweep_point>& sweep, bool in_eta) {
  std::vector<double> x, y;
  for (const auto& p : sweep)
    for (double s : p.steps) {
      x.push_back(in_eta ? p.eta : p.sigma);
      y.push_back(s);
    }
  return x.size() >= 3 ? fit_loglog(x, y) : loglog_fit{};
}

// The decision, shared with the control: the interval meets predicted +- band and excludes predicted + 1.
bool matches(const loglog_fit& f, double predicted) {
  return exponent_matches(f, predicted, exponent_band, predicted + 1);
}

nlohmann::json sweep_json(const std::vector<sweep_point>& sweep) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& p : sweep)
    j.push_back({{"eta", p.eta},
                 {"sigma", p.sigma},
                 {"halving_steps", p.steps},
                 {"missing", p.missing},
                 {"diverged_runs", p.diverged}});
  return j;
}

}  // namespace

verdict check_gatmiry_time_scale(profile p) {
  const std::uint64_t trajectories = p == profile::full ? 12 : 4;
  // Five values per axis (geometric, a factor 2 end to end): a fit on fewer would mean little.
  const auto [by_eta, by_sigma] =
      measure_axes({0.05, 0.042, 0.035, 0.03, 0.025}, {0.1, 0.084, 0.07, 0.06, 0.05}, trajectories);
  const auto fe = exponent(by_eta, true), fs = exponent(by_sigma, false);
  std::uint64_t missing = 0;
  for (const auto* sw : {&by_eta, &by_sigma})
    for (const auto& pt : *sw) missing += pt.missing;

  verdict v;
  v.claim = "gatmiry-time-scale";
  v.inequality =
      "the 95% intervals of the fitted exponents of (steps to halve (tr - tr_min)/tr_min from 0.1 to 0.05) "
      "in eta and in sigma each meet -2 +- 0.3 and exclude -1";
  v.tested =
      "the time scale eta^2 sigma^2 k of the sharpness flow (a derived consequence of the small-eta limit), "
      "as exponents over eta in {0.05, 0.042, 0.035, 0.03, 0.025} at sigma = 0.1 and sigma in {0.1, 0.084, 0.07, "
      "0.06, 0.05} at eta = 0.05, each run a point; runs that diverge (eta too large for their initialisation) are "
      "left out and counted "
      "(diverged_runs)";
  std::vector<std::vector<hypothesis>> hypotheses;
  for (const auto& pt : by_eta) hypotheses.push_back(gatmiry::theorem_hypotheses({.eta = pt.eta}));
  apply_hypotheses(v, at_every(hypotheses));
  const bool ok = missing == 0 && matches(fe, -2) && matches(fs, -2);
  v.result = missing > 0 ? status::inconclusive : (ok ? status::holds : status::violated);
  v.evidence = {{"eta_exponent", fe.slope},
                {"eta_exponent_ci95", {fe.slope_ci.lower, fe.slope_ci.upper}},
                {"sigma_exponent", fs.slope},
                {"sigma_exponent_ci95", {fs.slope_ci.lower, fs.slope_ci.upper}},
                {"runs_that_never_halved", missing},
                {"sweep_eta", sweep_json(by_eta)},
                {"sweep_sigma", sweep_json(by_sigma)},
                {"trajectories", trajectories}};
  data_table table("halving", "steps to halve the relative sharpness gap, one row per run",
                   {"eta", "sigma", "halving_steps"});
  for (const auto* sw : {&by_eta, &by_sigma})
    for (const auto& pt : *sw)
      for (double s : pt.steps) table.add({pt.eta, pt.sigma, s});
  v.tables.push_back(std::move(table));
  // Control: the same decision against the time scale of plain gradient descent on the manifold, eta^-1 (a wrong
  // exponent the fit must reject).
  v.control = control_outcome{"the wrong exponent -1 (a time scale 1/eta, as for a first-order drift)",
                              !(matches(fe, -1) && matches(fs, -1)),
                              {{"eta_exponent", fe.slope}, {"sigma_exponent", fs.slope}}};
  v.margin =
      "exponents " + format_number(fe.slope) + " in eta, " + format_number(fs.slope) + " in sigma (predicted -2)";
  v.confidence = "95% intervals [" + format_number(fe.slope_ci.lower) + ", " + format_number(fe.slope_ci.upper) +
                 "], [" + format_number(fs.slope_ci.lower) + ", " + format_number(fs.slope_ci.upper) + "] over " +
                 std::to_string(trajectories) + " runs per point";
  std::ostringstream log;
  log << "halving steps: eta exponent " << fe.slope << " [" << fe.slope_ci.lower << ", " << fe.slope_ci.upper
      << "], sigma exponent " << fs.slope << " [" << fs.slope_ci.lower << ", " << fs.slope_ci.upper << "]; " << missing
      << " runs never halved\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
