#pragma once
// Everything a two-layer simulation run is a pure function of. Field names are the paper's symbols and double as
// the CLI flag names (--m, --eta, ...) and the JSON config keys; the table of fields is in
// sim/models/two_layer_linear/parameters.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/engine_config.hpp"

namespace lnsgd::sim {

// The two-layer net's config: the engine's fields (engine/engine_config.hpp) with the main paper's defaults, and
// its own (width, data sizes, theta*, block stepping, the CUDA backend, the tracked neuron).
struct simulation_config : engine_config {
  simulation_config() {
    model = "two-layer-linear";
    sigma = 4;        // the paper's "noise level 4"
    steps = 100000;
  }
  std::int64_t m = 1000;                     // width (oscillation: 1/sqrt(eta) unless given)
  std::int64_t d = 20;                       // input dimension
  std::int64_t n = 200;                      // training samples
  std::int64_t n_test = 1000;                // test samples
  std::string theta_star_norm = "1";         // ||theta*||: a positive number, or "a4" for m^(-1/4)
  std::int64_t block_steps = 8;              // B = 1, double: steps per block after the lazy phase (0: off)
  std::string backend = "cpu";               // cpu | cuda (label-noise SGD and SAM, B = 1, double, Rademacher noise)
  std::int64_t track_neuron = 0;
  double stop_escaped_fraction = 0;  // stop once this fraction of the m neurons left the lazy regime (0: off)
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
