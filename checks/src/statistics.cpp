#include "lnsgd/checks/statistics.hpp"

#include <boost/math/distributions/beta.hpp>

namespace lnsgd::checks {

// Clopper & Pearson (1934): lower = Beta^-1(alpha/2; k, n-k+1), upper = Beta^-1(1-alpha/2; k+1, n-k).
interval clopper_pearson(std::uint64_t k, std::uint64_t n, double confidence) {
  interval out;
  out.confidence = confidence;
  if (n == 0) return out;
  const double alpha = 1 - confidence;
  const double kd = double(k), nd = double(n);
  if (k > 0) out.lower = boost::math::quantile(boost::math::beta_distribution<>(kd, nd - kd + 1), alpha / 2);
  if (k < n) out.upper = boost::math::quantile(boost::math::beta_distribution<>(kd + 1, nd - kd), 1 - alpha / 2);
  return out;
}

}  // namespace lnsgd::checks
