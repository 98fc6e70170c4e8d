#pragma once
// The step loop shared by every discrete stepper, in the shape of Boost.Odeint's integrate_n_steps: the observer is
// called as obs(theta, t) at the initial state and after each step. Divergence (a non-finite or overflowing
// residual, or an observer throwing `divergence`) stops the loop and is reported with its step.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace lnsgd::sim {

struct integrate_result {
  bool diverged = false;
  std::uint64_t steps_done = 0;     // steps completed without divergence
  std::uint64_t diverged_step = 0;  // the step index t whose residual was non-finite or above the threshold (the
                                    // first step if the initial state was)
  std::string reason;
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

template <class Stepper, class System, class Observer>
integrate_result integrate_steps(Stepper& stepper, const System& sys, typename Stepper::state_type& theta,
                                 std::uint64_t first_step, std::uint64_t n_steps,
                                 const typename Stepper::value_type& eta, Observer&& obs,
                                 double divergence_threshold = default_divergence_threshold) {
  integrate_result result;
  try {
    obs(theta, first_step);
  } catch (const divergence& d) {  // the initial state itself (e.g. an overflowing initial loss)
    result.diverged = true;
    result.diverged_step = first_step;
    result.reason = d.reason;
    return result;
  }
  for (std::uint64_t t = first_step; t < first_step + n_steps; ++t) {
    try {
      stepper.do_step(sys, theta, t, eta);
    } catch (const divergence& d) {  // a stepper that cannot go on (e.g. an ODE integrator giving up)
      result.diverged = true;
      result.diverged_step = t;
      result.reason = d.reason;
      return result;
    }
    if (auto why = residual_divergence(stepper.last_step().max_abs_residual(), divergence_threshold)) {
      result.diverged = true;
      result.diverged_step = t;
      result.reason = *why;
      return result;
    }
    try {
      obs(theta, t + 1);
    } catch (const divergence& d) {
      result.diverged = true;
      result.diverged_step = t;
      result.reason = d.reason;
      return result;
    }
    result.steps_done = t + 1 - first_step;
  }
  return result;
}

}  // namespace lnsgd::sim
