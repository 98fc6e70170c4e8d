#pragma once
// Ensembles of the fixed-output network (sim/models/two_layer_fixed_output/) recorded through record_series, for
// the claims of Gatmiry et al.: the Fig. 1 data (related-work digest B.4), label-noise SGD with batch one.
#include <cstdint>
#include <string>
#include <vector>

#include "lnsgd/theory/gatmiry/activation.hpp"
#include "series.hpp"

namespace lnsgd::checks::gatmiry {

struct fixed_output_setup {
  std::int64_t m = 10, d = 3, n = 3;
  double eta = 0.05, sigma = 0.1;
  std::uint64_t steps = 100000;
  std::uint64_t records = 200;  // linearly spaced record points
  std::uint64_t seed = 1;       // trajectory k uses stream k; the data use seed 1
  double weight_decay = 0;      // theta <- (1 - eta lambda) theta after every step (a control: leaves span{x_i})
  bool full_batch = false;      // gradient descent on all n samples (label-noise GD; GD with sigma = 0)
  double init_scale = 1;        // theta(0) multiplied by this (theta_j ~ N(0, init_scale^2 I/d))
  theory::gatmiry::activation phi = theory::gatmiry::activation::cubic;
};

// `trajectories` runs in double, in trajectory order for any thread count.
std::vector<series> run_fixed_output(const fixed_output_setup& s, std::uint64_t trajectories);
// The setups as one lnsgd sweep of the registry's two-layer-fixed-output model (a list spec, one cell per setup, on
// every core; each cell's trajectories read back from its trajectory.csv): the streams, data and record points of
// run_fixed_output, so the series agree with it to the last bit. A setup may change only m, d, n, eta, sigma, steps
// and records, and all share one seed: anything else is std::logic_error; a cell that fails is std::runtime_error.
std::vector<std::vector<series>> run_fixed_output_sweep(const std::vector<fixed_output_setup>& setups,
                                                        std::uint64_t trajectories);
// Removes the runs that diverged (a step too large for their initialisation: the limit theorems need small eta) and
// returns how many; throws sim::diverged_run if none is left.
std::uint64_t drop_diverged(std::vector<series>& runs);

// The end point of a run: `column` over the last quarter of its record points, divided by sharpness_min if
// relative_to_minimum (the relative sharpness gap).
std::vector<double> last_quarter(const series& s, const std::string& column, bool relative_to_minimum = false);

// One run in 50 digits (values recorded in double).
series run_fixed_output_float50(const fixed_output_setup& s);

}  // namespace lnsgd::checks::gatmiry
