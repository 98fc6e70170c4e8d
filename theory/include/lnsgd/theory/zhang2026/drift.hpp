#pragma once
// Effective Phase I drift (derived for lnsgd, docs/derivations.md section 2; not in the paper).
#include <cmath>

namespace lnsgd::theory {

// Derived (docs/derivations.md section 2, Isserlis): E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2)
//   - (sigma^2 + ||delta||^2) ||w_i||^2 - 2 (delta^T w_i)^2], D_i = ||w_i||^2 - a_i^2, delta = theta - theta*,
// for fresh x ~ N(0, I_d) and eps = +-sigma.
template <class Scalar>
Scalar expected_balance_drift(Scalar eta, Scalar sigma, Scalar d, Scalar a_i, Scalar w_norm2, Scalar delta_norm2,
                              Scalar delta_dot_w) {
  const Scalar s2 = sigma * sigma;
  return eta * eta *
         (a_i * a_i * (s2 * d + (d + 2) * delta_norm2) - (s2 + delta_norm2) * w_norm2 -
          Scalar(2) * delta_dot_w * delta_dot_w);
}

// Derived (docs/derivations.md section 2): mean ||w_i||^2 decays geometrically at about eta^2 (sigma^2 + ||delta||^2)
// per step.
template <class Scalar>
Scalar shrinkage_rate(Scalar eta, Scalar sigma, Scalar delta_norm2) {
  return eta * eta * (sigma * sigma + delta_norm2);
}

}  // namespace lnsgd::theory
