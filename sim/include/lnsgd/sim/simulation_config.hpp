#pragma once
// Everything a simulation run is a pure function of. Field names are the paper's symbols and double as the
// CLI flag names (--m, --eta, ...) and the JSON config keys; the table of fields is in simulation_fields.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lnsgd::sim {

struct simulation_config {
  std::string model = "two-layer-linear";
  std::string dynamics = "label-noise-sgd";  // label-noise-sgd | sam | oscillation | gradient-flow | sde
  std::int64_t m = 1000;                     // width (oscillation: 1/sqrt(eta) unless given)
  std::int64_t d = 20;                       // input dimension
  std::int64_t n = 200;                      // training samples
  std::int64_t n_test = 1000;                // test samples
  std::string theta_star_norm = "1";         // ||theta*||: a positive number, or "a4" for m^(-1/4)
  double eta = 1e-3;                         // step size of both layers
  double sigma = 4;                          // label-noise level
  std::string label_noise = "rademacher";    // rademacher | gaussian
  std::int64_t batch = 1;                    // B, drawn uniformly with replacement
  bool full_batch = false;                   // use all n samples each step (GD)
  double rho = 0.05;                         // SAM perturbation radius
  std::string schedule = "constant";         // constant | periodic
  std::int64_t noise_on = 5000;              // periodic schedule: steps with noise
  std::int64_t noise_off = 5000;             // periodic schedule: steps without noise
  std::int64_t steps = 100000;
  std::int64_t seed = 1;
  std::int64_t data_seed = -1;               // -1: same as seed
  std::int64_t substeps = 4;                 // sde: Euler-Maruyama steps per step of eta (h = eta / substeps)
  std::int64_t block_steps = 8;              // label-noise SGD, B = 1, double: steps per block after the lazy phase (0: off)
  std::int64_t trajectories = 1;
  std::int64_t threads = 0;                  // 0: all cores (results never depend on it)
  std::string precision = "double";          // double | long-double | float50
  std::string backend = "cpu";               // cpu | cuda (label-noise SGD and SAM, B = 1, double, Rademacher noise)
  std::string record = "log";                // log | linear
  std::int64_t record_points = 200;
  std::vector<std::int64_t> snapshots = {};  // empty: 0, steps/10, steps/2, steps
  std::int64_t track_neuron = 0;
  std::string out = "lnsgd-out";
  bool quiet = false;
};

// "field = value (accepted: ...)" for the first invalid field, or nullopt. Checks every field's range and the
// relations between fields (batch <= n, track_neuron < m, snapshots <= steps, ...).
std::optional<std::string> validate(const simulation_config& cfg);

// ||theta*|| the config asks for (validate() first).
double theta_star_norm_value(const simulation_config& cfg);

// The defaults that depend on other fields: m = round(1/sqrt(eta)) for the oscillation chain (Lemma 4.4) when m
// was not given, data_seed = seed, and the default snapshot steps. Returns "field = value (accepted: ...)" if a
// default cannot be formed (1/sqrt(eta) beyond the largest width), else nullopt.
std::optional<std::string> resolve_defaults(simulation_config& cfg, bool m_given);

// The memory a run of cfg needs at its peak, in bytes, with `concurrent` trajectories in flight at once: the data,
// each trajectory's state with the copies its dynamics keeps (steppers, observers, integrator stages), the rows.
// An upper estimate (measured peaks are 0.5-0.9 of it; docs/simulate.md); validate() first.
double memory_needed(const simulation_config& cfg, std::int64_t concurrent);

}  // namespace lnsgd::sim
