#pragma once
// The two-phase detector (paper Figs. 2 and 4), on a recorded series of mean ||w_i|| (N) and mean |cos(w_i, theta*)|
// (C). The unnormalised alignment mean |<w_i, theta*>| of the figures also shrinks with the norms when ||theta*||
// is O(1), so the detector reads "alignment" as the cosine:
//   Phase I ends at the first record where N <= N(0)/2, provided C <= C(0) + flat_tolerance at every record up to
//   it (the norm falls while the alignment stays flat);
//   Phase II starts at the first record where C >= C(0) + (1 - C(0))/2 (halfway to perfect alignment).
#include <cstdint>
#include <optional>
#include <vector>

namespace lnsgd::checks {

struct phase_times {
  std::optional<std::uint64_t> phase_one_end;
  std::optional<std::uint64_t> phase_two_start;
  bool two_phases() const { return phase_one_end && phase_two_start && *phase_one_end < *phase_two_start; }
};

inline constexpr double flat_tolerance = 0.1;

// Phase II's threshold on C: halfway from C(0) to perfect alignment.
inline double phase_two_threshold(double c0) { return c0 + (1 - c0) / 2; }

inline phase_times detect_phases(const std::vector<std::uint64_t>& steps, const std::vector<double>& norm,
                                 const std::vector<double>& cosine) {
  phase_times out;
  const double n0 = norm.front(), c0 = cosine.front();
  bool flat = true;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    flat = flat && cosine[k] <= c0 + flat_tolerance;
    if (!out.phase_one_end && flat && norm[k] <= n0 / 2) out.phase_one_end = steps[k];
    if (!out.phase_two_start && cosine[k] >= phase_two_threshold(c0)) out.phase_two_start = steps[k];
  }
  return out;
}

}  // namespace lnsgd::checks
