#pragma once
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::cli {

// Runs a model's resolved values, writes the output directory atomically, prints the model's summary to out.
// Returns exit_code::ok, ::diverged (outputs written, metadata says where), ::usage_error (an --out that cannot be
// used; nothing written) or ::failure (I/O; nothing written).
int simulate_command(const sim::model_entry& model, const nlohmann::json& values, std::ostream& out, std::ostream& err,
                     bool show_progress);

// The path every front end shares (lnsgd simulate, the Python module): the model's resolve() on the collected
// values (`given`: the keys the user set), a refusal of a run that cannot fit in memory, then simulate_command. A
// value resolve() rejects, or a run too big, is one line on err ("lnsgd simulate: invalid ...") and exit 2.
int resolve_and_simulate(const sim::model_entry& model, nlohmann::json values, const std::set<std::string>& given,
                         std::ostream& out, std::ostream& err, bool interactive);

}  // namespace lnsgd::cli
