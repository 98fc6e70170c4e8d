#pragma once
// Sharpness-aware minimisation (paper section 2.4; Foret et al.):
//   theta <- theta - eta grad L_hat(theta + rho g / ||g||),  g = grad L_hat(theta),
// with L_hat the batch loss of the loss policy. With sigma > 0 both gradients use the same noisy targets (the
// paper's formula has clean labels, its README says "SAM with label noise"; sigma = 0 is the printed formula). If
// g = 0 the perturbation is zero.
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/steppers/minibatch.hpp"

namespace lnsgd::sim {

template <Model M, class Loss = squared_loss<typename M::value_type>,
          class Noise = label_noise<typename M::value_type>>
  requires sim::Loss<Loss, typename M::value_type> && LabelNoise<Noise, typename M::value_type>
class sam {
 public:
  using Model = M;
  using model_type = Model;
  using value_type = typename Model::value_type;
  using state_type = typename Model::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<value_type, typename Model::workspace>;

  sam(const Model& model, sampling how, Noise noise, value_type rho, Loss loss = {})
      : how_(how), noise_(noise), loss_(loss), rho_(rho), ws_(model.make_workspace()) {
    perturbed_.resize(model.parameter_count());
    grad_.resize(model.parameter_count());
  }

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    if constexpr (ClosedFormSam<Model> && std::is_same_v<Loss, squared_loss<value_type>> &&
                  std::is_same_v<Noise, label_noise<value_type>>) {
      if (!how_.full_batch && how_.batch == 1 && loss_.scale == value_type(0.5))
        return closed_form_step(sys, theta, step, eta);
    }
    using std::sqrt;
    const auto& model = sys.model;
    const auto& x = sys.data.x_train;
    draw_batch_residuals(model, sys, how_, noise_, loss_, theta, step, rec_, ws_);
    const auto b = rec_.residuals.size();
    const value_type inv_b = value_type(1) / value_type(b);
    coeffs_.resize(b);
    for (std::size_t k = 0; k < b; ++k) coeffs_[k] = rec_.residuals[k] * inv_b;
    model.gradient(theta, x, rec_.indices, coeffs_.data(), ws_, grad_);
    const value_type norm = grad_.norm();
    perturbed_ = theta;
    if (norm > 0) perturbed_ += (rho_ / norm) * grad_;
    // Gradient at the perturbed point, with the same batch and the same noisy targets.
    model.forward(perturbed_, x, rec_.indices, coeffs_.data(), ws_);
    for (std::size_t k = 0; k < b; ++k) coeffs_[k] = loss_.derivative(coeffs_[k], rec_.targets[k]) * inv_b;
    model.gradient(perturbed_, x, rec_.indices, coeffs_.data(), ws_, grad_);
    theta -= eta * grad_;
    rec_.gradient_step = nullptr;  // not a gradient step at theta: the per-step identities do not apply
  }

  const record_type& last_step() const { return rec_; }

 private:
  // Batch 1: the same draws and update as the generic path, in two passes over the first layer.
  template <class System>
  void closed_form_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    rec_.step = step;
    rec_.indices.resize(1);
    rec_.residuals.resize(1);
    rec_.targets.resize(1);
    rec_.indices[0] = sample_index(sys, step, 0);
    rec_.targets[0] = noise_.noisy_target(sys.data.y_train[rec_.indices[0]], sys.noise, step, 0);
    rec_.residuals[0] = sys.model.sam_step(theta, sys.data.x_train, rec_.indices[0], rec_.targets[0], rho_, eta, ws_);
    rec_.gradient_step = nullptr;
  }

  sampling how_;
  Noise noise_;
  Loss loss_;
  value_type rho_;
  typename Model::workspace ws_;
  record_type rec_;
  std::vector<value_type> coeffs_;
  state_type perturbed_;
  state_type grad_;
};

}  // namespace lnsgd::sim
