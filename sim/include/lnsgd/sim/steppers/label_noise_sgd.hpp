#pragma once
// Label-noise SGD (paper Eq. 3-4): theta <- theta - eta * (1/B) sum_{k in batch} grad l_hat_k(theta), with
// l_hat_k = 1/2 (f(x_k) - y_k - eps_k)^2. sigma = 0 is vanilla SGD; full batch with sigma = 0 is GD (Phase II).
// Stepper concept (Boost.Odeint's shape): docs/concepts.md.
#include <cstdint>
#include <vector>

#include "lnsgd/sim/steppers/minibatch.hpp"

namespace lnsgd::sim {

template <class Model>
class label_noise_sgd {
 public:
  using model_type = Model;
  using value_type = typename Model::value_type;
  using state_type = typename Model::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<value_type, typename Model::workspace>;

  label_noise_sgd(const Model& model, sampling how, label_noise<value_type> noise)
      : how_(how), noise_(noise), ws_(model.make_workspace()) {}

  // One step from theta(step) to theta(step + 1). System: {model, data, noise} (see sim/problem.hpp).
  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    draw_batch_residuals(sys.model, sys, how_, noise_, theta, step, rec_, ws_);
    const auto b = rec_.residuals.size();
    coeffs_.resize(b);
    const value_type inv_b = value_type(1) / value_type(b);
    for (std::size_t k = 0; k < b; ++k) coeffs_[k] = rec_.residuals[k] * inv_b;
    sys.model.descend(theta, sys.data.x_train, rec_.indices, coeffs_.data(), eta, ws_);
    rec_.gradient_step = &ws_;
  }

  const record_type& last_step() const { return rec_; }

 private:
  sampling how_;
  label_noise<value_type> noise_;
  typename Model::workspace ws_;
  record_type rec_;
  std::vector<value_type> coeffs_;
};

}  // namespace lnsgd::sim
