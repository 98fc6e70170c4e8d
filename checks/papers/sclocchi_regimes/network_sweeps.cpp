#include "network_sweeps.hpp"

#include <cmath>

#include "lnsgd/checks/statistics.hpp"

namespace lnsgd::checks::regimes {
namespace {

using json = nlohmann::json;

// 2^(first/per), 2^((first + 1)/per), ..., 2^(last/per).
std::vector<double> powers_of_two(int first, int last, int by, int per = 1) {
  std::vector<double> v;
  for (int k = first; k <= last; k += by) v.push_back(std::exp2(double(k) / per));
  return v;
}

}  // namespace

const network_setup& network(profile p) {
  static const network_setup full = [] {
    network_setup s;
    s.rows = powers_of_two(-4, 10, 2);
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
    s.rows = powers_of_two(-2, 10, 4);
    s.temperatures = powers_of_two(-9, -3, 2);
    s.seeds = {1, 2};
    return s;
  }();
  return p == profile::full ? full : quick;
}

const network_setup& lazy_network(profile p) {
  static const network_setup full = [] {
    network_setup s;
    s.data = "teacher";
    s.input_dim = 8;
    s.alpha = 4096;
    s.steps = 1000000;
    s.rows = powers_of_two(10, 14, 1);
    // Two for the T -> 0 error, octaves for the exponents, half octaves where T_c falls.
    s.temperatures = {std::exp2(-10), std::exp2(-9.5), std::exp2(-8), std::exp2(-7), std::exp2(-6)};
    for (double t : powers_of_two(-11, -6, 1, 2)) s.temperatures.push_back(t);
    s.seeds = {1, 2, 3, 4, 5};
    return s;
  }();
  static const network_setup quick = [] {
    network_setup s = full;
    s.hidden = {16, 16};
    s.steps = 100000;
    s.rows = powers_of_two(8, 10, 1);
    s.temperatures = powers_of_two(-10, -3, 1);
    s.seeds = {1, 2};
    return s;
  }();
  return p == profile::full ? full : quick;
}

json network_setup_json(const network_setup& s) {
  return {{"model", "alpha-mlp"},
          {"data", s.data},
          {"input_dim", s.input_dim},
          {"n", s.n},
          {"n_test", s.n_test},
          {"hidden", s.hidden},
          {"activation", s.activation},
          {"alpha", s.alpha},
          {"batch", s.batch},
          {"steps", s.steps},
          {"rows", s.rows},
          {"temperatures", s.temperatures},
          {"seeds", s.seeds}};
}

json grid_spec(const network_setup& s, const std::string& row_key) {
  json base = {
      {"model", "alpha-mlp"},       {"data", s.data},   {"n", s.n},         {"n_test", s.n_test}, {"hidden", s.hidden},
      {"activation", s.activation}, {"alpha", s.alpha}, {"batch", s.batch}, {"steps", s.steps},   {"record_points", 1}};
  if (s.data == "teacher") base["input_dim"] = s.input_dim;
  base.erase(row_key);
  return {{"base", base}, {"grid", {{row_key, s.rows}, {"temperature", s.temperatures}}}, {"seeds", s.seeds}};
}

temperature_grid read_grid(const network_setup& s, const std::string& row_key) {
  const auto& r = run_sweep(grid_spec(s, row_key));
  temperature_grid out;
  out.rows = s.rows;
  out.temperatures = s.temperatures;
  out.seeds = s.seeds.size();
  const std::size_t nr = s.rows.size(), nt = s.temperatures.size(), ns = out.seeds;
  const auto grid = [&] { return std::vector(nr, std::vector(nt, std::vector<double>(ns, NAN))); };
  out.relative_change = grid();
  out.test_error = grid();
  out.converged.assign(nr, std::vector<int>(nt, 0));
  out.diverged.assign(nr, std::vector<int>(nt, 0));
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    const std::size_t row = i / (nt * ns), t = (i / ns) % nt, seed = i % ns;
    const auto& tr = r.cells[i].trajectories;
    if (tr.empty()) continue;
    out.diverged[row][t] += tr[0].value("status", "") == "diverged";
    if (!tr[0].value("converged", false)) continue;
    ++out.converged[row][t];
    out.relative_change[row][t][seed] = tr[0]["relative_change"].get<double>();
    out.test_error[row][t][seed] = tr[0]["test_error"].get<double>();
  }
  out.failures = r.failures();
  return out;
}

data_table grid_table(const temperature_grid& g, const std::string& name, const std::string& row_column,
                      const std::string& what) {
  data_table t(name,
               what +
                   ": |w - w0|/|w0| and the test error, mean and 95% t-interval over the seeds that reached zero "
                   "training loss; seeds converged and diverged per cell",
               {row_column, "temperature", "relative_change", "relative_lower", "relative_upper", "test_error",
                "error_lower", "error_upper", "converged", "diverged"});
  for (std::size_t a = 0; a < g.rows.size(); ++a)
    for (std::size_t k = 0; k < g.temperatures.size(); ++k) {
      std::vector<double> rel, err;
      for (std::size_t s = 0; s < g.seeds; ++s)
        if (std::isfinite(g.relative_change[a][k][s])) {
          rel.push_back(g.relative_change[a][k][s]);
          err.push_back(g.test_error[a][k][s]);
        }
      const auto m = rel.size() > 1 ? mean_interval(rel) : mean_estimate{rel.empty() ? NAN : rel[0]};
      const auto e = err.size() > 1 ? mean_interval(err) : mean_estimate{err.empty() ? NAN : err[0]};
      t.add({g.rows[a], g.temperatures[k], m.mean, m.ci.lower, m.ci.upper, e.mean, e.ci.lower, e.ci.upper,
             double(g.converged[a][k]), double(g.diverged[a][k])});
    }
  return t;
}

}  // namespace lnsgd::checks::regimes
