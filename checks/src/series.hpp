#pragma once
// One trajectory of the two-layer net recorded in memory at chosen steps: the observables of `lnsgd simulate`
// (two_layer_observables) in double, for checks that judge a time series.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "lnsgd/checks/data_table.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/problem.hpp"

namespace lnsgd::checks {

struct series {
  std::vector<std::uint64_t> steps;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // NaN: undefined cell
  bool diverged = false;
  std::int64_t all_escaped_step = -1;  // when the last neuron left the lazy regime (Definition 4.1); -1: never
  // Every neuron at the snapshot steps (paper Fig. 2, bottom row): step, neuron, ||w_i||, <w_i, theta*>, a_i.
  data_table snapshots{"snapshots", "every neuron at chosen steps", {"step", "neuron", "w_norm", "w_dot_theta_star", "a"}};

  // Value of `name` at record k.
  double at(const std::string& name, std::size_t k) const {
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c] == name) return rows[k][c];
    throw std::logic_error("series: no column " + name);
  }
  std::vector<double> column(const std::string& name) const {
    std::vector<double> out;
    for (std::size_t k = 0; k < rows.size(); ++k) out.push_back(at(name, k));
    return out;
  }
  // The named columns as a table with a leading "step" column.
  data_table table(std::string name, std::string caption, const std::vector<std::string>& names) const {
    std::vector<std::string> cols{"step"};
    cols.insert(cols.end(), names.begin(), names.end());
    data_table t(std::move(name), std::move(caption), cols);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      std::vector<double> row{double(steps[k])};
      for (const auto& n : names) row.push_back(at(n, k));
      t.add(std::move(row));
    }
    return t;
  }
};

// Runs `stepper` from theta for steps.back() steps, recording at every step in `steps` (sorted, from 0), and every
// neuron at each of `snapshot_steps` (a subset of `steps`).
template <class Stepper>
series record_series(const sim::problem<sim::two_layer_linear<double>>& sys, sim::vector_t<double> theta,
                     Stepper& stepper, double eta, double sigma, bool gradient_steps,
                     const std::vector<std::uint64_t>& steps, const std::vector<std::uint64_t>& snapshot_steps = {}) {
  sim::two_layer_observables<double>::options opt;
  opt.eta = eta;
  opt.sigma = sigma;
  opt.gradient_steps = gradient_steps;
  sim::two_layer_observables<double> obs(sys.model, sys.data, theta, opt);
  series s;
  s.columns = obs.columns();
  sim::two_layer_observables<double>::row_type row;
  std::size_t next = 0;
  const auto res = sim::integrate_steps(stepper, sys, theta, 0, steps.back(), eta, [&](const auto& th, std::uint64_t t) {
    if (t > 0) obs.on_step(th, t, stepper.last_step());
    if (next < steps.size() && steps[next] == t) {
      ++next;
      obs.record(th, row);
      std::vector<double> values;
      for (const auto& v : row) values.push_back(v ? sim::to_double(*v) : undefined_cell);
      s.steps.push_back(t);
      s.rows.push_back(std::move(values));
      if (std::find(snapshot_steps.begin(), snapshot_steps.end(), t) != snapshot_steps.end())
        obs.snapshot(th, [&](auto i, double norm, double dot, double a, double) {
          s.snapshots.add({double(t), double(i), norm, dot, a});
        });
    }
  });
  s.diverged = res.diverged;
  s.all_escaped_step = obs.all_escaped_step();
  return s;
}

}  // namespace lnsgd::checks
