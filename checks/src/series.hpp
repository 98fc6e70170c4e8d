#pragma once
// One trajectory of any model recorded in memory at chosen steps: the rows of the model's observables (those of
// `lnsgd simulate`) in double, for checks that judge a time series.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "lnsgd/checks/data_table.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/problem.hpp"

namespace lnsgd::checks {

struct series {
  std::vector<std::uint64_t> steps;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // NaN: undefined cell
  bool diverged = false;

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

// What record_series needs of a model's observables (e.g. two_layer_observables, diagonal_observables): its
// columns and a row for a state. An observer that also tallies every step has on_step(theta, t, last_step).
template <class O, class State>
concept SeriesObservables = requires(O& o, const State& theta, typename O::row_type& row) {
  { o.columns() } -> std::convertible_to<std::vector<std::string>>;
  o.record(theta, row);
};

// Nothing to do at a record point (record_series' default).
struct no_record_action {
  template <class State>
  void operator()(const State&, std::uint64_t) const {}
};

// Runs `stepper` on any model from theta for steps.back() steps through the engine's step loop, recording obs's row
// (in double) at every step in `steps` (sorted, from 0) and calling at_record(theta, t) there.
template <class Model, class Stepper, class Observables, class AtRecord = no_record_action>
  requires SeriesObservables<Observables, typename Model::vector_type>
series record_series(const sim::problem<Model>& sys, typename Model::vector_type theta, Stepper& stepper,
                     const typename Model::value_type& eta, Observables& obs, const std::vector<std::uint64_t>& steps,
                     AtRecord&& at_record = {}) {
  series s;
  s.columns = obs.columns();
  typename Observables::row_type row;
  std::size_t next = 0;
  const auto observe = [&](const auto& th, std::uint64_t t) {
    if constexpr (requires { obs.on_step(th, t, stepper.last_step()); })
      if (t > 0) obs.on_step(th, t, stepper.last_step());
    if (next < steps.size() && steps[next] == t) {
      ++next;
      obs.record(th, row);
      std::vector<double> values;
      for (const auto& v : row) values.push_back(v ? sim::to_double(*v) : undefined_cell);
      s.steps.push_back(t);
      s.rows.push_back(std::move(values));
      at_record(th, t);
    }
  };
  const auto res = sim::integrate_steps(stepper, sys, theta, 0, steps.back(), eta, observe);
  s.diverged = res.diverged;
  return s;
}

}  // namespace lnsgd::checks
