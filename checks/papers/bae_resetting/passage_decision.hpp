#pragma once
// The decision every first-passage claim shares (docs/checks.md, "First passage under resetting"): a simulated mean,
// its time-step bias removed, against a prediction, with a Bonferroni-corrected normal interval over the points of
// a claim. Censored searchers make a finite prediction untestable at that point (inconclusive), and are what an
// infinite prediction requires.
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "lnsgd/checks/verdict.hpp"
#include "passage_runs.hpp"

namespace lnsgd::checks::resetting {

// The two-sided normal quantile for `points` simultaneous 95% intervals (Bonferroni).
inline double simultaneous_z(std::size_t points) {
  return boost::math::quantile(boost::math::normal(), 1 - 0.05 / (2 * double(points)));
}

// holds: |mean - predicted| <= z se (finite prediction, nothing censored) or some searcher censored (infinite
// prediction); violated: outside the interval, or an infinite prediction with every searcher at the target;
// inconclusive: a finite prediction with censored searchers (their mean is not the mean).
inline status against_prediction(const extrapolated_passage& e, double predicted, double z) {
  if (!std::isfinite(predicted)) return e.censored > 0 ? status::holds : status::violated;
  if (e.censored > 0) return status::inconclusive;
  return std::abs(e.mean - predicted) <= z * e.standard_error ? status::holds : status::violated;
}

// All points: violated if any is, holds if all do, else inconclusive.
inline status combine(const std::vector<status>& points) {
  bool all = true;
  for (auto s : points) {
    if (s == status::violated) return status::violated;
    all = all && s == status::holds;
  }
  return all ? status::holds : status::inconclusive;
}

}  // namespace lnsgd::checks::resetting
