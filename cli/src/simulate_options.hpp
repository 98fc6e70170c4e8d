#pragma once
// lnsgd simulate's command line, built from the chosen model's registry entry: one flag per parameter, with the
// model's default and meaning; then defaults, the config file and the flags merged into one set of values.
#include <CLI/CLI.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::cli {

// The model `simulate` runs: --model NAME (or --model=NAME) among args, else the config file's "model", else the
// default. nullopt (and `error` set to a one-line message) for a name that is not registered.
const sim::model_entry* choose_model(const std::vector<std::string>& args, std::string& error);

struct simulate_flags {
  const sim::model_entry* model = nullptr;
  std::string config_path;
  std::map<std::string, CLI::Option*> options;
  std::map<std::string, std::string> text;                // every parameter but booleans and lists, as given
  std::map<std::string, std::vector<std::string>> lists;  // integer lists
  std::map<std::string, bool> switches;                   // booleans
};

CLI::App* add_simulate(CLI::App& app, simulate_flags& flags);

// The model's defaults, then the config file, then the flags given; `given` names what the user set. A one-line
// error (naming the file or flag, the key, the value and what is accepted) or nullopt.
std::optional<std::string> collect_values(const simulate_flags& flags, nlohmann::json& values,
                                          std::set<std::string>& given);

}  // namespace lnsgd::cli
