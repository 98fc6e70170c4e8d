#pragma once
// Scalar types lnsgd runs every algorithm in, picked at run time by name (--precision).
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/eigen.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace lnsgd::sim {

// 50 significant decimal digits (168-bit mantissa), header-only, no allocation, no expression templates.
using float50 = boost::multiprecision::cpp_bin_float_50;

enum class precision { double_, long_double, float50 };

// Accepted spellings of --precision, in order.
inline constexpr std::string_view precision_names[] = {"double", "long-double", "float50"};

inline std::optional<precision> parse_precision(std::string_view s) {
  if (s == "double") return precision::double_;
  if (s == "long-double") return precision::long_double;
  if (s == "float50") return precision::float50;
  return std::nullopt;
}

inline std::string to_string(precision p) {
  return std::string(precision_names[static_cast<int>(p)]);
}

// Calls f(Scalar{}) with the scalar type named by p: the single run-time -> compile-time switch.
template <class F>
decltype(auto) with_precision(precision p, F&& f) {
  switch (p) {
    case precision::long_double: return f((long double)0);
    case precision::float50: return f(float50{});
    case precision::double_: break;
  }
  return f(double{});
}

// Human-readable description recorded in every output's metadata.
template <class Scalar>
std::string describe_scalar() {
  return std::to_string(std::numeric_limits<Scalar>::digits) + "-bit mantissa, " +
         std::to_string(std::numeric_limits<Scalar>::digits10) + " decimal digits";
}

template <class Scalar>
bool is_finite(const Scalar& x) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  return (isfinite)(x);
}

// out = a * b without a temporary (multiprecision types round once into out; built-in types just multiply).
template <class Scalar>
void multiply_into(Scalar& out, const Scalar& a, const Scalar& b) {
  if constexpr (boost::multiprecision::is_number<Scalar>::value)
    boost::multiprecision::multiply(out, a, b);
  else
    out = a * b;
}

template <class Scalar>
double to_double(const Scalar& x) {
  return static_cast<double>(x);
}

}  // namespace lnsgd::sim
