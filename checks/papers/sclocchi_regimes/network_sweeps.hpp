#pragma once
// The alpha-trick network's (alpha, T) grid for the lazy-vs-feature claims (docs/checks.md, "SGD-noise regimes"),
// run through the sweep engine and kept per process (sweep_readings.hpp). Full profile: Fashion-MNIST even vs odd,
// P = 1024, two GELU layers of width 64 (the authors' phase diagram uses GELU at P = 1024), B = 16, alpha = 2^-4 ...
// 2^10 by factors of 4, T = 2^-10 ... 2^-3, 3 seeds; quick: P = 128, width 16, a 4 x 4 grid, 2 seeds.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "sweep_readings.hpp"

namespace lnsgd::checks::regimes {

struct network_setup {
  std::string data = "fashion-mnist";
  std::int64_t n = 1024, n_test = 10000, batch = 16, steps = 50000;
  std::vector<std::int64_t> hidden = {64, 64};
  std::string activation = "gelu";
  std::vector<double> alphas, temperatures;
  std::vector<std::int64_t> seeds;
};

const network_setup& network(profile p);
nlohmann::json network_setup_json(profile p);

// The (alpha, T) grid's spec: keys alpha (outer) and temperature, seeds fastest.
nlohmann::json phase_spec(profile p);

// The grid's readings: at[a][t][seed] for alpha index a and temperature index t; converged[a][t] counts the seeds
// that reached zero training loss, diverged[a][t] those that overflowed.
struct phase_readings {
  std::vector<double> alphas, temperatures;
  std::vector<std::vector<std::vector<double>>> relative_change, test_error;
  std::vector<std::vector<int>> converged, diverged;
  std::size_t seeds = 0;
  std::vector<std::string> failures;
  bool all_converged(std::size_t a, std::size_t t) const { return converged[a][t] == int(seeds); }
};

const phase_readings& phase_diagram(profile p);

}  // namespace lnsgd::checks::regimes
