#pragma once
// The step loop for steppers that can also advance in blocks (label_noise_sgd::do_steps on a model with sgd_block):
// the same steps as integrate_steps, taken one at a time while the block policy does not allow blocks (an observer
// that needs the state after every step), then in blocks that end where the policy says (a record point). Inside
// a block the state is formed only at the block's end; each step is seen through the model's step view.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

// What integrate_blocks asks of the caller besides the per-step observer:
//   allowed()               -> whether the next steps may be taken as a block (checked before every step or block);
//   length(t, end)          -> how many steps the block from step t takes (>= 1, at most end - t);
//   on_step(after, view)    -> sees step after - 1 of a block through the stepper's step view;
//   at_end(theta, t)        -> sees the state theta(t) at the end of a block;
//   on_stop(view), optional -> sees the view of a block's step that diverged (not passed to on_step), so a policy
//                              that observes whole panels can take in the steps before it.
template <class B, class State>
concept BlockPolicy = requires(B& b, const State& theta, std::uint64_t t) {
  { b.allowed() } -> std::convertible_to<bool>;
  { b.length(t, t) } -> std::convertible_to<std::uint64_t>;
  b.at_end(theta, t);  // on_step's view type is the stepper's, checked where it is called
};

// At most n_steps steps from first_step. obs(theta, t) is called at the initial state and after each single step
// (as in integrate_steps); a block calls blocks.on_step for each of its steps and blocks.at_end once. Divergence:
// a step whose |residual| (its view's r inside a block) is non-finite or beyond the threshold ends the run,
// reported at that step; an observer or policy throwing `divergence` ends it at the step that produced the state.
template <class Stepper, class System, class Observer, class Blocks>
  requires BlockPolicy<Blocks, typename Stepper::state_type>
integrate_result integrate_blocks(Stepper& stepper, const System& sys, typename Stepper::state_type& theta,
                                  std::uint64_t first_step, std::uint64_t n_steps,
                                  const typename Stepper::value_type& eta, Observer&& obs, Blocks&& blocks,
                                  double divergence_threshold = default_divergence_threshold) {
  integrate_result r;
  const std::uint64_t end = first_step + n_steps;
  std::uint64_t t = first_step;
  const auto fail = [&](std::uint64_t at, std::string why) {
    r.diverged = true;
    r.diverged_step = at;
    r.reason = std::move(why);
    return r;
  };
  try {
    obs(theta, t);
    while (t < end) {
      if (!blocks.allowed()) {
        stepper.do_step(sys, theta, t, eta);
        if (auto why = residual_divergence(stepper.last_step().max_abs_residual(), divergence_threshold))
          return fail(t, *why);
        ++t;
        obs(theta, t);
        r.steps_done = t - first_step;
        continue;
      }
      std::optional<std::uint64_t> bad;
      std::optional<std::string> why;
      const auto count = blocks.length(t, end);
      t += stepper.do_steps(sys, theta, t, count, eta, [&](std::uint64_t after, const auto& view) {
        why = residual_divergence(is_finite(view.r) ? std::abs(to_double(view.r)) : HUGE_VAL, divergence_threshold);
        if (why) {
          bad = after - 1;
          if constexpr (requires { blocks.on_stop(view); }) blocks.on_stop(view);
          return false;
        }
        blocks.on_step(after, view);
        return true;
      });
      if (bad) {
        r.steps_done = *bad - first_step;  // the steps before the one that diverged
        return fail(*bad, *why);
      }
      blocks.at_end(theta, t);
      r.steps_done = t - first_step;
    }
  } catch (const divergence& d) {
    return fail(t > first_step ? t - 1 : first_step, d.reason);  // t = first_step: the initial state itself
  }
  return r;
}

}  // namespace lnsgd::sim
