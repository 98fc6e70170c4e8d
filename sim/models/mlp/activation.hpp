#pragma once
// The MLP's activations and their derivatives, written once for every scalar type (docs/models.md, "mlp").
#include <boost/math/constants/constants.hpp>
#include <cmath>
#include <optional>
#include <string>

namespace lnsgd::sim::models {

enum class mlp_activation { relu, erf, gelu };

inline std::optional<mlp_activation> parse_activation(const std::string& s) {
  if (s == "relu") return mlp_activation::relu;
  if (s == "erf") return mlp_activation::erf;
  if (s == "gelu") return mlp_activation::gelu;
  return std::nullopt;
}

// relu z = max(z, 0); erf z; gelu z = z Phi(z) = (z/2)(1 + erf(z/sqrt 2)) (Hendrycks and Gimpel, exact form).
template <class Scalar>
Scalar activate(mlp_activation a, const Scalar& z) {
  using std::erf;
  switch (a) {
    case mlp_activation::relu:
      return z > 0 ? z : Scalar(0);
    case mlp_activation::erf:
      return erf(z);
    case mlp_activation::gelu:
      return z * (Scalar(1) + erf(z * boost::math::constants::one_div_root_two<Scalar>())) / 2;
  }
  return z;
}

// relu' = [z > 0] (0 at the kink); erf' = (2/sqrt pi) exp(-z^2); gelu' = Phi(z) + z phi(z).
template <class Scalar>
Scalar activate_derivative(mlp_activation a, const Scalar& z) {
  using std::erf;
  using std::exp;
  namespace k = boost::math::constants;
  switch (a) {
    case mlp_activation::relu:
      return z > 0 ? Scalar(1) : Scalar(0);
    case mlp_activation::erf:
      return k::two_div_root_pi<Scalar>() * exp(-z * z);
    case mlp_activation::gelu:
      return (Scalar(1) + erf(z * k::one_div_root_two<Scalar>())) / 2 +
             z * exp(-z * z / 2) * k::one_div_root_two_pi<Scalar>();
  }
  return Scalar(1);
}

}  // namespace lnsgd::sim::models
