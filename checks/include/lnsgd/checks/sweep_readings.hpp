#pragma once
// A claim's grid run through the sweep engine (sim/sweep/, as lnsgd sweep runs it) and kept per process, so claims
// that share a grid run it once; its readings by seed and grid point.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/sim/sweep/run_sweep.hpp"

namespace lnsgd::checks {

// One sweep's cells (points outer, seeds inner) and their summaries.
struct sweep_readings {
  sim::sweep::sweep_spec spec;
  std::vector<sim::sweep::cell_result> cells;
  // Trajectory 0's summary `key`, as by_seed[seed][point].
  std::vector<std::vector<double>> by_seed(const std::string& key) const;
  // The cells that failed, diverged or hit the step cap, one line each ("cell 3 (n = 1024, seed 2): not converged").
  std::vector<std::string> failures() const;
};

// The spec run through the sweep engine on every core, kept per process. Throws std::runtime_error on a bad spec
// (a bug: the specs are the claims' own).
const sweep_readings& run_sweep(const nlohmann::json& spec);

// Summary `key` per seed as a list of the seeds' values at each grid point: {"x": x, "seeds": [[...], ...]}.
nlohmann::json readings_json(const std::vector<double>& x, const std::vector<std::vector<double>>& by_seed);

}  // namespace lnsgd::checks
