#include "regime_decisions.hpp"

#include <cmath>
#include <stdexcept>

namespace lnsgd::checks::regimes {

mean_estimate per_seed_exponent(const std::vector<double>& x, const std::vector<std::vector<double>>& ys) {
  return per_seed_exponent(x, ys, 0, x.size());
}

mean_estimate per_seed_exponent(const std::vector<double>& x, const std::vector<std::vector<double>>& ys,
                                std::size_t first, std::size_t count) {
  if (first + count > x.size() || count < 2) throw std::invalid_argument("per_seed_exponent: not enough points");
  const std::vector<double> xs(x.begin() + long(first), x.begin() + long(first + count));
  std::vector<double> slopes;
  for (const auto& y : ys) {
    if (y.size() != x.size()) throw std::invalid_argument("per_seed_exponent: a seed lacks readings");
    slopes.push_back(
        fit_loglog(xs, std::vector<double>(y.begin() + long(first), y.begin() + long(first + count))).slope);
  }
  return mean_interval(slopes);
}

mean_estimate across_seeds(const std::vector<std::vector<double>>& by_seed, std::size_t k) {
  std::vector<double> at;
  for (const auto& seed : by_seed) at.push_back(seed.at(k));
  return mean_interval(at);
}

status decide_exponent(const mean_estimate& e, double predicted, double band) {
  const double lo = predicted - band, hi = predicted + band;
  if (!std::isfinite(e.mean)) return status::inconclusive;
  if (e.ci.lower >= lo && e.ci.upper <= hi) return status::holds;
  if (e.ci.upper < lo || e.ci.lower > hi) return status::violated;
  return status::inconclusive;
}

status decide_approach(const mean_estimate& low, const mean_estimate& high, double predicted, double band) {
  if (!std::isfinite(high.mean) || !std::isfinite(low.mean)) return status::inconclusive;
  if (high.ci.lower <= predicted + band && high.ci.upper >= predicted - band) return status::holds;
  if (std::abs(high.mean - predicted) >= std::abs(low.mean - predicted)) return status::violated;
  return status::inconclusive;
}

std::optional<double> critical_batch(const std::vector<double>& batches, const std::vector<double>& norms,
                                     double ratio) {
  if (batches.size() != norms.size() || batches.empty()) throw std::invalid_argument("critical_batch: readings");
  const double target = std::log(ratio * norms.front());
  for (std::size_t k = 1; k < batches.size(); ++k) {
    if (std::log(norms[k]) <= target) continue;
    const double a = std::log(norms[k - 1]), b = std::log(norms[k]);
    const double f = a >= target ? 0.0 : (target - a) / (b - a);
    return std::exp(std::log(batches[k - 1]) + f * (std::log(batches[k]) - std::log(batches[k - 1])));
  }
  return std::nullopt;
}

std::optional<double> crossover_temperature(const std::vector<double>& temperatures, const std::vector<double>& errors,
                                            double departure, std::size_t baseline) {
  if (temperatures.size() != errors.size() || baseline < 1 || baseline >= errors.size())
    throw std::invalid_argument("crossover_temperature: readings");
  double e0 = 0;
  for (std::size_t k = 0; k < baseline; ++k) e0 += errors[k] / double(baseline);
  if (!(e0 > 0)) return std::nullopt;
  const auto d = [&](std::size_t k) { return std::abs(errors[k] / e0 - 1); };
  for (std::size_t k = baseline; k < errors.size(); ++k) {
    if (std::isnan(errors[k])) return std::nullopt;
    if (d(k) < departure) continue;
    const double a = d(k - 1), b = d(k);
    const double f = a >= departure ? 0.0 : (departure - a) / (b - a);
    return std::exp(std::log(temperatures[k - 1]) + f * (std::log(temperatures[k]) - std::log(temperatures[k - 1])));
  }
  return std::nullopt;
}

std::optional<mean_estimate> jackknife(
    std::size_t n, const std::function<std::optional<double>(const std::vector<bool>&)>& statistic) {
  if (n < 2) return std::nullopt;
  const auto all = statistic(std::vector<bool>(n, true));
  if (!all) return std::nullopt;
  std::vector<double> pseudo;
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<bool> keep(n, true);
    keep[s] = false;
    const auto without = statistic(keep);
    if (!without) return std::nullopt;
    pseudo.push_back(double(n) * *all - double(n - 1) * *without);
  }
  return mean_interval(pseudo);
}

status decide_common_exponent(const std::vector<mean_estimate>& lines, double band) {
  if (lines.size() < 2) return status::inconclusive;
  double m = 0;
  for (const auto& e : lines) m += e.mean / double(lines.size());
  std::vector<status> each;
  for (const auto& e : lines) each.push_back(decide_exponent(e, m, band));
  return every(each);
}

status decide_scaling_relation(const std::optional<mean_estimate>& a, const std::optional<mean_estimate>& difference,
                               double band) {
  if (!a || !difference) return status::inconclusive;
  return every({decide_direction({*a}, +1), decide_exponent(*difference, 0, band)});
}

status decide_direction(const std::vector<mean_estimate>& slopes, int sign) {
  bool all = !slopes.empty();
  for (const auto& s : slopes) {
    const double lo = sign > 0 ? s.ci.lower : -s.ci.upper, hi = sign > 0 ? s.ci.upper : -s.ci.lower;
    if (!std::isfinite(s.mean) || s.samples < 2) {
      all = false;
      continue;
    }
    if (hi < 0) return status::violated;
    all = all && lo > 0;
  }
  return all ? status::holds : status::inconclusive;
}

status decide_both_signs(const std::vector<mean_estimate>& effects) {
  std::size_t below = 0, above = 0, measured = 0;
  for (const auto& e : effects) {
    if (!std::isfinite(e.mean) || e.samples < 2) continue;
    ++measured;
    below += e.ci.upper < 0;
    above += e.ci.lower > 0;
  }
  if (below > 0 && above > 0) return status::holds;
  const bool all_measured = !effects.empty() && measured == effects.size();
  if (all_measured && (below == effects.size() || above == effects.size())) return status::violated;
  return status::inconclusive;
}

status every(const std::vector<status>& parts) {
  bool all = true;
  for (auto s : parts) {
    if (s == status::violated) return status::violated;
    all = all && s == status::holds;
  }
  return all ? status::holds : status::inconclusive;
}

status decide_identity(double largest_relative_deviation, double tol) {
  return largest_relative_deviation <= tol ? status::holds : status::violated;
}

}  // namespace lnsgd::checks::regimes
