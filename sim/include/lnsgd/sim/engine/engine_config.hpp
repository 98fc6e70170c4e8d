#pragma once
// The parameters every model shares through the engine: which dynamics, its step size and noise, the run's length,
// seeds, ensemble, precision and records. A model's config derives from it and adds its own (docs/architecture.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/parameters.hpp"

namespace lnsgd::sim {

struct engine_config {
  std::string model;
  std::string dynamics = "label-noise-sgd";  // label-noise-sgd | sam | gradient-flow | sde | sde-full
  double eta = 1e-3;                         // step size
  double sigma = 0;                          // label-noise level
  std::string label_noise = "rademacher";    // rademacher | gaussian
  std::int64_t batch = 1;                    // B, drawn uniformly with replacement
  bool full_batch = false;                   // all n samples every step (GD)
  double rho = 0.05;                         // SAM perturbation radius
  std::string schedule = "constant";         // constant | periodic
  std::int64_t noise_on = 5000;
  std::int64_t noise_off = 5000;
  std::int64_t steps = 10000;
  std::int64_t seed = 1;
  std::int64_t data_seed = -1;               // -1: the seed
  std::int64_t substeps = 4;                 // sde, sde-full: Euler-Maruyama steps per step
  std::int64_t trajectories = 1;
  std::int64_t threads = 0;                  // 0: all cores (results never depend on it)
  std::string precision = "double";          // double | long-double | float50
  std::string record = "log";                // log | linear
  std::int64_t record_points = 200;
  std::vector<std::int64_t> snapshots = {};  // empty: 0, steps/10, steps/2, steps
  std::string out = "lnsgd-out";
  bool quiet = false;
};

// Registers engine_config's fields in a model's table (the model's own defaults: set them in its config struct).
template <class Config>
void add_engine_parameters(parameter_table<Config>& t) {
  using E = engine_config;
  t.add("model", &E::model, "the model (lnsgd models lists them)")
      .add("dynamics", &E::dynamics,
           "label-noise-sgd (--sigma 0: SGD; --full-batch: GD), sam, gradient-flow (Odeint; step k is flow time eta "
           "k), sde (the label-noise SDE, Euler-Maruyama; flow time eta k) or sde-full (the full first-order modified "
           "equation: label noise plus SGD's sampling noise)")
      .add("eta", &E::eta, "step size")
      .add("sigma", &E::sigma, "label-noise level: targets y + eps, eps = +-sigma (0: no label noise)")
      .add("label_noise", &E::label_noise, "label-noise law: rademacher (+-sigma) or gaussian (sigma N(0,1))")
      .add("batch", &E::batch, "batch size B, sampled uniformly with replacement")
      .add("full_batch", &E::full_batch, "use all n samples every step (gradient descent)")
      .add("rho", &E::rho, "SAM perturbation radius")
      .add("schedule", &E::schedule, "label-noise schedule: constant or periodic")
      .add("noise_on", &E::noise_on, "periodic schedule: steps with noise")
      .add("noise_off", &E::noise_off, "periodic schedule: steps without noise")
      .add("steps", &E::steps, "number of steps")
      .add("seed", &E::seed, "seed of initialisation and noise (trajectory k uses stream k)")
      .add("data_seed", &E::data_seed, "seed of the data set (-1: the seed)")
      .add("substeps", &E::substeps, "sde, sde-full: Euler-Maruyama steps per step (h = eta / substeps)")
      .add("trajectories", &E::trajectories, "ensemble size")
      .add("threads", &E::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it")
      .add("precision", &E::precision, "double, long-double or float50 (50 decimal digits)")
      .add("record", &E::record, "record-point spacing: log or linear")
      .add("record_points", &E::record_points, "number of record points")
      .add("snapshots", &E::snapshots, "steps of the snapshots (default 0, steps/10, steps/2, steps)")
      .add("out", &E::out, "output directory (replaced only if it holds exactly a previous lnsgd output)")
      .add("quiet", &E::quiet, "no progress display");
}

// "field = value (accepted: ...)" for the first engine field out of range, or nullopt; `dynamics` lists the
// dynamics the model runs.
std::optional<std::string> validate_engine(const engine_config& c, const std::vector<std::string>& dynamics);

// data_seed = seed when -1, the default snapshot steps.
void resolve_engine_defaults(engine_config& c);

}  // namespace lnsgd::sim
