#pragma once
// Strict JSON configs: a JSON object whose every key is a parameter of the chosen model, with a value of its kind.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::cli {

// The file's top-level object into `config`, or a one-line reason naming the file (unreadable, not a regular file,
// over 1 MB, malformed, nested deeper than 8 levels, a number beyond double's range, not an object).
std::optional<std::string> read_config_json(const std::string& path, nlohmann::json& config);

// Sets values[key] for every key of the config (converted to its parameter's kind) and adds it to `given`; a key
// the model does not accept, or a value that does not fit, is a one-line error starting with `source` (the file,
// "config PATH", or the caller, "simulate()") and naming the key, the value and what is accepted.
std::optional<std::string> apply_config(const sim::model_entry& model, const nlohmann::json& config,
                                        const std::string& source, nlohmann::json& values,
                                        std::set<std::string>& given);

// The models a parameter name belongs to, other than `model`, as "model A" or "models A, B" (for "did you mean
// --model X"), or empty.
std::string model_accepting(const std::string& key, const sim::model_entry& model);

}  // namespace lnsgd::cli
