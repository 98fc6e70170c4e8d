#pragma once
// Strict JSON configs: every key must be a known parameter with a value of the right type.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "lnsgd/sim/simulation_config.hpp"

namespace lnsgd::cli {

// Applies the file's keys to cfg and adds them to `given`. Returns a one-line error naming the file, the key and
// what is accepted, or nullopt. cfg may be partly updated on error (callers discard it).
std::optional<std::string> load_config_json(const std::string& path, sim::simulation_config& cfg,
                                            std::set<std::string>& given);

// Every parameter as a JSON object (keys as in config files), for metadata.
nlohmann::json config_to_json(const sim::simulation_config& cfg);

}  // namespace lnsgd::cli
