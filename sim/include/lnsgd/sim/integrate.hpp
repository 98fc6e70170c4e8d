#pragma once
// The step loop shared by every discrete stepper, in the shape of Boost.Odeint's integrate_n_steps: the observer is
// called as obs(theta, t) at the initial state and after each step. Divergence (a non-finite or overflowing
// residual, or an observer throwing `divergence`) stops the loop and is reported with its step; stop predicates
// (zero training loss, first passage, ...) end it early and a reset hook may restore a saved state
// (integrate_controlled). advance() is the loop for experiments that only need the state at the end.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace lnsgd::sim {

struct integrate_result {
  bool diverged = false;
  std::uint64_t steps_done = 0;     // steps completed without divergence
  std::uint64_t diverged_step = 0;  // the step index t whose residual was non-finite or above the threshold (the
                                    // first step if the initial state was)
  std::string reason;               // why it diverged or stopped
  bool stopped = false;             // a stop predicate ended the run early (reason says why)
  std::uint64_t resets = 0;         // how often the reset hook replaced the state
};

// Thrown by an observer that finds the state unusable (e.g. a non-finite observable), or by a stepper that cannot
// go on; integrate_steps reports it as divergence at the step that produced (or failed to produce) the state.
struct divergence {
  std::string reason;
};

// A residual beyond this magnitude counts as divergence (multiprecision types overflow far later than double).
inline constexpr double default_divergence_threshold = 1e100;

// Why a step's largest |residual| counts as divergence, or nullopt if it does not.
inline std::optional<std::string> residual_divergence(double worst_abs_residual,
                                                      double threshold = default_divergence_threshold) {
  if (worst_abs_residual <= threshold) return std::nullopt;
  if (!std::isfinite(worst_abs_residual)) return "residual is not finite (NaN or overflow)";
  char text[48];
  std::snprintf(text, sizeof text, "|residual| exceeds %g", threshold);
  return std::string(text);
}

// What the loop may do besides stepping and observing, after each step t (the state is then theta(t + 1)):
//   stop(theta, t + 1)  -> a reason to end the run early (zero training loss, first passage of a target, ...);
//   reset(theta, t + 1) -> true if it replaced theta (resetting to a checkpoint); the observer then sees the new
//                          state. Both are checked after the observer has seen the stepped state.
// no_controls does neither (plain integrate_steps).
struct no_controls {
  template <class State>
  std::optional<std::string> stop(const State&, std::uint64_t) const {
    return std::nullopt;
  }
  template <class State>
  bool reset(State&, std::uint64_t) const {
    return false;
  }
};

// Controls from two callables (either may be nullptr-like: use no_stop / no_reset).
template <class Stop, class Reset>
struct loop_controls {
  Stop stop_when;
  Reset reset_when;
  template <class State>
  std::optional<std::string> stop(const State& theta, std::uint64_t t) const {
    return stop_when(theta, t);
  }
  template <class State>
  bool reset(State& theta, std::uint64_t t) const {
    return reset_when(theta, t);
  }
};
inline constexpr auto no_stop = [](const auto&, std::uint64_t) { return std::optional<std::string>(); };
inline constexpr auto no_reset = [](auto&, std::uint64_t) { return false; };

// The step loop with controls: at most n_steps steps from first_step. The result says whether it diverged (the
// step and why), stopped early (why), and how many resets happened.
template <class Stepper, class System, class Observer, class Controls>
integrate_result integrate_controlled(Stepper& stepper, const System& sys, typename Stepper::state_type& theta,
                                      std::uint64_t first_step, std::uint64_t n_steps,
                                      const typename Stepper::value_type& eta, Observer&& obs, Controls&& controls,
                                      double divergence_threshold = default_divergence_threshold) {
  integrate_result result;
  const auto fail = [&](std::uint64_t t, std::string reason) {
    result.diverged = true;
    result.diverged_step = t;
    result.reason = std::move(reason);
    return result;
  };
  try {
    obs(theta, first_step);
  } catch (const divergence& d) {  // the initial state itself (e.g. an overflowing initial loss)
    return fail(first_step, d.reason);
  }
  for (std::uint64_t t = first_step; t < first_step + n_steps; ++t) {
    try {
      stepper.do_step(sys, theta, t, eta);
    } catch (const divergence& d) {  // a stepper that cannot go on (e.g. an ODE integrator giving up)
      return fail(t, d.reason);
    }
    if (auto why = residual_divergence(stepper.last_step().max_abs_residual(), divergence_threshold))
      return fail(t, *why);
    try {
      obs(theta, t + 1);
      result.steps_done = t + 1 - first_step;
      if (auto why = controls.stop(theta, t + 1)) {
        result.stopped = true;
        result.reason = *why;
        return result;
      }
      if (controls.reset(theta, t + 1)) {
        ++result.resets;
        obs(theta, t + 1);
      }
    } catch (const divergence& d) {
      return fail(t, d.reason);
    }
  }
  return result;
}

template <class Stepper, class System, class Observer>
integrate_result integrate_steps(Stepper& stepper, const System& sys, typename Stepper::state_type& theta,
                                 std::uint64_t first_step, std::uint64_t n_steps,
                                 const typename Stepper::value_type& eta, Observer&& obs,
                                 double divergence_threshold = default_divergence_threshold) {
  return integrate_controlled(stepper, sys, theta, first_step, n_steps, eta, std::forward<Observer>(obs), no_controls{},
                              divergence_threshold);
}

// A run that diverged where a check needed it not to: thrown by advance(), turned into an inconclusive verdict
// naming the step by the claim registry.
struct diverged_run : std::runtime_error {
  std::uint64_t step;
  diverged_run(std::uint64_t t, const std::string& reason)
      : std::runtime_error("the run diverged at step " + std::to_string(t) + " (" + reason + ")"), step(t) {}
};

// n_steps steps from first_step with divergence detection and no observer. Throws diverged_run on divergence.
template <class Stepper, class System>
void advance(Stepper& stepper, const System& sys, typename Stepper::state_type& theta, std::uint64_t first_step,
             std::uint64_t n_steps, const typename Stepper::value_type& eta) {
  const auto r = integrate_steps(stepper, sys, theta, first_step, n_steps, eta, [](const auto&, std::uint64_t) {});
  if (r.diverged) throw diverged_run(r.diverged_step, r.reason);
}

}  // namespace lnsgd::sim
