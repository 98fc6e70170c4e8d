#pragma once
// Series read back from a model's trajectory.csv (trajectory,step,<observables>), as `lnsgd simulate` and a sweep's
// cells write it: the same rows record_series holds in memory, for checks that run their ensembles through the sweep
// engine (sim/sweep/) and judge time series.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "series.hpp"

namespace lnsgd::checks {

// The fields of one line of a model's table (the numeric tables lnsgd writes: no quoted fields); a trailing comma
// is a last, empty field.
std::vector<std::string> csv_fields(const std::string& line);

// One series per trajectory, in trajectory order; an empty cell is undefined (NaN). `trajectories` is the run's
// results.trajectories (per-trajectory summaries): a trajectory whose status is "diverged" is marked diverged (its
// rows end at the last record point before the divergence). Throws std::runtime_error on a malformed table.
std::vector<series> series_from_table(const std::string& csv, const nlohmann::json& trajectories);

}  // namespace lnsgd::checks
