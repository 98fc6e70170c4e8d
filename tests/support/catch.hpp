#pragma once
// The one place the test suite includes Catch2 (v2 from Debian), so a move to v3 touches one file.
#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "lnsgd/sim/precision.hpp"

namespace Catch {
// Failure messages show 50-digit numbers in full, not at 6 digits.
template <>
struct StringMaker<lnsgd::sim::float50> {
  static std::string convert(const lnsgd::sim::float50& x) {
    return x.str(std::numeric_limits<lnsgd::sim::float50>::max_digits10, std::ios::scientific);
  }
};
}  // namespace Catch
