#pragma once
// The gradient flow as a discrete stepper: do_step(system, theta, step, eta) advances theta along the flow from flow
// time eta*step to eta*(step + 1) with Boost.Odeint (sim/flows/integrate_flow.hpp), so the flow runs in the same step
// loop, observers and records as GD and SGD and its rows line up with theirs at t = eta k. The record's residuals are
// the full-batch residuals f(x_k) - y_k at the new state (divergence detection); no per-step identity applies.
// On failure (Odeint gives up on a step, or the state is not finite) do_step throws `divergence`.
#include <exception>
#include <numeric>
#include <vector>

#include "lnsgd/sim/flows/gradient_flow.hpp"
#include "lnsgd/sim/flows/integrate_flow.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/steppers/step_record.hpp"

namespace lnsgd::sim {

// Local error tolerance of the flow per precision: far below the step's own rounding in double, 1e-35 in 50 digits.
template <class Scalar>
Scalar flow_tolerance() {
  if constexpr (std::is_same_v<Scalar, double>)
    return 1e-10;
  else if constexpr (std::is_same_v<Scalar, long double>)
    return 1e-13L;
  else
    return Scalar("1e-35");
}

template <Model M, class Loss = squared_loss<typename M::value_type>>
class gradient_flow_stepper {
 public:
  using Model = M;
  using model_type = Model;
  using value_type = typename Model::value_type;
  using state_type = typename Model::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<value_type, typename Model::workspace>;

  gradient_flow_stepper(const Model& model, const regression_data<value_type>& data,
                        value_type tolerance = flow_tolerance<value_type>(), Loss loss = {})
      : flow_(model, data, loss), loss_(loss), tolerance_(tolerance), ws_(model.make_workspace()) {}

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    auto x = flow_.to_state(theta);
    const value_type t0 = eta * value_type(static_cast<double>(step));
    try {
      integrate_flow(std::ref(flow_), x, t0, value_type(t0 + eta), tolerance_);
    } catch (const std::exception& e) {
      throw divergence{std::string("the flow integrator failed (") + e.what() + ")"};
    }
    theta = flow_.to_vector(x);
    const auto n = sys.data.n();
    rec_.step = step;
    if (static_cast<std::int64_t>(rec_.indices.size()) != n) {
      rec_.indices.resize(n);
      std::iota(rec_.indices.begin(), rec_.indices.end(), std::int64_t(0));
      rec_.targets.assign(sys.data.y_train.data(), sys.data.y_train.data() + n);
      rec_.residuals.resize(n);
    }
    sys.model.forward(theta, sys.data.x_train, rec_.indices, rec_.residuals.data(), ws_);
    for (std::int64_t k = 0; k < n; ++k) rec_.residuals[k] = loss_.derivative(rec_.residuals[k], sys.data.y_train[k]);
    rec_.gradient_step = nullptr;
  }

  const record_type& last_step() const { return rec_; }

 private:
  gradient_flow<Model, Loss> flow_;
  Loss loss_;
  value_type tolerance_;
  typename Model::workspace ws_;
  record_type rec_;
};

}  // namespace lnsgd::sim
