#pragma once
// Label-noise SGD on a classifier (the main paper's Algorithm 1; tau = 0: SGD, full batch: GD) and SAM (paper
// 2.4: theta <- theta - eta grad L(theta + rho g / ||g||), g = grad L(theta), on the same batch and targets).
// Odeint's stepper shape (engine/concepts.hpp, Stepper): they run in the engine's step loop, integrate_controlled.
#include "lnsgd/sim/steppers/classifier_batch.hpp"

namespace lnsgd::sim {

template <class Net, class Noise, class Loss>
class classifier_sgd {
 public:
  using state_type = typename Net::vector_type;
  using value_type = typename Net::value_type;
  using time_type = std::uint64_t;

  // rho = 0: plain (label-noise) SGD; rho > 0: SAM with perturbation radius rho.
  classifier_sgd(const Net& net, class_sampling how, Noise noise, Loss loss, value_type rho = value_type(0))
      : sampler_(how), noise_(noise), loss_(loss), rho_(rho), cache_(net.make_cache()) {}

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type t, const value_type& eta) {
    sampler_.draw(sys.noise, sys.train.n(), t, rec_.indices);
    draw_targets(sys.train, noise_, sys.noise, t, rec_);
    rec_.batch_loss = batch_gradient(sys.net, sys.train.x, rec_, loss_, theta, cache_, dlogits_, grad_);
    if (rho_ > 0) {
      using std::sqrt;
      const value_type norm = sqrt(grad_.squaredNorm());
      if (norm > 0) {
        perturbed_ = theta + (rho_ / norm) * grad_;
        batch_gradient(sys.net, sys.train.x, rec_, loss_, perturbed_, cache_, dlogits_, grad_);
      }
    }
    theta -= eta * grad_;
  }

  const classifier_step_record& last_step() const { return rec_; }

 private:
  batch_sampler sampler_;
  Noise noise_;
  Loss loss_;
  value_type rho_;
  typename Net::cache cache_;
  typename Net::matrix_type dlogits_;
  state_type grad_, perturbed_;
  classifier_step_record rec_;
};

}  // namespace lnsgd::sim
