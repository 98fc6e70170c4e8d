#pragma once
// Label-noise SGD (paper Eq. 3-4): theta <- theta - eta * (1/B) sum_{k in batch} grad l(f(x_k), t_k), with the
// loss policy l (default the paper's 1/2 (f - t)^2) and the noise policy's targets t_k (default y_k + eps_k).
// sigma = 0 is vanilla SGD; full batch with sigma = 0 is GD (Phase II). Stepper concept: engine/concepts.hpp.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/steppers/minibatch.hpp"

namespace lnsgd::sim {

// The model's block workspace, for models with block steps (BlockSgdSteps); an empty struct for the others.
template <class M>
struct block_workspace_type {
  struct none {};
  using type = none;
};
template <class M>
  requires requires { typename M::block_workspace; }
struct block_workspace_type<M> {
  using type = typename M::block_workspace;
};
template <class M>
using block_workspace_of = typename block_workspace_type<M>::type;

template <Model M, class Loss = squared_loss<typename M::value_type>,
          class Noise = label_noise<typename M::value_type>>
  requires sim::Loss<Loss, typename M::value_type> && LabelNoise<Noise, typename M::value_type>
class label_noise_sgd {
 public:
  using Model = M;
  using model_type = Model;
  using value_type = typename Model::value_type;
  using state_type = typename Model::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<value_type, typename Model::workspace>;

  label_noise_sgd(const Model& model, sampling how, Noise noise, Loss loss = {})
      : how_(how), noise_(noise), loss_(loss), ws_(model.make_workspace()) {}

  // One step from theta(step) to theta(step + 1). System: {model, data, noise} (see sim/problem.hpp).
  // Like odeint's FSAL steppers, a batch-1 step also computes the next step's forward pass; a call that does not
  // continue from the previous one (another step index) recomputes it. Call reset() after changing the state by
  // hand between two consecutive steps.
  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    if constexpr (FusedSgdStep<Model> && paper_policies) {
      if (!how_.full_batch && how_.batch == 1 && loss_.scale == value_type(0.5)) return fused_step(sys, theta, step, eta);
    }
    draw_batch_residuals(sys.model, sys, how_, noise_, loss_, theta, step, rec_, ws_);
    const auto b = rec_.residuals.size();
    coeffs_.resize(b);
    const value_type inv_b = value_type(1) / value_type(b);
    for (std::size_t k = 0; k < b; ++k) coeffs_[k] = rec_.residuals[k] * inv_b;
    sys.model.descend(theta, sys.data.x_train, rec_.indices, coeffs_.data(), eta, ws_);
    rec_.gradient_step = &ws_;
  }

  const record_type& last_step() const { return rec_; }

  // Forget the forward pass carried over from the previous step.
  void reset() { next_forward_step_.reset(); }

  // Whether do_steps() can advance this model and sampling in blocks (batch of one, model with sgd_block, the
  // paper's loss and additive noise).
  template <class System>
  bool can_block() const {
    if constexpr (BlockSgdSteps<Model> && paper_policies)
      return !how_.full_batch && how_.batch == 1 && loss_.scale == value_type(0.5);
    return false;
  }

  // `count` steps from theta(step) in one block (Model::sgd_block): the same draws as `count` calls of do_step, W
  // formed only at the end of each panel of 8 steps. on_step(t + 1, view) follows step t (view: r, g_norm2, w_g, a_old, a_new) and returns
  // false to stop the block (divergence). Returns the steps done. Precondition: can_block<System>().
  template <class System, class OnStep>
  std::uint64_t do_steps(const System& sys, state_type& theta, time_type step, std::uint64_t count,
                         const value_type& eta, OnStep&& on_step) {
    if (count == 0) return 0;
    block_idx_.resize(count);
    block_eps_.resize(count);
    for (std::uint64_t k = 0; k < count; ++k) {
      block_idx_[k] = sample_index(sys, step + k, 0);
      block_eps_[k] = noise_.draw(sys.noise, step + k, 0);
    }
    if (!block_ws_) block_ws_ = sys.model.make_block_workspace();
    const auto done = sys.model.sgd_block(
        theta, sys.data.x_train, sys.data.y_train, std::span<const std::int64_t>(block_idx_.data(), count),
        std::span<const value_type>(block_eps_.data(), count), eta, *block_ws_,
        [&](Eigen::Index k, const auto& view) { return on_step(step + static_cast<std::uint64_t>(k) + 1, view); });
    // The record describes the block's last step; the carried forward pass is stale.
    rec_.step = step + done - 1;
    rec_.indices.assign(1, block_idx_[done - 1]);
    rec_.targets.assign(1, sys.data.y_train[block_idx_[done - 1]] + block_eps_[done - 1]);
    rec_.residuals.assign(1, block_ws_->last_residual);
    rec_.gradient_step = nullptr;
    reset();
    return static_cast<std::uint64_t>(done);
  }

 private:
  // The fast paths are written for the paper's squared loss with additive label noise.
  static constexpr bool paper_policies =
      std::is_same_v<Loss, squared_loss<value_type>> && std::is_same_v<Noise, label_noise<value_type>>;

  // Batch of one: the forward pass of x_{xi_t} is carried over from step t-1 when that step was taken by this
  // stepper, then the update and the next forward share one sweep (Model::descend_then_forward).
  template <class System>
  void fused_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    rec_.step = step;
    rec_.indices.resize(1);
    rec_.residuals.resize(1);
    const auto xi = sample_index(sys, step, 0);
    rec_.indices[0] = xi;
    rec_.targets.resize(1);
    rec_.targets[0] = noise_.noisy_target(sys.data.y_train[xi], sys.noise, step, 0);
    if (next_forward_step_ == step) {
      rec_.residuals[0] = sys.model.second_layer(theta).dot(ws_.hidden);
    } else {
      sys.model.forward(theta, sys.data.x_train, std::span<const std::int64_t>(rec_.indices), rec_.residuals.data(),
                        ws_);
    }
    rec_.residuals[0] -= rec_.targets[0];
    const auto next = sample_index(sys, step + 1, 0);
    sys.model.descend_then_forward(theta, sys.data.x_train, xi, rec_.residuals[0], eta, next, ws_);
    next_forward_step_ = step + 1;
    rec_.gradient_step = &ws_;
  }

  std::optional<time_type> next_forward_step_;
  std::optional<block_workspace_of<Model>> block_ws_;
  std::vector<std::int64_t> block_idx_;
  std::vector<value_type> block_eps_;
  sampling how_;
  Noise noise_;
  Loss loss_;
  typename Model::workspace ws_;
  record_type rec_;
  std::vector<value_type> coeffs_;
};

}  // namespace lnsgd::sim
