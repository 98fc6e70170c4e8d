#pragma once
// The two-layer linear net's parameters (the main paper's setup): name (JSON key; the flag is --name with '_' as
// '-'), member, meaning. Its registry entry builds the command line's flags, config checks and metadata from it.
#include "lnsgd/sim/simulation_config.hpp"

namespace lnsgd::sim::models {

template <class Visitor>
void visit_simulation_fields(Visitor&& v) {
  using C = sim::simulation_config;
  v("model", &C::model, "model: two-layer-linear (y = a^T W x, paper Eq. 2)");
  v("dynamics", &C::dynamics, "label-noise-sgd (paper Eq. 3; --sigma 0 is vanilla SGD, --full-batch GD), sam, "
                              "oscillation (Lemma 4.4's chain), gradient-flow (of the full-batch loss, Odeint; step k "
                              "is flow time eta k), or sde (the label-noise SDE, Euler-Maruyama; flow time eta k)");
  v("m", &C::m, "width: number of neurons (oscillation: 1/sqrt(eta) unless given)");
  v("d", &C::d, "input dimension");
  v("n", &C::n, "training samples");
  v("n_test", &C::n_test, "test samples");
  v("theta_star_norm", &C::theta_star_norm,
    "||theta*||: a positive number (our default 1; the paper does not state it), or a4 for m^(-1/4)");
  v("eta", &C::eta, "step size of both layers");
  v("sigma", &C::sigma, "label-noise level: eps = +-sigma (0: no label noise)");
  v("label_noise", &C::label_noise, "label-noise law: rademacher (+-sigma) or gaussian (sigma N(0,1))");
  v("batch", &C::batch, "batch size B, sampled uniformly with replacement");
  v("full_batch", &C::full_batch, "use all n samples every step (gradient descent)");
  v("rho", &C::rho, "SAM perturbation radius");
  v("schedule", &C::schedule, "label-noise schedule: constant or periodic");
  v("noise_on", &C::noise_on, "periodic schedule: steps with noise");
  v("noise_off", &C::noise_off, "periodic schedule: steps without noise");
  v("steps", &C::steps, "number of steps (with stop_escaped_fraction: the cap)");
  v("stop_escaped_fraction", &C::stop_escaped_fraction,
    "stop a trajectory once at least this fraction of its m neurons has left the lazy regime (Definition 4.1): 0.5 "
    "at the median neuron's escape, 1 once all have; 0: run every step. A trajectory that reaches steps first is "
    "reported as not stopped");
  v("seed", &C::seed, "seed of initialisation and noise (trajectory k uses stream k)");
  v("data_seed", &C::data_seed, "seed of the data set (-1: the seed)");
  v("substeps", &C::substeps, "sde: Euler-Maruyama steps per step (h = eta / substeps)");
  v("block_steps", &C::block_steps,
    "label-noise SGD with B = 1 in double: after every neuron left the lazy regime, advance this many steps per "
    "pass over W (0: step by step; the trajectory agrees to rounding)");
  v("trajectories", &C::trajectories, "ensemble size");
  v("threads", &C::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it");
  v("precision", &C::precision, "double, long-double or float50 (50 decimal digits)");
  v("backend", &C::backend, "cpu, or cuda: the GPU ensemble (label-noise SGD or SAM, B = 1, double; rows at the "
                            "record steps only, no per-step statistics; docs/cuda.md)");
  v("record", &C::record, "record-point spacing: log or linear");
  v("record_points", &C::record_points, "number of record points");
  v("snapshots", &C::snapshots, "steps of the per-neuron snapshots (default 0, steps/10, steps/2, steps)");
  v("track_neuron", &C::track_neuron, "neuron whose path is recorded at every record point");
  v("out", &C::out, "output directory (replaced atomically)");
  v("quiet", &C::quiet, "no progress display");
}

}  // namespace lnsgd::sim::models
