#pragma once
// The model registry: every model lnsgd simulates, each registered from its own folder under sim/models/ (the
// build collects them; docs/architecture.md, "How to add a model"). The command line reads nothing else: a
// model's parameters, what it writes and how it summarises a run all come from its entry.
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lnsgd/sim/engine/parameters.hpp"
#include "lnsgd/sim/simulation.hpp"

namespace lnsgd::sim {

class stepping_session;  // engine/stepping.hpp

// What a run of a model produced, besides its files.
struct run_outcome {
  nlohmann::json results;  // metadata.json "results": {"status", "trajectories": [...]}
  nlohmann::json extra = nlohmann::json::object();  // more metadata.json keys of the model (e.g. "time_scales")
  std::string precision_description;
  int threads_used = 1;
  std::string summary;  // printed after the run (one or more lines, each ending in '\n')
  struct divergence_note {
    std::uint64_t trajectory = 0, step = 0;
    std::string reason;
  };
  std::optional<divergence_note> first_divergence;  // exit code 3
};

struct model_entry {
  std::string name;          // --model NAME
  std::string description;   // one line
  std::vector<parameter> parameters;  // everything a run of this model accepts, with this model's defaults
  std::vector<std::pair<std::string, std::string>> tables;  // file -> what it holds (metadata.json "files")
  // Fills the defaults that depend on other fields and validates: "field = value (accepted: ...)" or nullopt.
  // values holds every parameter (converted); `given` the ones the user set.
  std::function<std::optional<std::string>(nlohmann::json& values, const std::set<std::string>& given)> resolve;
  // Peak memory in bytes with `concurrent` trajectories in flight (resolved values).
  std::function<double(const nlohmann::json& values, std::int64_t concurrent)> memory_needed;
  // Runs the resolved values, writing the tables into dir. Throws std::runtime_error on I/O failure; divergence is
  // reported in the outcome.
  std::function<run_outcome(const nlohmann::json& values, const std::filesystem::path& dir, progress_counter*)> run;
  // Trajectory k of the resolved values as a session to advance step by step in double (engine/stepping.hpp; the
  // Python module's lnsgd.trajectory). Empty: the model offers none. Throws std::invalid_argument ("field = value
  // (accepted: ...)") for values a session cannot run (another precision, a dynamics it lacks).
  std::function<std::unique_ptr<stepping_session>(const nlohmann::json& values, std::uint64_t trajectory)>
      start_session;
  // What the model-generic tests read (tests/engine/test_conformance.cpp, tests/cli/test_fuzz_inputs.cpp): every
  // value --dynamics accepts, the parameter that sets a run's length, and values that make a run take milliseconds
  // (on top of the defaults; keys the model lacks are ignored).
  std::vector<std::string> dynamics;
  std::string length_parameter = "steps";
  nlohmann::json small_run = nlohmann::json::object();
};

// Every registered model: those of sim/models/ (alphabetical), then those a program added
// (engine/model_registration.hpp) in the order it added them.
const std::vector<model_entry>& all_models();
const model_entry* find_model(std::string_view name);
// The model `lnsgd simulate` runs without --model: the main paper's.
inline constexpr const char* default_model = "two-layer-linear";

}  // namespace lnsgd::sim
