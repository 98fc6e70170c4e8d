#pragma once
// Lemma 4.3 (Zhang et al. 2026): progressive shrinkage of the first layer at every step of Phase I.
#include <cmath>

#include <boost/math/constants/constants.hpp>

namespace lnsgd::theory {

// Lemma 4.3: rho = 2 sqrt(d) / sqrt(pi) (printed "rho = 2 sqrt d sqrt pi"; the reading: docs/theory-map.md).
template <class Scalar>
Scalar shrinkage_rho(Scalar d) {
  using std::sqrt;
  return Scalar(2) * sqrt(d) / boost::math::constants::root_pi<Scalar>();
}

// Lemma 4.3.1: P(Delta W_i(j) <= 0) >= 1 - rho / m^(1/8).
template <class Scalar>
Scalar nonpositive_probability_bound(Scalar m, Scalar d) {
  using std::pow;
  return Scalar(1) - shrinkage_rho(d) / pow(m, Scalar(1) / 8);
}

// Lemma 4.3.1: P(Delta W_i(j) <= -(sigma/4)^2) >= 1/4.
template <class Scalar>
Scalar strong_shrinkage_threshold(Scalar sigma) {
  return -(sigma / 4) * (sigma / 4);
}
inline constexpr double strong_shrinkage_probability = 0.25;  // Lemma 4.3.1

// Derived: the sign bound is vacuous (<= 0) unless m > rho^8 = (4d/pi)^4.
template <class Scalar>
Scalar shrinkage_vacuity_width(Scalar d) {
  using std::pow;
  return pow(Scalar(4) * d / boost::math::constants::pi<Scalar>(), 4);
}

// Paper, text after Theorem 4.2: Delta W_i(j) = -r_j^2 ((x^T w_i(j))^2 - a_i(j)^2 ||x||^2). With g = r x (or the
// batch direction sum_k c_k x_k) this is -((w_i^T g)^2 - a_i^2 ||g||^2), the form evaluated here.
// Works on scalars and, coefficient-wise, on Eigen arrays of all neurons at once.
template <class W, class A, class Scalar>
auto delta_w(const W& w_dot_g, const A& a, const Scalar& g_norm2) {
  return a * a * g_norm2 - w_dot_g * w_dot_g;
}

}  // namespace lnsgd::theory
