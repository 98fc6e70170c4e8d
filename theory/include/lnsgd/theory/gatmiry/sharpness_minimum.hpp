#pragma once
// Gatmiry, Li, Reddi, Jegelka (simplicity bias via sharpness minimisation; related-work digest B.3) on the network
// f(x) = sum_j c phi(theta_j . x) with one output weight c > 0 for all m neurons and L = (1/2n) sum_i (f_i - y_i)^2,
// data x_1..x_n linearly independent (n <= d). Derivations in docs/derivations/gatmiry.md.
#include <boost/math/tools/roots.hpp>
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "lnsgd/theory/gatmiry/activation.hpp"

namespace lnsgd::theory::gatmiry {

// phi^{-1}(u) to full precision of Scalar, by Boost.Math's Newton-Raphson with a bracket (phi is increasing and
// unbounded for the admissible activations, so the root exists and is unique). Throws std::domain_error if the
// iteration does not converge within its step limit.
template <class Scalar>
Scalar phi_inverse(activation a, const Scalar& u) {
  using std::abs;
  // |phi(z)| >= |z| for both activations, so the root lies in [-|u| - 1, |u| + 1].
  const Scalar bound = abs(u) + Scalar(1);
  std::uintmax_t iterations = 200;
  const auto f = [&](const Scalar& z) {
    return std::make_pair(activation_derivative(a, 0, z) - u, activation_derivative(a, 1, z));
  };
  const Scalar z = boost::math::tools::newton_raphson_iterate(f, Scalar(0), Scalar(-bound), bound,
                                                             std::numeric_limits<Scalar>::digits, iterations);
  if (iterations >= 200) throw std::domain_error("phi_inverse: Newton-Raphson did not converge");
  return z;
}

// The agreement point (digest B.3, Theorem 2): at every global minimiser of tr Hessian L on the zero-loss set,
// theta_j . x_i = phi^{-1}(y_i / (m c)) for every neuron j (derived for a common output weight c).
template <class Scalar>
Scalar agreement_point(activation a, const Scalar& y, std::int64_t m, const Scalar& c) {
  return phi_inverse(a, y / (Scalar(m) * c));
}

// The minimal sharpness on the zero-loss set (digest B.3, derived; docs/derivations/gatmiry.md):
// tr Hessian L |min = (m c^2 / n) sum_i ||x_i||^2 phi'(phi^{-1}(y_i / (m c)))^2. X: n x d rows, y: n labels.
template <class Scalar, class Rows, class Vector>
Scalar minimal_sharpness(activation a, const Rows& x, const Vector& y, std::int64_t m, const Scalar& c) {
  Scalar sum = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const Scalar slope = activation_derivative(a, 1, agreement_point(a, Scalar(y[i]), m, c));
    sum += x.row(i).squaredNorm() * slope * slope;
  }
  return Scalar(m) * c * c * sum / Scalar(double(x.rows()));
}

// The sharpness flow's clock (digest B.2, derived): label-noise SGD follows the Riemannian flow of tr Hessian L on
// the zero-loss set in t = eta^2 sigma^2 k, so a rate per step scales as eta^2 sigma^2.
template <class Scalar>
Scalar sharpness_flow_time(const Scalar& eta, const Scalar& sigma, const Scalar& steps) {
  return eta * eta * sigma * sigma * steps;
}

}  // namespace lnsgd::theory::gatmiry
