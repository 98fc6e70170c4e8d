#pragma once
#include <iosfwd>
#include <nlohmann/json.hpp>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::cli {

// Runs a model's resolved values, writes the output directory atomically, prints the model's summary to out.
// Returns exit_code::ok, ::diverged (outputs written, metadata says where), ::usage_error (an --out that cannot be
// used; nothing written) or ::failure (I/O; nothing written).
int simulate_command(const sim::model_entry& model, const nlohmann::json& values, std::ostream& out, std::ostream& err,
                     bool show_progress);

}  // namespace lnsgd::cli
