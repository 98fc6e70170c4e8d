#include "lnsgd/checks/statistics.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

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

loglog_fit fit_loglog(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.size() != y.size() || x.size() < 2) throw std::invalid_argument("fit_loglog: need >= 2 paired points");
  loglog_fit f;
  f.points = x.size();
  f.slope_ci.confidence = confidence;
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (!(x[k] > 0) || !(y[k] > 0)) throw std::invalid_argument("fit_loglog: values must be positive");
    mx += std::log(x[k]) / n;
    my += std::log(y[k]) / n;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double dx = std::log(x[k]) - mx, dy = std::log(y[k]) - my;
    sxx += dx * dx;
    sxy += dx * dy;
  }
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  if (x.size() >= 3) {
    double ssr = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double e = std::log(y[k]) - (f.intercept + f.slope * std::log(x[k]));
      ssr += e * e;
    }
    const double se = std::sqrt(ssr / (n - 2) / sxx);
    const double t = boost::math::quantile(boost::math::students_t(n - 2), 1 - (1 - confidence) / 2);
    f.slope_ci.lower = f.slope - t * se;
    f.slope_ci.upper = f.slope + t * se;
  }
  return f;
}

}  // namespace lnsgd::checks
