#include "lnsgd/checks/statistics.hpp"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

#include "lnsgd/sim/ensemble_mean.hpp"

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

line_fit fit_line(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.size() != y.size() || x.size() < 2) throw std::invalid_argument("fit_line: need >= 2 paired points");
  line_fit f;
  f.points = x.size();
  f.slope_ci.confidence = confidence;
  const double n = double(x.size());
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    mx += x[k] / n;
    my += y[k] / n;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxx += (x[k] - mx) * (x[k] - mx);
    sxy += (x[k] - mx) * (y[k] - my);
  }
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  if (x.size() >= 3) {
    double ssr = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double e = y[k] - (f.intercept + f.slope * x[k]);
      ssr += e * e;
    }
    const double se = std::sqrt(ssr / (n - 2) / sxx);
    const double t = boost::math::quantile(boost::math::students_t(n - 2), 1 - (1 - confidence) / 2);
    f.slope_ci.lower = f.slope - t * se;
    f.slope_ci.upper = f.slope + t * se;
  }
  return f;
}

loglog_fit fit_loglog(const std::vector<double>& x, const std::vector<double>& y, double confidence) {
  if (x.size() != y.size() || x.size() < 2) throw std::invalid_argument("fit_loglog: need >= 2 paired points");
  std::vector<double> lx, ly;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (!(x[k] > 0) || !(y[k] > 0)) throw std::invalid_argument("fit_loglog: values must be positive");
    lx.push_back(std::log(x[k]));
    ly.push_back(std::log(y[k]));
  }
  return fit_line(lx, ly, confidence);
}

mean_estimate mean_interval(const std::vector<double>& values, double confidence) {
  const auto e = sim::mean_with_interval(values, confidence);
  return {e.mean, {e.lower, e.upper, confidence}, e.samples};
}

}  // namespace lnsgd::checks
