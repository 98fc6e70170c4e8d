#pragma once
// The decisions of the resetting-SGD claims (docs/checks.md, "Resetting SGD"): per-seed gains paired by seed, and
// the rules that turn their intervals into verdicts, shared by every claim and its control and tested on their own
// (tests/checks/test_bae_resetting_sgd.cpp).
#include <cstddef>
#include <vector>

#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks::resetting {

// Per seed k: RDTAcc_k = (acc_k(r) - acc_k(0)) / acc_k(0), theta_best's clean test accuracy with and without
// resetting from the same start and batches (Bae et al., Setting 1's metric).
std::vector<double> relative_gain(const std::vector<double>& with, const std::vector<double>& without);

// Per seed k: a_k - b_k.
std::vector<double> paired_difference(const std::vector<double>& a, const std::vector<double>& b);

// The t-interval of a paired difference at the confidence of one of `comparisons` simultaneous 95% intervals
// (Bonferroni).
mean_estimate simultaneous_interval(const std::vector<double>& difference, std::size_t comparisons);

// Gains per level, ordered so that the prediction is "the gain grows from each level to the next". holds: the last
// level's gain and every consecutive paired difference have intervals above 0 (Bonferroni over these k comparisons);
// violated: one of them lies below 0; inconclusive otherwise.
status decide_growing_gain(const std::vector<std::vector<double>>& gains);

// The prediction "one of the candidate levels gains more than every other level". holds: some candidate's paired
// difference to every other level has an interval above 0; violated: some other level's difference to every
// candidate has an interval below 0 (Bonferroni over all candidate x other comparisons); inconclusive otherwise.
status decide_best_among(const std::vector<std::vector<double>>& candidates,
                         const std::vector<std::vector<double>>& others);

// The sign of a paired difference: holds if its 95% interval lies on the predicted side of 0, violated if it lies
// on the other, inconclusive if it contains 0.
status decide_sign(const std::vector<double>& difference, bool predicted_positive);

}  // namespace lnsgd::checks::resetting
