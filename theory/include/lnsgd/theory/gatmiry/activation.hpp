#pragma once
// The activations of the fixed-output network (related-work digest B.1): the paper needs phi' > 0 and phi''' > 0,
// which rules out ReLU, tanh and sigmoid; the admissible examples are phi(z) = z + z^3/3 and sinh (digest B.1,
// derived). Each gives phi and its first three derivatives in any scalar type.
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace lnsgd::theory::gatmiry {

enum class activation { cubic, sinh };

inline std::optional<activation> parse_activation(std::string_view name) {
  if (name == "cubic") return activation::cubic;
  if (name == "sinh") return activation::sinh;
  return std::nullopt;
}
inline const char* activation_names = "cubic (z + z^3/3), sinh";

// phi^(k)(z) for k = 0..3.
template <class Scalar>
Scalar activation_derivative(activation a, int k, const Scalar& z) {
  using std::cosh;
  using std::sinh;
  if (a == activation::sinh) return k % 2 == 0 ? Scalar(sinh(z)) : Scalar(cosh(z));
  switch (k) {  // z + z^3/3, 1 + z^2, 2 z, 2
    case 0: return z + z * z * z / Scalar(3);
    case 1: return Scalar(1) + z * z;
    case 2: return Scalar(2) * z;
    default: return Scalar(2);
  }
}

// Assumption 1's constants: inf_z phi'(z) = rho1 and inf_z phi'''(z) = rho2 (derived: cubic phi' = 1 + z^2 >= 1,
// phi''' = 2; sinh phi' = phi''' = cosh z >= 1). The theorem needs both > 0.
struct derivative_lower_bounds {
  double rho1, rho2;
};
inline derivative_lower_bounds assumption1_constants(activation a) {
  return a == activation::sinh ? derivative_lower_bounds{1, 1} : derivative_lower_bounds{1, 2};
}

}  // namespace lnsgd::theory::gatmiry
