#include "grid_exponents.hpp"

#include <cmath>
#include <optional>

namespace lnsgd::checks::regimes {
namespace {

// Along row `fixed` (over T) or along column `fixed` (over P): the per-seed slopes, or nullopt under 3 cells.
std::optional<std::vector<double>> line_slopes(const temperature_grid& g, bool along_t, std::size_t fixed) {
  const std::size_t count = along_t ? g.temperatures.size() : g.rows.size();
  std::vector<double> x;
  std::vector<std::vector<double>> ys(g.seeds);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t row = along_t ? fixed : k, t = along_t ? k : fixed;
    if (!g.all_converged(row, t)) continue;
    x.push_back(along_t ? g.temperatures[t] : g.rows[row]);
    for (std::size_t s = 0; s < g.seeds; ++s) ys[s].push_back(g.relative_change[row][t][s]);
  }
  if (x.size() < 3) return std::nullopt;
  std::vector<double> slopes;
  for (const auto& y : ys) slopes.push_back(fit_loglog(x, y).slope);
  return slopes;
}

line_exponents exponents(const temperature_grid& g, bool along_t) {
  line_exponents e;
  const auto& fixed = along_t ? g.rows : g.temperatures;
  for (std::size_t i = 0; i < fixed.size(); ++i)
    if (auto s = line_slopes(g, along_t, i)) {
      e.at.push_back(fixed[i]);
      e.exponent.push_back(mean_interval(*s));
      e.by_seed.push_back(std::move(*s));
    }
  return e;
}

}  // namespace

std::vector<double> line_exponents::seed_means() const {
  std::vector<double> out(by_seed.empty() ? 0 : by_seed[0].size(), 0.0);
  for (const auto& line : by_seed)
    for (std::size_t s = 0; s < line.size(); ++s) out[s] += line[s] / double(by_seed.size());
  return out;
}

line_exponents exponents_in_temperature(const temperature_grid& g) { return exponents(g, true); }
line_exponents exponents_in_rows(const temperature_grid& g) { return exponents(g, false); }

}  // namespace lnsgd::checks::regimes
