#pragma once
// Batches of B distinct training indices per step, drawn afresh at every step (the sampling of Sclocchi, Geiger,
// Wyart's code: B indices without replacement inside the step, independent across steps), for any model.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/philox_noise.hpp"

namespace lnsgd::sim {

// B distinct indices of {0, ..., P - 1} for step t (Floyd's algorithm on Philox index draws, stream sample_index):
// a pure function of (noise, t, P, B).
inline void distinct_batch(const philox_noise& noise, std::uint64_t t, std::int64_t points, std::int64_t batch,
                           std::vector<std::int64_t>& out) {
  out.clear();
  for (std::int64_t j = points - batch; j < points; ++j) {
    const auto r =
        std::int64_t(noise.index(stream::sample_index, t, std::uint64_t(j - (points - batch)), std::uint64_t(j) + 1));
    out.push_back(std::find(out.begin(), out.end(), r) == out.end() ? r : j);
  }
}

}  // namespace lnsgd::sim
