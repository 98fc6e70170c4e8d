#include "lnsgd/checks/sweep_readings.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace lnsgd::checks {

using json = nlohmann::json;

std::vector<std::vector<double>> sweep_readings::by_seed(const std::string& key) const {
  const std::size_t seeds = spec.seeds.size(), points = spec.points.size();
  std::vector<std::vector<double>> out(seeds, std::vector<double>(points, NAN));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& t = cells[i].trajectories;
    if (!t.empty() && t[0].contains(key) && t[0][key].is_number()) out[i % seeds][i / seeds] = t[0][key].get<double>();
  }
  return out;
}

std::vector<std::string> sweep_readings::failures() const {
  std::vector<std::string> out;
  const auto all = sim::sweep::cells(spec);
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (cells[i].status != "completed")
      out.push_back("cell " + std::to_string(i) + " (" + all[i].point.dump() + ", seed " + std::to_string(all[i].seed) +
                    "): " + cells[i].status + (cells[i].error.empty() ? "" : " (" + cells[i].error + ")"));
  return out;
}

const sweep_readings& run_sweep(const json& spec) {
  static std::mutex m;
  static std::map<std::string, std::unique_ptr<sweep_readings>> kept;
  std::lock_guard lock(m);
  auto& slot = kept[spec.dump()];
  if (!slot) {
    auto r = std::make_unique<sweep_readings>();
    if (auto error = sim::sweep::parse_spec(spec, r->spec)) throw std::runtime_error("sweep spec: " + *error);
    r->cells = sim::sweep::run_in_scratch(r->spec, 0);
    slot = std::move(r);
  }
  return *slot;
}

json readings_json(const std::vector<double>& x, const std::vector<std::vector<double>>& by_seed) {
  return {{"x", x}, {"seeds", by_seed}};
}

}  // namespace lnsgd::checks
