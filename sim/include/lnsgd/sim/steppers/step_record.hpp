#pragma once
// What a stepper drew and computed in its last step, for observers and divergence detection.
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

template <class Scalar, class Workspace>
struct step_record {
  std::uint64_t step = 0;                // the step index t of the draws (the state is now theta(t+1))
  std::vector<std::int64_t> indices;     // xi_t (the batch)
  std::vector<Scalar> targets;           // what sample k was trained on: y_k + eps_k (additive noise), a flipped label
  std::vector<Scalar> residuals;         // r_k = dl/df at the current point: f(x_k) - y_k - eps_k for the paper's loss
  // Set when the step was theta <- theta - eta * grad L_hat(theta) at the current point, so the exact per-step
  // identities of the paper apply; null for SAM and for the oscillation chain.
  const Workspace* gradient_step = nullptr;

  // Largest |r_k|, or +inf when any residual is NaN or infinite (divergence detection).
  double max_abs_residual() const {
    double worst = 0;
    for (const auto& r : residuals) {
      if (!is_finite(r)) return HUGE_VAL;
      worst = std::max(worst, std::abs(to_double(r)));
    }
    return worst;
  }
};

}  // namespace lnsgd::sim
