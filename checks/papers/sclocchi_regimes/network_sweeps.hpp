#pragma once
// The alpha-trick network's grids for the lazy-vs-feature claims (docs/checks.md, "SGD-noise regimes"), run through
// the sweep engine and kept per process (lnsgd/checks/sweep_readings.hpp); each is one key (the rows, outer) by the
// temperature (inner), seeds fastest.
// - The (alpha, T) phase diagram. Full profile: Fashion-MNIST even vs odd, P = 1024, two GELU layers of width 64
//   (the authors' phase diagram uses GELU at P = 1024), B = 16, alpha = 2^-4 ... 2^10 by factors of 4,
//   T = 2^-10 ... 2^-3, 3 seeds; quick: P = 128, width 16, a 4 x 4 grid, 2 seeds.
// - The lazy regime's (P, T) grid: the teacher task in d = 8 (the digest's "sign data, d = 5-10"), alpha = 4096
//   (alpha/sqrt(h) = 512 >> 1: lazy), two GELU layers of width 64, B = 16, P = 1024 ... 16384 by factors of 2,
//   T = 2^-10, 2^-9.5, 2^-8, 2^-7, 2^-6 and 2^-5.5 ... 2^-3 by half octaves (where T_c falls; above 2^-3 the step
//   dt = T h B is unstable), 5 seeds; quick: width 16, P = 256 ... 1024, T = 2^-10 ... 2^-3 by octaves, 2 seeds.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/sweep_readings.hpp"

namespace lnsgd::checks::regimes {

struct network_setup {
  std::string data = "fashion-mnist";
  std::int64_t input_dim = 784, n = 1024, n_test = 10000, batch = 16, steps = 50000;
  double alpha = 1;  // the lazy grid's (the phase diagram sweeps it)
  std::vector<std::int64_t> hidden = {64, 64};
  std::string activation = "gelu";
  std::vector<double> rows, temperatures;  // the outer key's values (alpha or P) and T
  std::vector<std::int64_t> seeds;
};

const network_setup& network(profile p);       // the phase diagram's
const network_setup& lazy_network(profile p);  // the lazy (P, T) grid's
nlohmann::json network_setup_json(const network_setup& s);

// The grid's spec: keys `row_key` (alpha or n, outer) and temperature, seeds fastest.
nlohmann::json grid_spec(const network_setup& s, const std::string& row_key);

// A grid's readings: at[row][t][seed] for row index `row` and temperature index t (NaN unless the seed reached zero
// training loss); converged[row][t] counts the seeds that did, diverged[row][t] those that overflowed.
struct temperature_grid {
  std::vector<double> rows, temperatures;
  std::vector<std::vector<std::vector<double>>> relative_change, test_error;
  std::vector<std::vector<int>> converged, diverged;
  std::size_t seeds = 0;
  std::vector<std::string> failures;
  bool all_converged(std::size_t row, std::size_t t) const { return converged[row][t] == int(seeds); }
};

// The grid of `s` swept over `row_key`, run once per process.
temperature_grid read_grid(const network_setup& s, const std::string& row_key);

// The grid as a report table `name` with columns `row_column` (the row key: alpha or n), temperature,
// relative_change and test_error (mean and 95% t-interval over the seeds that reached zero training loss), and the
// seeds converged and diverged per cell.
data_table grid_table(const temperature_grid& g, const std::string& name, const std::string& row_column,
                      const std::string& what);

inline temperature_grid phase_diagram(profile p) { return read_grid(network(p), "alpha"); }
inline temperature_grid lazy_grid(profile p) { return read_grid(lazy_network(p), "n"); }

}  // namespace lnsgd::checks::regimes
