#pragma once
// How many OpenMP threads an ensemble of trajectories runs on: the requested count (0: all cores), never more than
// there are trajectories. Results never depend on it (each trajectory has its own Philox stream and part file).
#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace lnsgd::sim {

inline int ensemble_threads(std::int64_t requested, std::int64_t trajectories) {
  return static_cast<int>(std::min<std::int64_t>(requested > 0 ? requested : omp_get_max_threads(), trajectories));
}

}  // namespace lnsgd::sim
