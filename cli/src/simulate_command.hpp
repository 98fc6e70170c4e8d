#pragma once
#include <iosfwd>

#include "lnsgd/sim/simulation_config.hpp"

namespace lnsgd::cli {

// Runs a validated config, writes the output directory atomically, prints a summary to out.
// Returns exit_code::ok, ::diverged (outputs written, metadata says where), or ::failure (I/O; nothing written).
int simulate_command(const sim::simulation_config& cfg, std::ostream& out, std::ostream& err, bool show_progress);

}  // namespace lnsgd::cli
