#include "network_sweeps.hpp"

#include <cmath>
#include <mutex>

namespace lnsgd::checks::regimes {
namespace {

using json = nlohmann::json;

std::vector<double> powers_of_two(int first, int last, int by) {
  std::vector<double> v;
  for (int k = first; k <= last; k += by) v.push_back(std::ldexp(1.0, k));
  return v;
}

}  // namespace

const network_setup& network(profile p) {
  static const network_setup full = [] {
    network_setup s;
    s.alphas = powers_of_two(-4, 10, 2);
    s.temperatures = powers_of_two(-10, -3, 1);
    s.seeds = {1, 2, 3};
    return s;
  }();
  static const network_setup quick = [] {
    network_setup s = full;
    s.n = 128;
    s.n_test = 2000;
    s.hidden = {16, 16};
    s.steps = 10000;
    s.alphas = powers_of_two(-2, 10, 4);
    s.temperatures = powers_of_two(-9, -3, 2);
    s.seeds = {1, 2};
    return s;
  }();
  return p == profile::full ? full : quick;
}

json network_setup_json(profile p) {
  const auto& s = network(p);
  return {{"model", "alpha-mlp"},
          {"data", s.data},
          {"n", s.n},
          {"n_test", s.n_test},
          {"hidden", s.hidden},
          {"activation", s.activation},
          {"batch", s.batch},
          {"steps", s.steps},
          {"alphas", s.alphas},
          {"temperatures", s.temperatures},
          {"seeds", s.seeds}};
}

json phase_spec(profile p) {
  const auto& s = network(p);
  const json base = {{"model", "alpha-mlp"}, {"data", s.data},     {"n", s.n},
                     {"n_test", s.n_test},   {"hidden", s.hidden}, {"activation", s.activation},
                     {"batch", s.batch},     {"steps", s.steps},   {"record_points", 1}};
  return {{"base", base}, {"grid", {{"alpha", s.alphas}, {"temperature", s.temperatures}}}, {"seeds", s.seeds}};
}

const phase_readings& phase_diagram(profile p) {
  static phase_readings kept[2];
  static std::once_flag once[2];
  const int slot = p == profile::full ? 1 : 0;
  std::call_once(once[slot], [&] {
    const auto& s = network(p);
    const auto& r = run_sweep(phase_spec(p));
    auto& out = kept[slot];
    out.alphas = s.alphas;
    out.temperatures = s.temperatures;
    out.seeds = s.seeds.size();
    const std::size_t na = s.alphas.size(), nt = s.temperatures.size(), ns = out.seeds;
    const auto grid = [&] { return std::vector(na, std::vector(nt, std::vector<double>(ns, NAN))); };
    out.relative_change = grid();
    out.test_error = grid();
    out.converged.assign(na, std::vector<int>(nt, 0));
    out.diverged.assign(na, std::vector<int>(nt, 0));
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      const std::size_t a = i / (nt * ns), t = (i / ns) % nt, seed = i % ns;
      const auto& tr = r.cells[i].trajectories;
      if (tr.empty()) continue;
      out.diverged[a][t] += tr[0].value("status", "") == "diverged";
      if (!tr[0].value("converged", false)) continue;
      ++out.converged[a][t];
      out.relative_change[a][t][seed] = tr[0]["relative_change"].get<double>();
      out.test_error[a][t][seed] = tr[0]["test_error"].get<double>();
    }
    out.failures = r.failures();
  });
  return kept[slot];
}

}  // namespace lnsgd::checks::regimes
