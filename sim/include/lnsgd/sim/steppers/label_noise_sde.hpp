#pragma once
// The label-noise SDE of label-noise SGD with step eta and batch B, in flow time t = eta k:
//   d theta = -grad L(theta) dt + sqrt(eta / B) sigma (1/sqrt(n)) sum_i l''(f_i) grad f_i(theta) dB_i(t)
// (docs/derivations.md section 5; its diffusion matches label-noise SGD's covariance eta^2 sigma^2 / B (1/n)
// sum_i grad f_i grad f_i^T per step). With sampling noise on, the full first-order modified equation: SGD's
// sampling covariance (1/B) (1/n) sum_i (g_i - g)(g_i - g)^T, g_i = l'(f_i, y_i) grad f_i, g = grad L (batches drawn
// with replacement), added as (1/sqrt(n)) sum_i (g_i - g) dB'_i (derived, docs/derivations.md section 5).
// Euler-Maruyama with time step h, written as an Odeint-style stochastic stepper: do_step(system, theta, step, h).
// Since grad L = (1/n) sum_i l'(f_i, y_i) grad f_i and l' is affine in the target for the squared loss, one step is
//   theta <- theta - h sum_i c_i grad f_i(theta),
//   c_i = [l'(f_i, y_i) - sqrt(eta n / (h B)) (sigma z_i + l'(f_i, y_i) (z'_i - mean_k z'_k))] / n,
// i.e. a full-batch step with per-sample noisy coefficients (z' only with sampling noise on). The z_i are Philox
// draws (stream sde, step, i), the z'_i (stream sde_sampling, step, i): the same path in every precision.
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/steppers/step_record.hpp"

namespace lnsgd::sim {

template <Model M, class Loss = squared_loss<typename M::value_type>>
  requires sim::Loss<Loss, typename M::value_type>
class label_noise_sde {
 public:
  using Model = M;
  using model_type = Model;
  using value_type = typename Model::value_type;
  using state_type = typename Model::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<value_type, typename Model::workspace>;

  // eta and batch: the SGD step and batch size the SDE models (its diffusion scale), not the integration step h.
  // sampling_noise: also SGD's sampling covariance (the full first-order modified equation); off: label noise only.
  label_noise_sde(const Model& model, const value_type& eta, const value_type& sigma, std::int64_t batch = 1,
                  Loss loss = {}, bool sampling_noise = false)
      : eta_(eta),
        sigma_(sigma),
        batch_(value_type(static_cast<double>(batch))),
        loss_(loss),
        sampling_noise_(sampling_noise),
        ws_(model.make_workspace()) {}

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& h) {
    using std::sqrt;
    const auto& data = sys.data;
    const std::int64_t n = data.n();
    rec_.step = step;
    if (static_cast<std::int64_t>(rec_.indices.size()) != n) {
      rec_.indices.resize(n);
      for (std::int64_t k = 0; k < n; ++k) rec_.indices[k] = k;
      rec_.targets.resize(n);
      rec_.residuals.resize(n);
      coeffs_.resize(n);
    }
    sys.model.forward(theta, data.x_train, rec_.indices, rec_.residuals.data(), ws_);
    const value_type nd = value_type(static_cast<double>(n));
    const value_type root = sqrt(eta_ * nd / (h * batch_));
    value_type mean_z = 0;
    if (sampling_noise_) {
      sampling_z_.resize(n);
      for (std::int64_t k = 0; k < n; ++k) {
        sampling_z_[k] =
            sys.noise.template normal<value_type>(stream::sde_sampling, step, static_cast<std::uint64_t>(k));
        mean_z += sampling_z_[k];
      }
      mean_z /= nd;
    }
    for (std::int64_t k = 0; k < n; ++k) {
      const value_type noise =
          sigma_ * root * sys.noise.template normal<value_type>(stream::sde, step, static_cast<std::uint64_t>(k));
      rec_.targets[k] = data.y_train[k] + noise;
      const value_type clean = sampling_noise_ ? loss_.derivative(rec_.residuals[k], data.y_train[k]) : value_type(0);
      rec_.residuals[k] = loss_.derivative(rec_.residuals[k], rec_.targets[k]);
      if (sampling_noise_) rec_.residuals[k] -= root * clean * (sampling_z_[k] - mean_z);
      coeffs_[k] = rec_.residuals[k] / nd;
    }
    sys.model.descend(theta, data.x_train, rec_.indices, coeffs_.data(), h, ws_);
    rec_.gradient_step = nullptr;  // a stochastic step: the per-step identities of SGD do not apply
  }

  const record_type& last_step() const { return rec_; }

 private:
  value_type eta_, sigma_, batch_;
  Loss loss_;
  bool sampling_noise_ = false;
  std::vector<value_type> sampling_z_;
  typename Model::workspace ws_;
  record_type rec_;
  std::vector<value_type> coeffs_;
};

}  // namespace lnsgd::sim
