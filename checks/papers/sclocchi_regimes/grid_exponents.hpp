#pragma once
// Exponents of |w - w0|/|w0| along the lines of a network grid (network_sweeps.hpp), per seed: in T at each row
// (alpha or P) and in the row key at each T. Shared by sclocchi-lazy-feature (their signs), sclocchi-lazy-exponents
// (delta and gamma of |w - w0|/|w0| ~ T^delta P^gamma) and sclocchi-crossover (a = gamma/delta).
#include <vector>

#include "lnsgd/checks/statistics.hpp"
#include "network_sweeps.hpp"

namespace lnsgd::checks::regimes {

// One exponent per grid line and seed: the least-squares slope of log |w - w0|/|w0| along the line, over its cells
// where every seed reached zero training loss (lines with fewer than 3 such cells are left out).
struct line_exponents {
  std::vector<double> at;                    // the line's fixed value: the row's (along T) or T (along the rows)
  std::vector<std::vector<double>> by_seed;  // by_seed[line][seed]
  std::vector<mean_estimate> exponent;       // per line: mean and t-interval over seeds
  std::vector<double> seed_means() const;    // per seed: the mean over lines (the seed's delta or gamma)
};

line_exponents exponents_in_temperature(const temperature_grid& g);  // one per row (delta on the lazy grid)
line_exponents exponents_in_rows(const temperature_grid& g);         // one per T (gamma on the lazy grid)

}  // namespace lnsgd::checks::regimes
