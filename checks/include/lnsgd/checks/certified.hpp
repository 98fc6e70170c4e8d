#pragma once
// Verdicts against certified closed forms: a bound from theory/ evaluated on MPFI enclosures
// (theory/certified/interval.hpp) and compared with a measurement so that the comparison is certain, or reported
// undecided where the measurement lies inside the enclosure. A verdict decided this way has level certified_bound.
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "lnsgd/theory/certified/interval.hpp"
#include "lnsgd/theory/compare.hpp"

namespace lnsgd::checks {

// Whether measured >= bound for every point of the bound's enclosure (std::nullopt: measured lies inside it).
inline std::optional<bool> at_least(double measured, const theory::interval& bound) {
  return theory::certainly_le(bound, theory::interval(measured));
}

// The number of whole steps in a time T (floor T), when the enclosure of T decides it (std::nullopt: an integer
// lies inside the enclosure, so floor T is not certain).
inline std::optional<std::uint64_t> whole_steps_within(const theory::interval& t) {
  const double lo = std::floor(theory::lower_double(t)), hi = std::floor(theory::upper_double(t));
  if (lo != hi || lo < 0) return std::nullopt;
  return static_cast<std::uint64_t>(lo);
}

// An enclosure as JSON: {lower, upper} as outward-rounded doubles and its printed form.
inline nlohmann::json enclosure_json(const theory::interval& x) {
  return {
      {"lower", theory::lower_double(x)}, {"upper", theory::upper_double(x)}, {"enclosure", theory::enclosure_text(x)}};
}

}  // namespace lnsgd::checks
