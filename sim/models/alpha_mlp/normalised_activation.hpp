#pragma once
// The activation normalised as in Sclocchi, Geiger, Wyart's nets: phi = g act with g = 1/sqrt(E[act(z)^2]),
// z ~ N(0, 1), so that E[phi(z)^2] = 1 (docs/models.md, "alpha-mlp").
#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <limits>

#include "mlp/activation.hpp"

namespace lnsgd::sim::models {

// E[act(z)^2] for z ~ N(0, 1): adaptive Gauss-Kronrod (Boost.Math) on (-inf, 0] and [0, inf), split at ReLU's kink.
// Closed forms, for the tests: relu 1/2; erf (2/pi) asin(2/3).
inline double activation_second_moment(mlp_activation a) {
  using boost::math::quadrature::gauss_kronrod;
  const double inf = std::numeric_limits<double>::infinity();
  const auto f = [a](double z) {
    const double v = activate(a, z);
    return v * v * std::exp(-z * z / 2) * boost::math::constants::one_div_root_two_pi<double>();
  };
  return gauss_kronrod<double, 61>::integrate(f, -inf, 0.0, 15, 1e-14) +
         gauss_kronrod<double, 61>::integrate(f, 0.0, inf, 15, 1e-14);
}

inline double normalising_gain(mlp_activation a) { return 1 / std::sqrt(activation_second_moment(a)); }

}  // namespace lnsgd::sim::models
