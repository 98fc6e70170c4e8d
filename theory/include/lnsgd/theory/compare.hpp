#pragma once
// Comparisons that every scalar lnsgd runs in can answer, enclosures included: for a floating type the ordinary
// comparison; for an enclosure (an interval type with lower()/upper(), e.g. certified/interval.hpp) a comparison
// that is certain for every pair of points inside, or no answer where the enclosures overlap.
#include <optional>

namespace lnsgd::theory {

// An interval type: lower(x) and upper(x) found by argument-dependent lookup (Boost.Multiprecision's mpfi_float).
template <class Scalar>
concept enclosure = requires(const Scalar& x) {
  lower(x);
  upper(x);
};

// Whether a <= b. Enclosures: true when every point of a is <= every point of b, false when every point of a is
// > every point of b, and std::nullopt when they overlap (undecided). Never throws.
template <class Scalar>
std::optional<bool> certainly_le(const Scalar& a, const Scalar& b) {
  if constexpr (enclosure<Scalar>) {
    if (upper(a) <= lower(b)) return true;
    if (lower(a) > upper(b)) return false;
    return std::nullopt;
  } else {
    return a <= b;
  }
}

// max(a, b); for enclosures the enclosure of max over every pair of points, [max of lowers, max of uppers].
template <class Scalar>
Scalar maximum(const Scalar& a, const Scalar& b) {
  if constexpr (enclosure<Scalar>) {
    const auto lo = lower(a) < lower(b) ? lower(b) : lower(a);
    const auto hi = upper(a) < upper(b) ? upper(b) : upper(a);
    return Scalar(lo, hi);
  } else {
    return a < b ? b : a;
  }
}

}  // namespace lnsgd::theory
