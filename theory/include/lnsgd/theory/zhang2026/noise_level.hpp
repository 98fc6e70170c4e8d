#pragma once
// The paper's synthetic experiment uses "noise level 4" (code README) without saying whether that is sigma or
// sigma^2 (the paper's code README; docs/theory-map.md, reading notes). Both readings, so every output can say which
// one it used and what the other would give.
#include <cmath>

namespace lnsgd::theory {

// Reading 1 (used by lnsgd's defaults): eps = +-level, sigma = level.
template <class Scalar>
Scalar sigma_if_level_is_sigma(Scalar level) {
  return level;
}

// Reading 2: the level is the variance sigma^2, so sigma = sqrt(level).
template <class Scalar>
Scalar sigma_if_level_is_variance(Scalar level) {
  using std::sqrt;
  return sqrt(level);
}

}  // namespace lnsgd::theory
