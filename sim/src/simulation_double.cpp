// Explicit instantiation of the simulation driver for double (kept in its own translation unit: see docs/concepts.md).
#include "simulation_impl.hpp"

namespace lnsgd::sim {
template simulation_result run_simulation_in<double>(const simulation_config&, const std::filesystem::path&,
                                                 progress_counter*);
}  // namespace lnsgd::sim
