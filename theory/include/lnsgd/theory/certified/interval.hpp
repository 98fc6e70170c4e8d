#pragma once
// The certified twin of lnsgd's 50-digit scalar: MPFI intervals of 168-bit MPFR bounds with outward rounding
// (Boost.Multiprecision's mpfi_float backend; Debian libmpfi-dev). Every operation returns an enclosure of the
// exact real result for every point of its arguments, so a closed form evaluated on interval encloses its exact
// value. Failure: comparing two overlapping intervals with <, <= or == throws boost::multiprecision::interval_error
// (use theory/compare.hpp's certainly_le, which answers "undecided" instead); a domain error (log of an interval
// reaching 0) yields an enclosure containing NaN, never a silent point.
#include <mpfr.h>

#include <boost/multiprecision/mpfi.hpp>
#include <cstdio>  // before mpfr.h: declares its printf family
#include <string>

namespace lnsgd::theory {

// No expression templates: Eigen's matrices of interval behave like matrices of double (docs/concepts.md).
using interval =
    boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<50>, boost::multiprecision::et_off>;

// An MPFR bound printed with `digits` significant digits, rounded toward -inf (down) or +inf (up), so that the
// printed interval [down(lower), up(upper)] still encloses the exact value.
inline std::string directed_text(const mpfr_t bound, int digits, bool up) {
  char* buffer = nullptr;
  const int n = up ? mpfr_asprintf(&buffer, "%.*RUg", digits, bound) : mpfr_asprintf(&buffer, "%.*RDg", digits, bound);
  if (n < 0 || !buffer) return up ? "+inf" : "-inf";  // allocation failed: the widest honest answer
  std::string s(buffer);
  mpfr_free_str(buffer);
  return s;
}

// x printed as "[lower, upper]" with `digits` significant digits, outward-rounded.
inline std::string enclosure_text(const interval& x, int digits = 7) {
  std::string s = "[";  // appended, not "[" + std::string: GCC 12's -Wrestrict misfires on the latter
  s.append(directed_text(lower(x).backend().data(), digits, false)).append(", ");
  s.append(directed_text(upper(x).backend().data(), digits, true)).append("]");
  return s;
}

// The bounds of x as doubles rounded outward (a double enclosure of x, for JSON and figures).
inline double lower_double(const interval& x) { return mpfr_get_d(lower(x).backend().data(), MPFR_RNDD); }
inline double upper_double(const interval& x) { return mpfr_get_d(upper(x).backend().data(), MPFR_RNDU); }

// The width upper - lower as a double rounded up (an upper bound on the width).
inline double width_bound(const interval& x) { return mpfr_get_d(width(x).backend().data(), MPFR_RNDU); }

// Whether x contains the double v.
inline bool contains(const interval& x, double v) { return lower(x) <= v && v <= upper(x); }

}  // namespace lnsgd::theory
