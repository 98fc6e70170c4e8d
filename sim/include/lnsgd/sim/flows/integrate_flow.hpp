#pragma once
// Integrating a flow (an Odeint System on std::vector<Scalar>) with Boost.Odeint, one scalar type at a time:
//   double, long double: controlled Dormand-Prince 5(4) (runge_kutta_dopri5) at absolute and relative tolerance tol;
//   multiprecision:      Bulirsch-Stoer at tolerance tol (reaches 1e-35 in tens of steps where low-order RK needs
//                        ~10^5; Odeint 1.74's controlled steppers need the extract_value_type fix in this file
//                        for multiprecision types).
// On failure (a step size underflow, a non-finite state) Odeint throws; integrate_flow lets it propagate.
#include <boost/numeric/odeint.hpp>
#include <boost/version.hpp>
#include <type_traits>

#include "lnsgd/sim/precision.hpp"

#if BOOST_VERSION < 108500
// Odeint before Boost 1.85 recurses in extract_value_type for multiprecision numbers (number<>::value_type is
// number); the upstream fix, specialised for the types lnsgd uses.
namespace boost::numeric::odeint::detail {
template <>
struct extract_value_type<lnsgd::sim::float50, void> {
  typedef lnsgd::sim::float50 type;
};
}  // namespace boost::numeric::odeint::detail
#endif

namespace lnsgd::sim {

// Advances x from t0 to t1 along `system`; observer(x, t) at every accepted step. Returns the number of steps.
template <class System, class State, class Scalar, class Observer>
std::size_t integrate_flow(System system, State& x, Scalar t0, Scalar t1, Scalar tol, Observer observer) {
  namespace odeint = boost::numeric::odeint;
  const Scalar dt0 = (t1 - t0) / 100;
  if constexpr (std::is_floating_point_v<Scalar>) {
    auto stepper = odeint::make_controlled(tol, tol, odeint::runge_kutta_dopri5<State, Scalar>());
    return odeint::integrate_adaptive(stepper, system, x, t0, t1, dt0, observer);
  } else {
    odeint::bulirsch_stoer<State, Scalar> stepper(tol, tol);
    return odeint::integrate_adaptive(stepper, system, x, t0, t1, dt0, observer);
  }
}

template <class System, class State, class Scalar>
std::size_t integrate_flow(System system, State& x, Scalar t0, Scalar t1, Scalar tol) {
  return integrate_flow(system, x, t0, t1, tol, [](const State&, Scalar) {});
}

}  // namespace lnsgd::sim
