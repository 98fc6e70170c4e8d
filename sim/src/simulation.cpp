#include "lnsgd/sim/simulation.hpp"

#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

simulation_result run_simulation(const simulation_config& cfg, const std::filesystem::path& dir,
                                 progress_counter* progress) {
  return with_precision(*parse_precision(cfg.precision), [&](auto zero) {
    return run_simulation_in<decltype(zero)>(cfg, dir, progress);
  });
}

}  // namespace lnsgd::sim
