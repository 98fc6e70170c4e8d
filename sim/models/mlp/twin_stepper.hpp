#pragma once
// The network and, optionally, its linearisation at theta(0) trained side by side on the same batches (the lazy
// baseline of the main paper's Figs. 3 and 5; docs/models.md, "mlp"). Both steppers read the trajectory's one
// Philox stream, keyed by step, so they draw the same batches and, with the same label-noise policy, the same
// labels. One stepper of the engine's shape (engine/concepts.hpp, Stepper) whose state holds both parameter
// vectors; it runs in integrate_controlled like any other.
#include <algorithm>
#include <optional>

#include "lnsgd/sim/steppers/classifier_sgd.hpp"
#include "mlp/linearised.hpp"

namespace lnsgd::sim::models {

template <class Scalar_>
struct mlp_state {
  using Scalar = Scalar_;
  vector_t<Scalar> net;  // the network's theta
  vector_t<Scalar> lin;  // the linearised twin's theta (empty without one)
};

// The residual of a twin step: the worse of the two batch losses.
struct twin_step_record {
  double worst = 0;
  double max_abs_residual() const { return worst; }
};

template <class Scalar, class Noise, class Loss>
class twin_stepper {
 public:
  using state_type = mlp_state<Scalar>;
  using value_type = Scalar;
  using time_type = std::uint64_t;
  using net_stepper = classifier_sgd<mlp<Scalar>, Noise, Loss>;
  using lin_stepper = classifier_sgd<linearised_mlp<Scalar>, Noise, Loss>;

  // lin: the twin's problem and stepper, or nullopt to train the network alone.
  twin_stepper(net_stepper net, std::optional<classification_problem<linearised_mlp<Scalar>>> lin_problem,
               std::optional<lin_stepper> lin)
      : net_(std::move(net)), lin_problem_(std::move(lin_problem)), lin_(std::move(lin)) {}

  void do_step(const classification_problem<mlp<Scalar>>& sys, state_type& s, time_type t, const value_type& eta) {
    net_.do_step(sys, s.net, t, eta);
    rec_.worst = net_.last_step().max_abs_residual();
    if (lin_) {
      lin_->do_step(*lin_problem_, s.lin, t, eta);
      rec_.worst = std::max(rec_.worst, lin_->last_step().max_abs_residual());
    }
  }

  const twin_step_record& last_step() const { return rec_; }

 private:
  net_stepper net_;
  std::optional<classification_problem<linearised_mlp<Scalar>>> lin_problem_;
  std::optional<lin_stepper> lin_;
  twin_step_record rec_;
};

}  // namespace lnsgd::sim::models
