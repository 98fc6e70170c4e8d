// Eq. 5 of Bae, Song, Jeong against simulation: the mean first-passage time of a drift-diffusion searcher with
// Poisson resetting, over a grid of drifts (toward, weakly toward and away from the target) and rates, including
// gamma = 0 (L/v, or infinity for v <= 0: censored searchers). Control: resetting to a point behind the start, where
// Eq. 5 no longer applies, through the same decision.
#include <sstream>

#include "checks.hpp"
#include "lnsgd/checks/hypotheses.hpp"
#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "passage_decision.hpp"

namespace lnsgd::checks {
namespace {

using namespace resetting;

struct grid_point {
  searcher_setup setup;
  double predicted;
  extrapolated_passage measured;
  status decision;
};

double eq5(const searcher_setup& s) {
  return theory::bae_resetting::mean_first_passage(s.target, s.drift, s.diffusion, s.reset_rate);
}

// The time cap: 40 predicted means (an infinite one: 50 time units), so a finite mean is almost never censored.
double cap_for(double predicted) { return std::isfinite(predicted) ? 40 * predicted : 50.0; }

std::vector<hypothesis> eq5_hypotheses(const searcher_setup& s) {
  return {{"D > 0", s.diffusion > 0, s.diffusion},
          {"L > 0", s.target > 0, s.target},
          {"gamma >= 0", s.reset_rate >= 0, s.reset_rate},
          {"resets return to the start (x = 0)", s.reset_point == 0, s.reset_point}};
}

// The grid as two lnsgd sweeps (every point at dt on seed, at dt/2 on seed + 1): the points share streams, which
// the Bonferroni bound allows (it holds under any dependence between the intervals).
std::vector<grid_point> measure(const std::vector<searcher_setup>& grid, double dt, std::uint64_t n,
                                std::uint64_t seed) {
  std::vector<passage_run> runs;
  for (const auto& s : grid) runs.push_back({s, dt, cap_for(eq5(s)), n});
  const auto measured = extrapolated_grid(runs, seed);
  std::vector<grid_point> out;
  const double z = simultaneous_z(grid.size());
  for (std::size_t k = 0; k < grid.size(); ++k) {
    const double predicted = eq5(grid[k]);
    out.push_back({grid[k], predicted, measured[k], against_prediction(measured[k], predicted, z)});
  }
  return out;
}

status decide(const std::vector<grid_point>& points) {
  std::vector<status> s;
  for (const auto& p : points) s.push_back(p.decision);
  return combine(s);
}

}  // namespace

verdict check_bae_first_passage(profile p) {
  const bool full = p == profile::full;
  const double dt = full ? 1e-3 : 4e-3;
  const std::uint64_t n = full ? 4000 : 1000;
  std::vector<searcher_setup> grid;  // L = 1, D = 0.5: Pe = 2, 0.5, -0.5 (the related-work digest's table)
  for (double v : {2.0, 0.5, -0.5})
    for (double gamma : {0.0, 0.5, 2.0, 8.0}) grid.push_back({v, 0.5, 1.0, gamma});
  const auto points = measure(grid, dt, n, 1);
  verdict v;
  v.claim = "bae-first-passage";
  std::vector<std::vector<hypothesis>> per_point;
  for (const auto& s : grid) per_point.push_back(eq5_hypotheses(s));
  apply_hypotheses(v, at_every(per_point));
  v.inequality =
      "at every (v, gamma) of the grid (L = 1, D = 0.5; v in {2, 0.5, -0.5}, gamma in {0, 0.5, 2, 8}): |T_sim - T_eq5| "
      "<= z se with T_sim = 2 T(dt/2) - T(dt) (Richardson: the O(dt) bias removed), z the Bonferroni normal quantile "
      "for 12 simultaneous 95% intervals; where Eq. 5 is infinite (v <= 0, gamma = 0) some searchers must be "
      "censored at the cap";
  v.tested = "Eq. 5 as stated, by Monte Carlo of the searcher (exact Gaussian increments, Brownian-bridge crossings)";
  v.result = decide(points);
  nlohmann::json rows = nlohmann::json::array();
  data_table table("mean_passage", "mean first-passage time per grid point: Eq. 5 and the extrapolated simulation",
                   {"drift", "reset_rate", "peclet", "eq5", "simulated", "standard_error", "censored"});
  double worst = 0;
  for (const auto& q : points) {
    rows.push_back({{"setup", to_json(q.setup)},
                    {"eq5", std::isfinite(q.predicted) ? nlohmann::json(q.predicted) : nlohmann::json("infinity")},
                    {"measured", to_json(q.measured)},
                    {"decision", to_string(q.decision)}});
    table.add({q.setup.drift, q.setup.reset_rate, theory::bae_resetting::peclet(1.0, q.setup.drift, 0.5),
               std::isfinite(q.predicted) ? q.predicted : undefined_cell,
               q.measured.censored ? undefined_cell : q.measured.mean, q.measured.standard_error,
               double(q.measured.censored)});
    if (std::isfinite(q.predicted) && q.measured.censored == 0)
      worst = std::max(worst, std::abs(q.measured.mean - q.predicted) / q.measured.standard_error);
  }
  v.tables.push_back(std::move(table));
  data_table curves("eq5_curves",
                    "Eq. 5's T(gamma) on a log grid of rates, per drift (L = 1, D = 0.5; v = 1 is the boundary Pe = 1)",
                    {"drift", "reset_rate", "eq5"});
  for (double drift : {2.0, 1.0, 0.5, -0.5})
    for (int k = 0; k <= 70; ++k) {
      const double gamma = 0.01 * std::pow(10.0, k / 20.0);  // 0.01 .. 32
      curves.add({drift, gamma, theory::bae_resetting::mean_first_passage(1.0, drift, 0.5, gamma)});
    }
  v.tables.push_back(std::move(curves));
  v.evidence = {{"points", rows}, {"dt", dt}, {"trajectories", n}, {"z", simultaneous_z(grid.size())}};
  // Control: resets to -L/2 (behind the start) at v = 0.5, gamma = 2 and 8: Eq. 5's value must be rejected.
  const auto control = measure({{0.5, 0.5, 1.0, 2.0, -0.5}, {0.5, 0.5, 1.0, 8.0, -0.5}}, dt, n, 1000);
  nlohmann::json control_rows = nlohmann::json::array();
  for (const auto& q : control)
    control_rows.push_back({{"eq5", q.predicted}, {"measured", q.measured.mean}, {"decision", to_string(q.decision)}});
  v.control = control_outcome{"resets to x = -L/2 instead of the start (v = 0.5, gamma = 2 and 8), same decision",
                              decide(control) == status::violated,
                              {{"points", control_rows}}};
  v.margin = "largest |T_sim - T_eq5| / se " + format_number(worst) +
             " against z = " + format_number(simultaneous_z(grid.size()));
  v.confidence = "Bonferroni-corrected normal intervals, " + std::to_string(n) + " searchers per time step and point";
  std::ostringstream log;
  for (const auto& q : points)
    log << "v=" << q.setup.drift << " gamma=" << q.setup.reset_rate << ": Eq. 5 " << q.predicted << ", simulated "
        << q.measured.mean << " +- " << q.measured.standard_error << " (censored " << q.measured.censored << ") -> "
        << to_string(q.decision) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
