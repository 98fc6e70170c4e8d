#pragma once
// The small-eta limit of label-noise SGD on the two-layer linear net: on the zero-loss set it follows the gradient
// flow of the sharpness tr Hessian L in time eta^2 k (Li-Wang-Arora; Damian et al.; related-work digest, B.2 and
// section 6), which ends at the interpolator of least sharpness. With S = X^T X / n, theta = W^T a:
#include <cmath>

namespace lnsgd::theory {

// tr Hessian L at a zero-loss point = (1/n) sum_i (||W x_i||^2 + ||a||^2 ||x_i||^2) (related-work digest, section 6).
template <class Scalar>
Scalar zero_loss_sharpness(const Scalar& mean_w_x_norm2, const Scalar& a_norm2, const Scalar& trace_s) {
  return mean_w_x_norm2 + a_norm2 * trace_s;
}

// ||a||^2 at the sharpness minimiser: sqrt(theta^T S theta / tr S) (related-work digest, section 6).
template <class Scalar>
Scalar least_sharpness_a_norm2(const Scalar& theta_s_theta, const Scalar& trace_s) {
  using std::sqrt;
  return sqrt(theta_s_theta / trace_s);
}

// The least sharpness over interpolators of theta: 2 sqrt(theta^T S theta tr S) (related-work digest, section 6);
// attained at W = a theta^T / ||a||^2 (rank one, every neuron aligned with theta).
template <class Scalar>
Scalar least_sharpness(const Scalar& theta_s_theta, const Scalar& trace_s) {
  using std::sqrt;
  return 2 * sqrt(theta_s_theta * trace_s);
}

// Time of the sharpness flow after k steps of label-noise SGD: eta^2 sigma^2 k (B.2, "t = eta^2 k", with the
// sigma^2 of the flow's speed folded in) (derived).
template <class Scalar>
Scalar sharpness_flow_time(const Scalar& eta, const Scalar& sigma, const Scalar& steps) {
  return eta * eta * sigma * sigma * steps;
}

}  // namespace lnsgd::theory
