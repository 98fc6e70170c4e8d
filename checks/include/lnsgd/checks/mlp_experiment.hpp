#pragma once
// What the experiments on the MLP classifier share (the main paper's real-data analogs, docs/checks.md, "Real-data
// analogs"; resetting SGD, "Resetting SGD"):
// the task built once (a missing Fashion-MNIST package makes the claim inconclusive, never a crash), arms of seeds
// run in memory, per-seed readings and ensemble curves.
#include <functional>
#include <string>
#include <vector>

#include "lnsgd/checks/data_table.hpp"
#include "lnsgd/checks/verdict.hpp"
#include "lnsgd/sim/data/task.hpp"
#include "mlp/series.hpp"

namespace lnsgd::checks {

using mlp_arm = std::vector<sim::models::mlp_series>;

// The task of c, or the one-line reason it cannot be built (the data package missing or damaged).
struct mlp_task_or_error {
  std::optional<sim::data::classification_data<double>> task;
  std::string error;
};
mlp_task_or_error load_mlp_task(const sim::models::mlp_config& c);

// The verdict of a claim whose data could not be read: inconclusive, with the reason and how to fix it.
verdict data_unavailable(const std::string& claim, const std::string& inequality, const std::string& error);

// f(series) for every seed of an arm.
std::vector<double> per_seed(const mlp_arm& arm, const std::function<double(const sim::models::mlp_series&)>& f);

// The mean over seeds of `column` at every record row, as a table column.
std::vector<double> mean_curve(const mlp_arm& arm, const std::string& column);

// The config's fields as evidence (the ones the analogs set).
nlohmann::json mlp_config_json(const sim::models::mlp_config& c);

}  // namespace lnsgd::checks
