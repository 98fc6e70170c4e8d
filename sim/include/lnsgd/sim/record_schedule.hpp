#pragma once
// The steps at which a recorder writes a row: linear (evenly spaced) or log-spaced, always with 0 and the last step.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace lnsgd::sim {

enum class spacing { linear, log };

// At most min(points, steps + 1) + 1 entries are held at any time: the steps come in increasing order and repeats
// are dropped as they come.
inline std::vector<std::uint64_t> record_steps(spacing how, std::uint64_t points, std::uint64_t steps) {
  std::vector<std::uint64_t> out{0};
  if (points > 1 && steps > 0) {
    for (std::uint64_t k = 1; k < points; ++k) {
      const double frac = double(k) / double(points - 1);
      const double s = how == spacing::linear ? frac * double(steps) : std::pow(double(steps), frac);
      const auto step = std::min<std::uint64_t>(steps, static_cast<std::uint64_t>(std::llround(s)));
      if (step > out.back()) out.push_back(step);
    }
  }
  if (out.back() != steps) out.push_back(steps);
  return out;
}

}  // namespace lnsgd::sim
