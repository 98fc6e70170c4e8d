#include "passage_runs.hpp"

#include <cmath>

#include "drift_diffusion/searcher.hpp"
#include "lnsgd/sim/ensemble_mean.hpp"

namespace lnsgd::checks::resetting {

passage_estimate simulate_passage(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed) {
  const auto steps = static_cast<std::uint64_t>(std::ceil(time_cap / dt));
  std::vector<sim::models::passage> runs(trajectories);
#pragma omp parallel for schedule(dynamic, 64)
  for (std::int64_t k = 0; k < std::int64_t(trajectories); ++k) {
    sim::models::searcher<double> searcher{
        s.drift, s.diffusion, s.target, s.reset_rate, true, sim::philox_noise(seed, std::uint64_t(k)), s.reset_point};
    runs[k] = sim::models::run_searcher(searcher, dt, steps, [](const auto&, std::uint64_t, std::uint64_t) {});
  }
  passage_estimate e;
  std::vector<double> times;
  for (const auto& r : runs) {
    e.times.push_back(r.reached ? double(r.steps_done) * dt : std::nan(""));
    if (r.reached)
      times.push_back(e.times.back());
    else
      ++e.censored;
  }
  e.completed = times.size();
  const auto m = sim::mean_with_interval(times);
  e.mean = m.mean;
  e.standard_error = m.standard_error;
  return e;
}

paired_change paired(const passage_estimate& a, const passage_estimate& b) {
  paired_change c;
  std::vector<double> d;
  for (std::size_t k = 0; k < std::min(a.times.size(), b.times.size()); ++k) {
    if (std::isnan(a.times[k]) || std::isnan(b.times[k]))
      ++c.censored;
    else
      d.push_back(a.times[k] - b.times[k]);
  }
  c.pairs = d.size();
  const auto m = sim::mean_with_interval(d);
  c.mean = m.mean;
  c.standard_error = m.standard_error;
  return c;
}

extrapolated_passage extrapolated(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed) {
  extrapolated_passage e;
  e.coarse = simulate_passage(s, dt, time_cap, trajectories, seed);
  e.fine = simulate_passage(s, dt / 2, time_cap, trajectories, seed + 1);
  e.mean = 2 * e.fine.mean - e.coarse.mean;
  e.standard_error =
      std::sqrt(4 * e.fine.standard_error * e.fine.standard_error + e.coarse.standard_error * e.coarse.standard_error);
  e.censored = e.coarse.censored + e.fine.censored;
  return e;
}

nlohmann::json to_json(const searcher_setup& s) {
  return {{"drift", s.drift},
          {"diffusion", s.diffusion},
          {"target", s.target},
          {"reset_rate", s.reset_rate},
          {"reset_point", s.reset_point}};
}

nlohmann::json to_json(const paired_change& c) {
  return {{"mean", c.mean}, {"standard_error", c.standard_error}, {"pairs", c.pairs}, {"censored", c.censored}};
}

nlohmann::json to_json(const extrapolated_passage& e) {
  const auto one = [](const passage_estimate& p) {
    return nlohmann::json{
        {"mean", p.mean}, {"standard_error", p.standard_error}, {"completed", p.completed}, {"censored", p.censored}};
  };
  return {{"coarse", one(e.coarse)},
          {"fine", one(e.fine)},
          {"extrapolated", e.mean},
          {"standard_error", e.standard_error},
          {"censored", e.censored}};
}

}  // namespace lnsgd::checks::resetting
