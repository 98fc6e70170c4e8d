#pragma once
// Statistics for verdicts (Boost.Math distributions).
#include <cstdint>

namespace lnsgd::checks {

struct interval {
  double lower = 0;
  double upper = 1;
  double confidence = 0.95;
};

// Exact two-sided Clopper-Pearson interval for a binomial proportion: k successes in n trials.
interval clopper_pearson(std::uint64_t k, std::uint64_t n, double confidence = 0.95);

}  // namespace lnsgd::checks
