#include "passage_runs.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "lnsgd/sim/ensemble_mean.hpp"
#include "lnsgd/sim/sweep/run_sweep.hpp"
#include "series_table.hpp"

namespace lnsgd::checks::resetting {

namespace {

nlohmann::json passage_spec(const std::vector<passage_run>& runs, std::uint64_t seed) {
  // threads 0: a cell alone in the sweep runs its searchers on every core; cells run side by side otherwise.
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : runs)
    list.push_back({{"drift", r.setup.drift},
                    {"diffusion", r.setup.diffusion},
                    {"target", r.setup.target},
                    {"reset_rate", r.setup.reset_rate},
                    {"reset_point", r.setup.reset_point},
                    {"dt", r.dt},
                    {"steps", static_cast<std::int64_t>(std::ceil(r.time_cap / r.dt))},
                    {"trajectories", r.trajectories}});
  return {{"base", {{"model", "drift-diffusion"}, {"bridge", true}, {"path_steps", 0}, {"threads", 0}}},
          {"list", list},
          {"seeds", {seed}}};
}

// passage.csv (trajectory,passage_time,censored,resets,steps): a searcher's time is its steps times dt, as in the
// model's summary.
passage_estimate read_passages(const std::string& csv, double dt) {
  passage_estimate e;
  std::vector<double> times;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    const auto field = csv_fields(line);
    if (field.size() != 5) throw std::runtime_error("passage.csv: a row without 5 fields: " + line);
    const bool censored = field[2] == "1";
    e.times.push_back(censored ? std::nan("") : double(std::stoull(field[4])) * dt);
    if (censored)
      ++e.censored;
    else
      times.push_back(e.times.back());
  }
  e.completed = times.size();
  const auto m = sim::mean_with_interval(times);
  e.mean = m.mean;
  e.standard_error = m.standard_error;
  return e;
}

}  // namespace

std::vector<passage_estimate> simulate_passages(const std::vector<passage_run>& runs, std::uint64_t seed) {
  sim::sweep::sweep_spec spec;
  if (auto error = sim::sweep::parse_spec(passage_spec(runs, seed), spec))
    throw std::runtime_error("first-passage sweep: " + *error);
  const auto cells = sim::sweep::run_in_scratch(spec, 0, {"passage.csv"});
  std::vector<passage_estimate> out;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (cells[k].status != "completed" || !cells[k].files.count("passage.csv"))
      throw std::runtime_error("first-passage sweep: cell " + std::to_string(k) + " " + cells[k].status + " " +
                               cells[k].error);
    out.push_back(read_passages(cells[k].files.at("passage.csv"), runs[k].dt));
  }
  return out;
}

passage_estimate simulate_passage(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed) {
  return simulate_passages({{s, dt, time_cap, trajectories}}, seed).front();
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

std::vector<extrapolated_passage> extrapolated_grid(const std::vector<passage_run>& runs, std::uint64_t seed) {
  auto halved = runs;
  for (auto& r : halved) r.dt /= 2;
  const auto coarse = simulate_passages(runs, seed), fine = simulate_passages(halved, seed + 1);
  std::vector<extrapolated_passage> out;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    extrapolated_passage e{coarse[k], fine[k]};
    // Richardson: T(dt) = T + c dt + O(dt^2), so 2 T(dt/2) - T(dt) = T + O(dt^2) (docs/checks.md).
    e.mean = 2 * e.fine.mean - e.coarse.mean;
    e.standard_error = std::sqrt(4 * e.fine.standard_error * e.fine.standard_error +
                                 e.coarse.standard_error * e.coarse.standard_error);
    e.censored = e.coarse.censored + e.fine.censored;
    out.push_back(std::move(e));
  }
  return out;
}

extrapolated_passage extrapolated(const searcher_setup& s, double dt, double time_cap, std::uint64_t trajectories,
                                  std::uint64_t seed) {
  return extrapolated_grid({{s, dt, time_cap, trajectories}}, seed).front();
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
