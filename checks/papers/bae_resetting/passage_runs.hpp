#pragma once
// Ensembles of first-passage searchers (sim/models/drift_diffusion/) run for the claims through the sweep engine, as
// `lnsgd sweep` runs the drift-diffusion model (one cell per ensemble, the searchers' times read from each cell's
// passage.csv), and the time step's bias removed by Richardson extrapolation (docs/checks.md, "First passage under
// resetting").
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace lnsgd::checks::resetting {

struct searcher_setup {
  double drift, diffusion, target, reset_rate;
  double reset_point = 0;  // Eq. 5: the start
};

// One ensemble at one time step: the mean first-passage time of the searchers that reached the target and its
// standard error; censored searchers (the cap reached first) are counted, never averaged in.
struct passage_estimate {
  double mean = 0, standard_error = 0;
  std::uint64_t completed = 0, censored = 0;
  std::vector<double> times;  // per searcher, NaN where censored
};
passage_estimate simulate_passage(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed);

// One ensemble of a grid: the searcher, its time step, the time cap (rounded up to whole steps), the searchers.
struct passage_run {
  searcher_setup setup;
  double dt, time_cap;
  std::uint64_t trajectories;
};
// The grid as one sweep (a list spec, one cell each, cells on every core), every ensemble on the same seed: searcher
// k of each draws the stream (seed, k). Throws std::runtime_error if a cell fails (a bug: the grids are the claims').
std::vector<passage_estimate> simulate_passages(const std::vector<passage_run>& runs, std::uint64_t seed);

// The O(dt) bias removed: 2 T(dt/2) - T(dt) from two independent ensembles (seeds seed and seed + 1), its standard
// error sqrt(4 se_fine^2 + se_coarse^2); censored counts add up.
struct extrapolated_passage {
  passage_estimate coarse, fine;
  double mean = 0, standard_error = 0;
  std::uint64_t censored = 0;
};
extrapolated_passage extrapolated(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed);
// The same for a grid, as two sweeps: every run at its dt on seed, and at dt/2 on seed + 1.
std::vector<extrapolated_passage> extrapolated_grid(const std::vector<passage_run>& runs, std::uint64_t seed);

// The mean change a - b over searchers paired by stream (the same seed: common random numbers, so the increments
// agree until the first reset), with its standard error; the time step's bias is the same on both sides to first
// order and cancels. Pairs with a censored side are counted, never averaged in.
struct paired_change {
  double mean = 0, standard_error = 0;
  std::uint64_t pairs = 0, censored = 0;
};
paired_change paired(const passage_estimate& a, const passage_estimate& b);

nlohmann::json to_json(const searcher_setup& s);
nlohmann::json to_json(const paired_change& c);
nlohmann::json to_json(const extrapolated_passage& e);

}  // namespace lnsgd::checks::resetting
