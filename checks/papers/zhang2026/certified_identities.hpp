#pragma once
// The two exact identities after Theorem 4.2 certified on a short trajectory: label-noise SGD run in interval
// arithmetic (theory/certified/interval.hpp), so each state is an enclosure of the exact-arithmetic trajectory for
// the same inputs and draws, and every residual enclosure must contain 0. A 50-digit twin runs from the same exact
// inputs (double data, double start) to measure how far it is from exact: inside the enclosure, its distance to
// the exact trajectory is at most the enclosure's width.
#include <cstdint>
#include <vector>

namespace lnsgd::checks {

struct certified_identity_setup {
  std::int64_t m = 16, d = 6, n = 50;
  double eta = 0.01, sigma = 4;
  std::uint64_t steps = 400, seed = 3;
  std::uint64_t record_every = 20;
  double nudge = 0;  // > 0 (the control): a_0 and w_00 moved by this much after step steps/2, inside that step
};

struct certified_identity_run {
  // The first step whose residual enclosure excludes 0 (-1: none), for each identity; the norm decomposition is
  // evaluated at every record point.
  std::int64_t step_identity_excludes_zero_at = -1, norm_identity_excludes_zero_at = -1;
  double max_step_residual_width = 0, max_norm_residual_width = 0;  // upper bounds on the residual widths
  bool float50_inside = true;  // the 50-digit state lay inside the enclosure at every record (to 60 digits)
  std::vector<double> record_steps, state_width, float50_distance;  // max over coordinates, per record
  bool finite = true;  // false: an enclosure became unbounded (the run is then not a certificate)
};

// Throws std::invalid_argument for zero sizes or steps.
certified_identity_run run_certified_identities(const certified_identity_setup& s);

}  // namespace lnsgd::checks
