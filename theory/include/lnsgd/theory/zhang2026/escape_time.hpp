#pragma once
// Time scales of Phase I (escape from the lazy regime) for label-noise SGD on the two-layer linear net.
#include <cmath>

namespace lnsgd::theory {

// Theorem 4.2 (Zhang et al. 2026): T1 = 384 sqrt(ln m) / (sigma^2 eta^2 sqrt(m)) steps.
template <class Scalar>
Scalar escape_time_bound(Scalar m, Scalar eta, Scalar sigma) {
  using std::log;
  using std::sqrt;
  return Scalar(384) * sqrt(log(m)) / (sigma * sigma * eta * eta * sqrt(m));
}

// Derived (docs/derivations.md section 3): t_esc ~ 2 / (sqrt(m) eta^2 sigma^2) steps from the mean shrinkage rate.
template <class Scalar>
Scalar escape_time_heuristic(Scalar m, Scalar eta, Scalar sigma) {
  using std::sqrt;
  return Scalar(2) / (sqrt(m) * eta * eta * sigma * sigma);
}

// Derived (docs/derivations.md section 7): per-sample curvature ~ m at NTK init, so batch-1 SGD is stable for eta*m
// <~ 2.
template <class Scalar>
Scalar stability_product(Scalar m, Scalar eta) {
  return eta * m;
}

}  // namespace lnsgd::theory
