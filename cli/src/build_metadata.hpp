#pragma once
// What built this binary and what it links: recorded in every output (simulate's metadata.json, results.json).
#include <nlohmann/json.hpp>
#include <string>

namespace lnsgd::cli {

// lnsgd version and git describe, compiler, build type, library versions, the RNG.
nlohmann::json libraries();

// The current time in UTC, ISO 8601 ("2026-11-25T10:00:00Z").
std::string utc_now();

}  // namespace lnsgd::cli
