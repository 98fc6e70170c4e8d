#pragma once
// A searcher on a line with Poisson resetting (Bae, Song, Jeong, Eq. 5's setting; docs/models.md,
// "drift-diffusion"): it starts at 0, drifts at v toward the target at L > 0, diffuses with D, and is returned to 0
// at rate gamma. One step of length dt adds the exact Gaussian increment v dt + sqrt(2 D dt) xi (no discretisation
// error at the grid times); a crossing of L inside a step whose end points both lie below L is detected with the
// Brownian-bridge probability exp(-(L - x0)(L - x1) / (D dt)) (derived, docs/derivations.md section 8), so first
// passage is detected exactly in distribution. What remains of the time step: the passage time is the step's end
// (bias in (0, dt]) and resets happen at step ends (probability 1 - e^{-gamma dt}); both O(dt). Odeint's stepper
// shape (engine/concepts.hpp, Stepper); the stop predicate and reset hook run in the engine's integrate_controlled.
// In d >= 2 dimensions the target is the ball of radius a whose nearest point lies at distance L along e_1 (centre
// (L + a) e_1), the drift is v e_1, each coordinate diffuses with D, and the bridge correction uses the tangent plane
// of the sphere: exp(-h0 h1 / (D dt)) with h the distance to the sphere (derived, docs/derivations.md section 8; it
// neglects the curvature, an error that vanishes as sqrt(D dt) / a -> 0). d = 1 is the line above, bit for bit.
#include <cmath>
#include <optional>
#include <string>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct searcher {
  Scalar drift = 0.5, diffusion = 0.5, target = 1, reset_rate = 0;
  bool bridge = true;  // the Brownian-bridge crossing correction
  philox_noise noise{1, 0};
  Scalar reset_point = 0;  // where a reset puts the searcher along e_1 (Eq. 5: the start, 0)
  int dimension = 1;
  Scalar target_radius = 0;  // a (d >= 2)

  // The distance from x to the target ball (d >= 2; <= 0 inside).
  Scalar distance_to_target(const vector_t<Scalar>& x) const {
    using std::sqrt;
    Scalar r2 = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const Scalar c = i == 0 ? x[0] - (target + target_radius) : x[i];
      r2 += c * c;
    }
    return sqrt(r2) - target_radius;
  }
};

struct searcher_step_record {
  bool crossed = false;
  double max_abs_residual() const { return 0; }
};

// The step: position x (a 1-vector), step t of length dt.
template <class Scalar>
class searcher_stepper {
 public:
  using state_type = vector_t<Scalar>;
  using value_type = Scalar;
  using time_type = std::uint64_t;

  void do_step(const searcher<Scalar>& s, state_type& x, time_type t, const value_type& dt) {
    if (s.dimension > 1) return step_in_space(s, x, t, dt);
    using std::exp;
    using std::sqrt;
    const Scalar x0 = x[0];
    x[0] += s.drift * dt + sqrt(2 * s.diffusion * dt) * s.noise.template normal<Scalar>(stream::passage, t, 0);
    rec_.crossed = x[0] >= s.target;
    if (!rec_.crossed && s.bridge) {
      const Scalar p = exp(-(s.target - x0) * (s.target - x[0]) / (s.diffusion * dt));
      rec_.crossed = s.noise.template uniform<Scalar>(stream::bridge, t, 0) <= p;
    }
  }
  const searcher_step_record& last_step() const { return rec_; }

 private:
  void step_in_space(const searcher<Scalar>& s, state_type& x, time_type t, const value_type& dt) {
    using std::exp;
    using std::sqrt;
    const Scalar h0 = s.distance_to_target(x), scale = sqrt(2 * s.diffusion * dt);
    x[0] += s.drift * dt;
    for (Eigen::Index i = 0; i < x.size(); ++i)
      x[i] += scale * s.noise.template normal<Scalar>(stream::passage, t, std::uint64_t(i));
    const Scalar h1 = s.distance_to_target(x);
    rec_.crossed = h1 <= 0;
    if (!rec_.crossed && s.bridge)
      rec_.crossed = s.noise.template uniform<Scalar>(stream::bridge, t, 0) <= exp(-h0 * h1 / (s.diffusion * dt));
  }

  searcher_step_record rec_;
};

// The Poisson reset after step t (the state is then x(t + 1)): with probability 1 - e^{-gamma dt}, x <- the reset
// point.
template <class Scalar>
bool poisson_reset(const searcher<Scalar>& s, vector_t<Scalar>& x, std::uint64_t step_done, const Scalar& dt) {
  using std::expm1;
  if (s.reset_rate == 0) return false;
  if (!(s.noise.template uniform<Scalar>(stream::reset, step_done - 1, 0) <= -expm1(-s.reset_rate * dt))) return false;
  x.setZero();
  x[0] = s.reset_point;
  return true;
}

// One searcher's first passage: at most `steps` steps of dt from 0; observe(x, t, resets) at t = 0 and after every
// step (the engine's step loop, with the first-passage stop predicate and the Poisson reset hook).
struct passage {
  std::uint64_t steps_done = 0, resets = 0;
  bool reached = false;  // false: censored at the cap
};

template <class Scalar, class Observe>
passage run_searcher(const searcher<Scalar>& s, const Scalar& dt, std::uint64_t steps, Observe&& observe) {
  vector_t<Scalar> x = vector_t<Scalar>::Zero(s.dimension);
  searcher_stepper<Scalar> stepper;
  std::uint64_t resets = 0;
  const auto controls =
      loop_controls{[&](const vector_t<Scalar>&, std::uint64_t) {
                      return stepper.last_step().crossed ? std::optional<std::string>("first passage") : std::nullopt;
                    },
                    [&](vector_t<Scalar>& state, std::uint64_t t) {
                      const bool reset = poisson_reset(s, state, t, dt);
                      resets += reset;
                      return reset;
                    }};
  const auto r = integrate_controlled(
      stepper, s, x, 0, steps, dt, [&](const vector_t<Scalar>& state, std::uint64_t t) { observe(state, t, resets); },
      controls);
  return {r.steps_done, r.resets, r.stopped};
}

}  // namespace lnsgd::sim::models
