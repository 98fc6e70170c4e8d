#include "escape_sweeps.hpp"

#include <numeric>
#include <stdexcept>

#include "lnsgd/checks/sweep_readings.hpp"

namespace lnsgd::checks {
namespace {

using json = nlohmann::json;

// The fields a sweep cell runs; the escape experiment's instruments (a scaled W(0), Lemma 4.3's conditional
// probabilities, kept Delta W values, a run to the budget) are not the registry model's.
void require_sweepable(const escape_setup& s) {
  const escape_setup plain;
  if (s.first_layer_scale != plain.first_layer_scale || s.threshold_sigma != plain.threshold_sigma || s.run_to_budget ||
      s.conditional_stride != 0 || s.keep_delta_w_steps != 0)
    throw std::logic_error("escape sweep: a point sets a field the two-layer model does not run");
}

// [point][seed] from the readings' [seed][point].
std::vector<std::vector<double>> by_point(const std::vector<std::vector<double>>& by_seed) {
  const std::size_t points = by_seed.empty() ? 0 : by_seed.front().size();
  std::vector<std::vector<double>> out(points, std::vector<double>(by_seed.size()));
  for (std::size_t s = 0; s < by_seed.size(); ++s)
    for (std::size_t p = 0; p < points; ++p) out[p][s] = by_seed[s][p];
  return out;
}

}  // namespace

json escape_sweep_spec(const std::vector<escape_setup>& points, std::uint64_t seeds) {
  json list = json::array();
  for (const auto& s : points) {
    require_sweepable(s);
    list.push_back({{"m", s.m},
                    {"d", s.d},
                    {"n", s.n},
                    {"eta", s.eta},
                    {"sigma", s.sigma},
                    {"theta_star_norm", json(s.theta_star_norm).dump()},
                    {"data_seed", s.seed},
                    {"steps", s.max_steps},
                    {"stop_escaped_fraction", s.stop_fraction}});
  }
  std::vector<std::uint64_t> seed_list(seeds);
  std::iota(seed_list.begin(), seed_list.end(), 1);
  // Rows and snapshots are not read: two rows, the step-0 snapshot, a small test set.
  const json base = {{"model", "two-layer-linear"},
                     {"dynamics", "label-noise-sgd"},
                     {"batch", 1},
                     {"n_test", 10},
                     {"record_points", 2},
                     {"snapshots", {0}},
                     {"trajectories", 1}};
  return {{"base", base}, {"list", list}, {"seeds", seed_list}};
}

escape_sweep_readings run_escape_sweep(const std::vector<escape_setup>& points, std::uint64_t seeds) {
  const auto& r = run_sweep(escape_sweep_spec(points, seeds));
  return {by_point(r.by_seed("half_escaped_step")), by_point(r.by_seed("all_escaped_step")), r.failures()};
}

}  // namespace lnsgd::checks
