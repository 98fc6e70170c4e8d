#pragma once
// One training run of the MLP (docs/models.md, "mlp"), shared by `lnsgd simulate --model mlp` (which writes the
// rows) and the checks (which keep them in memory): theta(0) from the trajectory's Philox stream, the linearised
// twin at the same theta(0) if asked, the config's dynamics through the engine's step loop (with model selection and
// stochastic resetting as its reset hook when validate_every > 0: mlp/resetting.hpp), and a callback at every record
// step. Divergence is reported in the result, with its step.
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/simulation.hpp"
#include "mlp/config.hpp"
#include "mlp/observables.hpp"

namespace lnsgd::sim::models {

// f(loss) with the config's class loss.
template <class Scalar, class F>
decltype(auto) with_class_loss(const std::string& name, F&& f) {
  if (name == "mse") return f(one_hot_squared_loss<Scalar>{});
  return f(softmax_cross_entropy<Scalar>{});
}

// f(policy) with the config's label-noise rule at rate tau over `classes` classes.
template <class Scalar, class F>
decltype(auto) with_flip_rule(const std::string& name, double tau, std::int64_t classes, F&& f) {
  if (name == "notebook") return f(notebook_flips<Scalar>{tau, classes, {}});
  return f(label_flips<Scalar>{tau, classes, {}});
}

// The record steps: every record_every epochs, and the last step (once).
inline std::vector<std::uint64_t> mlp_record_steps(const mlp_config& c) {
  std::vector<std::uint64_t> steps;
  const auto spe = std::uint64_t(c.steps_per_epoch());
  for (std::int64_t e = 0; e < c.epochs; e += c.record_every) steps.push_back(std::uint64_t(e) * spe);
  if (steps.empty() || steps.back() != std::uint64_t(c.steps())) steps.push_back(std::uint64_t(c.steps()));
  return steps;
}

inline class_sampling mlp_sampling(const mlp_config& c) {
  using kind = class_sampling::kind;
  return {c.full_batch ? kind::full_batch : c.sampling == "shuffle" ? kind::shuffle : kind::replacement, c.batch};
}

// Trains trajectory k of c; s holds theta at the end (or at divergence). on_record(observables, state, t) runs at
// every step t of mlp_record_steps(c) (the observables know the step: call obs.record to read a row).
template <class Scalar, class Noise, class Loss, class OnRecord>
integrate_result train_mlp(const mlp_config& c, const mlp<Scalar>& net, const data::classification_data<Scalar>& d,
                           Noise noise, Loss loss, std::uint64_t k, mlp_state<Scalar>& s, progress_counter* progress,
                           OnRecord&& on_record) {
  const philox_noise p(static_cast<std::uint64_t>(c.seed), k);
  const classification_problem<mlp<Scalar>> sys{net, d.train, p};
  net.initialize(s.net, p);
  const auto how = mlp_sampling(c);
  const Scalar rho = c.dynamics == "sam" ? Scalar(c.rho) : Scalar(0);
  std::optional<linearised_mlp<Scalar>> lin;
  std::optional<classification_problem<linearised_mlp<Scalar>>> lin_sys;
  std::optional<typename twin_stepper<Scalar, Noise, Loss>::lin_stepper> lin_step;
  if (c.linearised != "none") {  // clean: no label noise and no SAM; same: the network's dynamics
    lin.emplace(net, s.net);
    s.lin = s.net;
    lin_sys.emplace(classification_problem<linearised_mlp<Scalar>>{*lin, d.train, p});
    Noise lin_noise = noise;
    if (c.linearised == "clean") lin_noise.tau = 0;
    lin_step.emplace(*lin, how, lin_noise, loss, c.linearised == "clean" ? Scalar(0) : rho);
  }
  twin_stepper<Scalar, Noise, Loss> stepper({net, how, noise, loss, rho}, std::move(lin_sys), std::move(lin_step));
  mlp_observables<Scalar, Loss> obs(net, lin ? &*lin : nullptr, d, loss, std::uint64_t(c.steps_per_epoch()));
  obs.set_start(s.net);
  std::optional<stochastic_resetting<Scalar, Loss>> selection;
  if (c.selects_best()) {
    selection.emplace(net, d.validation, loss, mlp_resetting(c), p);
    selection->start(s.net);
    obs.track(&*selection);
  }
  if (c.gradient_bias) obs.track_bias(c.eta, double(c.full_batch ? c.n : c.batch));
  const auto records = mlp_record_steps(c);
  std::size_t next = 0;
  const auto record_due = [&](const mlp_state<Scalar>& state, std::uint64_t t) {
    if (next < records.size() && records[next] == t) {
      ++next;
      obs.at_step(t);
      on_record(obs, state, t);
    }
  };
  const auto steps = std::uint64_t(c.steps());
  std::uint64_t unreported = 0;
  // Rows are taken in the reset hook, after Algorithm 1's reset and validation, so a row shows theta(t) as the
  // iteration leaves it; it runs once per step, so it also counts progress (the observer records theta(0)).
  const auto result = integrate_controlled(
      stepper, sys, s, 0, steps, Scalar(c.eta),
      [&](const mlp_state<Scalar>& state, std::uint64_t t) {
        if (t == 0) record_due(state, t);
      },
      loop_controls{no_stop, [&](mlp_state<Scalar>& state, std::uint64_t t) {
                      const bool replaced = selection && selection->reset(state, t);
                      record_due(state, t);
                      if (progress && ++unreported == 64) progress->add(std::exchange(unreported, 0));
                      return replaced;
                    }});
  if (progress) progress->add(unreported + (result.diverged ? steps - result.steps_done : 0));
  return result;
}

}  // namespace lnsgd::sim::models
