#pragma once
// The mean of an ensemble's values with its Student-t interval (independent trajectories), for the summaries a
// model writes into metadata.json; the checks' mean_interval (checks/statistics.hpp) is this.
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

namespace lnsgd::sim {

struct ensemble_mean {
  double mean = 0;
  double lower = -HUGE_VAL, upper = HUGE_VAL;  // unbounded with fewer than two values
  double standard_error = HUGE_VAL;            // s / sqrt(n)
  std::size_t samples = 0;
};

// mean +- t_{n-1, (1+confidence)/2} s / sqrt(n).
inline ensemble_mean mean_with_interval(const std::vector<double>& values, double confidence = 0.95) {
  ensemble_mean m;
  m.samples = values.size();
  if (values.empty()) return m;
  const double n = double(values.size());
  for (double v : values) m.mean += v / n;
  if (values.size() < 2) return m;
  double ss = 0;
  for (double v : values) ss += (v - m.mean) * (v - m.mean);
  const double se = m.standard_error = std::sqrt(ss / (n - 1) / n);
  const double t = boost::math::quantile(boost::math::students_t(n - 1), 1 - (1 - confidence) / 2);
  m.lower = m.mean - t * se;
  m.upper = m.mean + t * se;
  return m;
}

}  // namespace lnsgd::sim
