#pragma once
// Theorem 4.2's escape-time sweeps run through the sweep engine (lnsgd sweep, docs/sweep.md): the registry's
// two-layer model, batch-1 label-noise SGD from NTK initialisation, each run stopped once its stop fraction of the
// neurons has left the lazy regime (stop_escaped_fraction), one cell per point and seed, on every core.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "escape_experiment.hpp"

namespace lnsgd::checks {

// Per point (in the order given) and seed, as [point][seed]: the steps by which ceil(m/2) and all m neurons had
// escaped (NaN where the run reached its max_steps first).
struct escape_sweep_readings {
  std::vector<std::vector<double>> half_escaped, all_escaped;
  std::vector<std::string> failures;  // cells that failed or diverged, one line each
};

// The sweep spec of the points, each run for seeds 1..seeds on the data set of its escape_setup::seed, to its
// stop_fraction or max_steps. The points may set only the fields a sweep runs (m, d, n, eta, sigma,
// theta_star_norm, seed, max_steps, stop_fraction); any other field changed from its default is std::logic_error.
nlohmann::json escape_sweep_spec(const std::vector<escape_setup>& points, std::uint64_t seeds);

// The spec's readings (the sweep run once per process, lnsgd/checks/sweep_readings.hpp).
escape_sweep_readings run_escape_sweep(const std::vector<escape_setup>& points, std::uint64_t seeds);

}  // namespace lnsgd::checks
