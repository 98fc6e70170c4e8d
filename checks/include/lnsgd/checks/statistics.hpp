#pragma once
// Statistics for verdicts (Boost.Math distributions).
#include <cmath>
#include <cstdint>
#include <vector>

namespace lnsgd::checks {

struct interval {
  double lower = 0;
  double upper = 1;
  double confidence = 0.95;
};

// Exact two-sided Clopper-Pearson interval for a binomial proportion: k successes in n trials.
interval clopper_pearson(std::uint64_t k, std::uint64_t n, double confidence = 0.95);

// Least-squares fit of y = intercept + slope x, with a two-sided Student-t interval for the slope (n - 2 degrees of
// freedom; needs n >= 3 points for an interval, else the interval is infinite).
struct line_fit {
  double slope = 0, intercept = 0;
  interval slope_ci{-HUGE_VAL, HUGE_VAL, 0.95};
  std::size_t points = 0;
};
line_fit fit_line(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);

// The same fit of log(y) against log(x) (x, y > 0): the slope is a scaling exponent.
using loglog_fit = line_fit;
loglog_fit fit_loglog(const std::vector<double>& x, const std::vector<double>& y, double confidence = 0.95);

// Sample mean with a two-sided Student-t interval (n - 1 degrees of freedom; n >= 2, else infinite).
struct mean_estimate {
  double mean = 0;
  interval ci{-HUGE_VAL, HUGE_VAL, 0.95};
  std::size_t samples = 0;
};
mean_estimate mean_interval(const std::vector<double>& values, double confidence = 0.95);

// The decision of a fitted scaling exponent: its interval meets predicted +- band and does not contain `excluded`
// (a wrong exponent the fit must reject).
inline bool exponent_matches(const line_fit& f, double predicted, double band, double excluded) {
  return f.slope_ci.lower <= predicted + band && f.slope_ci.upper >= predicted - band &&
         !(f.slope_ci.lower <= excluded && f.slope_ci.upper >= excluded);
}

}  // namespace lnsgd::checks
