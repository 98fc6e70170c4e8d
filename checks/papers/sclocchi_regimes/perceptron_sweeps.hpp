#pragma once
// The perceptron's grids for the SGD-noise-regime claims (docs/checks.md, "SGD-noise regimes"), each run through
// the sweep engine (sim/sweep/, as lnsgd sweep runs them) and kept per process, so claims that share a grid run it
// once. Full profile: the authors' ICML perceptron (d = 128, alpha = 32768, B = 2, 10^4 test points) at 5 seeds,
// P up to 16384; quick: d = 32 and P up to 2048.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/hypotheses.hpp"
#include "lnsgd/checks/sweep_readings.hpp"

namespace lnsgd::checks::regimes {

struct perceptron_setup {
  std::int64_t d = 128, n_test = 10000;
  double alpha = 32768;
  std::vector<std::int64_t> seeds;
  std::int64_t t_points = 1024;   // P of the temperature sweeps
  std::vector<double> noise_dt;   // dt of the noise-dominated sweep (B = 2, alpha dt >= 4096)
  std::vector<double> margin_dt;  // dt of the margin-dominated control (alpha dt from 1 to 32)
  std::vector<std::int64_t> p_points;
  double p_dt = 0.5;  // the P sweep at T = p_dt / 2
  std::vector<std::int64_t> b_points, batches;
  double b_temperature = 0.25;  // the batch sweep at fixed T = dt / B
};

const perceptron_setup& setup(profile p);
nlohmann::json setup_json(profile p);

// The base config every perceptron grid shares: the setup's d, test points and alpha, B = 2, a step cap of 1e9.
nlohmann::json perceptron_base(profile p, double chi);

// Specs: the temperature sweep over dt at B = 2 and P = t_points; the P sweep at T = p_dt / 2; the batch sweep at
// P and T = b_temperature (dt = T B).
nlohmann::json temperature_spec(profile p, double chi, const std::vector<double>& dt);
nlohmann::json points_spec(profile p, double chi);
nlohmann::json batch_spec(profile p, double chi, std::int64_t points);

// The hypotheses of the noise-dominated regime (derived, docs/derivations.md section 9): the margin on u = Delta w /
// dt is 1/(alpha dt), small when alpha dt >= 64; B at most the critical-batch scale P^{1/(1+chi)}.
std::vector<hypothesis> noise_dominated(double alpha, double smallest_dt, std::int64_t batch, std::int64_t points,
                                        double chi);

}  // namespace lnsgd::checks::regimes
