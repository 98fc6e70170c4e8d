#pragma once
// A recorded trajectory of the two-layer net (record_series with two_layer_observables), with what the main
// paper's checks read besides the rows: when every neuron had escaped, and every neuron at snapshot steps.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "series.hpp"

namespace lnsgd::checks {

struct two_layer_series : series {
  std::int64_t all_escaped_step = -1;  // when the last neuron left the lazy regime (Definition 4.1); -1: never
  // Every neuron at the snapshot steps (paper Fig. 2, bottom row): step, neuron, ||w_i||, <w_i, theta*>, a_i.
  data_table snapshots{
      "snapshots", "every neuron at chosen steps", {"step", "neuron", "w_norm", "w_dot_theta_star", "a"}};
};

// Runs `stepper` from theta for steps.back() steps, recording at every step in `steps` (sorted, from 0), and every
// neuron at each of `snapshot_steps` (a subset of `steps`).
template <class Stepper>
two_layer_series record_series(const sim::problem<sim::two_layer_linear<double>>& sys, sim::vector_t<double> theta,
                               Stepper& stepper, double eta, double sigma, bool gradient_steps,
                               const std::vector<std::uint64_t>& steps,
                               const std::vector<std::uint64_t>& snapshot_steps = {}) {
  sim::two_layer_observables<double>::options opt;
  opt.eta = eta;
  opt.sigma = sigma;
  opt.gradient_steps = gradient_steps;
  sim::two_layer_observables<double> obs(sys.model, sys.data, theta, opt);
  two_layer_series out;
  auto snapshot = [&](const sim::vector_t<double>& th, std::uint64_t t) {
    if (std::find(snapshot_steps.begin(), snapshot_steps.end(), t) != snapshot_steps.end())
      obs.snapshot(th, [&](auto i, double norm, double dot, double a, double) {
        out.snapshots.add({double(t), double(i), norm, dot, a});
      });
  };
  static_cast<series&>(out) = record_series(sys, std::move(theta), stepper, eta, obs, steps, snapshot);
  out.all_escaped_step = obs.all_escaped_step();
  return out;
}

}  // namespace lnsgd::checks
