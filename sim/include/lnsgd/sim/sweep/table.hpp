#pragma once
// A sweep's tidy table, sweep.csv (docs/sweep.md): one row per run (cell and trajectory) in table order, with the
// cell's index, the swept keys, the seed, the trajectory, the status and error, then the model's per-trajectory
// summary observables (metadata.json results.trajectories; nested objects flattened as "divergence.step"), their
// union in alphabetical order. Numbers are written to 17 significant digits, so the table is exact and identical
// however the sweep was computed.
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/sweep/run_sweep.hpp"

namespace lnsgd::sim::sweep {

// The CSV text; a cell not finished has one row with status "missing".
std::string tidy_table(const sweep_spec& spec, const std::vector<std::optional<cell_result>>& results);

}  // namespace lnsgd::sim::sweep
