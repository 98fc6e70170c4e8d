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

}  // namespace lnsgd::theory::gatmiry
