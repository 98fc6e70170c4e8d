#pragma once
// Stochastic resetting of SGD (Bae, Song, Jeong, Algorithm 1; docs/models.md, "mlp", "Resetting") and the model
// selection it reports through: after every step t (the state is then theta(t)),
//   (1) the step itself has been taken (SGD or label-noise SGD);
//   (2) if a checkpoint theta_c exists and U(0, 1) < r, theta <- theta_c (all layers, or every layer but the first);
//   (3) every `validate_every` steps, theta_best <- theta if its validation loss is the least so far;
//   (4) if theta_best has not changed for `patience` steps, theta_c <- theta_best (resetting starts); from then on
//       theta_c follows every new theta_best (the code's adaptive mode: "theta = theta_best").
// With r = 0 it is plain training with theta_best selected on the validation loss (early stopping, the paper's
// baseline). U is the Philox stream `reset` at the step's index, drawn in double, so a run is the same in every
// precision up to rounding. Plain SGD keeps no optimiser state, so a reset restores the weights only and the step
// size is fixed. The engine's step loop calls reset() as its reset hook (integrate.hpp, integrate_controlled).
#include <cstdint>
#include <limits>
#include <optional>

#include "lnsgd/sim/philox_noise.hpp"
#include "mlp/evaluation.hpp"
#include "mlp/network.hpp"
#include "mlp/twin_stepper.hpp"

namespace lnsgd::sim::models {

struct resetting_options {
  double reset_prob = 0;              // r: per step, the probability of returning to theta_c
  std::uint64_t patience = 500;       // T: steps without a new validation minimum before theta_c is set
  std::uint64_t validate_every = 10;  // steps between validation-loss evaluations (>= 1)
  bool later_layers_only = false;     // a reset restores every layer but the first
};

template <class Scalar, class Loss>
class stochastic_resetting {
 public:
  stochastic_resetting(const mlp<Scalar>& net, const data::labelled_set<Scalar>& validation, Loss loss,
                       resetting_options o, philox_noise noise)
      : net_(net), validation_(validation), loss_(loss), o_(o), noise_(noise) {}

  // theta(0): the first theta_best, with its validation loss.
  void start(const vector_t<Scalar>& theta0) {
    best_ = theta0;
    best_loss_ = evaluate(net_, theta0, validation_, loss_).loss;
    best_step_ = 0;
  }

  // Steps (2)-(4) after step t - 1 (the state is theta(t)); true if theta was replaced by theta_c.
  bool reset(mlp_state<Scalar>& s, std::uint64_t t) {
    bool replaced = false;
    if (checkpoint_ && o_.reset_prob > 0 && noise_.uniform<double>(stream::reset, t - 1, 0) < o_.reset_prob) {
      restore(s.net);
      replaced = true;
      ++resets_;
    }
    if (t % o_.validate_every == 0) {
      const Scalar v = evaluate(net_, s.net, validation_, loss_).loss;
      if (v < best_loss_) {
        best_ = s.net;
        best_loss_ = v;
        best_step_ = t;
        if (checkpoint_) *checkpoint_ = best_;
      }
    }
    if (!checkpoint_ && t - best_step_ >= o_.patience) checkpoint_ = best_;
    return replaced;
  }

  const vector_t<Scalar>& best() const { return best_; }
  std::uint64_t best_step() const { return best_step_; }
  const Scalar& best_validation_loss() const { return best_loss_; }
  std::uint64_t resets() const { return resets_; }

 private:
  void restore(vector_t<Scalar>& theta) const {
    if (!o_.later_layers_only || net_.layers() < 2) {
      theta = *checkpoint_;
      return;
    }
    const auto first = net_.weight_offset(1);  // layers are stored in order, each its weights then its biases
    theta.tail(theta.size() - first) = checkpoint_->tail(theta.size() - first);
  }

  const mlp<Scalar>& net_;
  const data::labelled_set<Scalar>& validation_;
  Loss loss_;
  resetting_options o_;
  philox_noise noise_;
  vector_t<Scalar> best_;
  Scalar best_loss_ = std::numeric_limits<double>::infinity();
  std::uint64_t best_step_ = 0;
  std::optional<vector_t<Scalar>> checkpoint_;
  std::uint64_t resets_ = 0;
};

}  // namespace lnsgd::sim::models
