#pragma once
// The hypotheses of Gatmiry et al.'s results (related-work digest B.1, B.3), evaluated on a fixed-output setup and
// the data it runs on, never assumed: the verdicts' regimes come from here.
#include <vector>

#include "fixed_output_runs.hpp"
#include "lnsgd/checks/hypotheses.hpp"

namespace lnsgd::checks::gatmiry {

// What the exact identity (I - P) theta_j frozen needs: every gradient in span{x_i}, i.e. no weight decay.
std::vector<hypothesis> identity_hypotheses(const fixed_output_setup& s);

// Theorems 2 and 3 through the small-eta limit, for label-noise SGD at s: the identity's hypothesis, n <= d,
// linearly independent inputs (sigma_min(X) / sigma_max(X) > 1e-10), Assumption 1 (phi' >= rho1 > 0,
// phi''' >= rho2 > 0) and the small-eta limit (never met at a simulable eta: named, digest B.2).
std::vector<hypothesis> theorem_hypotheses(const fixed_output_setup& s);

}  // namespace lnsgd::checks::gatmiry
