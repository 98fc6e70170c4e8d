#pragma once
// The engine's concepts, in code (docs/concepts.md describes them): a model that satisfies `Model` runs under
// every stepper; a missing member fails to compile here, at the model, not deep inside a stepper. The fast paths
// are named, optional customisation points: a model that has one gets it, one that has not takes the generic path.
#include <concepts>
#include <cstdint>
#include <span>

#include <Eigen/Core>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

// A model of a scalar output f(theta; x) with parameters in one flat vector theta (two_layer_linear is the
// reference; docs/concepts.md has the table of members and what each must do).
template <class M>
concept Model = requires(const M& m, typename M::vector_type& theta, const typename M::vector_type& ctheta,
                         const rows_t<typename M::value_type>& x, std::span<const Eigen::Index> idx,
                         typename M::value_type* f, const typename M::value_type* c,
                         const typename M::value_type& eta, typename M::workspace& ws, const philox_noise& noise) {
  typename M::value_type;
  typename M::vector_type;
  typename M::workspace;
  { m.parameter_count() } -> std::convertible_to<Eigen::Index>;
  { m.input_dim() } -> std::convertible_to<Eigen::Index>;
  { m.make_workspace() } -> std::same_as<typename M::workspace>;
  m.initialize(theta, noise);                 // theta(0) from the trajectory's Philox stream
  m.forward(ctheta, x, idx, f, ws);           // f_k = f(theta; x_{idx_k}), caching what the two calls below need
  m.gradient(ctheta, x, idx, c, ws, theta);   // out = sum_k c_k grad f(theta; x_k), after forward at this theta
  m.descend(theta, x, idx, c, eta, ws);       // theta -= eta sum_k c_k grad f(theta; x_k), after forward
};

// A classifier: `classes()` logits f(theta; x) per input, on batches (sim/models/mlp is the reference). forward
// fills cache.logits (B x classes) for the rows idx of x; backward writes sum_k dlogits_k . grad f(theta; x_k),
// after forward at the same theta. The classifier steppers (steppers/classifier_sgd.hpp) need nothing else.
template <class M>
concept Classifier = requires(const M& m, typename M::vector_type& theta, const typename M::vector_type& ctheta,
                              const rows_t<typename M::value_type>& x, std::span<const Eigen::Index> idx,
                              typename M::cache& c, const typename M::matrix_type& dlogits, const philox_noise& noise) {
  typename M::value_type;
  typename M::vector_type;
  typename M::matrix_type;
  { m.parameter_count() } -> std::convertible_to<Eigen::Index>;
  { m.classes() } -> std::convertible_to<Eigen::Index>;
  { m.make_cache() } -> std::same_as<typename M::cache>;
  m.initialize(theta, noise);
  m.forward(ctheta, x, idx, c);
  { c.logits } -> std::convertible_to<typename M::matrix_type>;
  m.backward(ctheta, c, dlogits, theta);
};

// A loss on a row of logits against a class id (engine/loss.hpp: softmax_cross_entropy, one_hot_squared_loss).
template <class L, class Scalar>
concept ClassLoss = requires(const L& loss, const Eigen::Matrix<Scalar, 1, Eigen::Dynamic>& f,
                             Eigen::Matrix<Scalar, 1, Eigen::Dynamic>& df) {
  { loss.value(f, 0L) } -> std::convertible_to<Scalar>;
  loss.derivative(f, 0L, df);
};

// A per-sample loss l(f, t) and its derivative in f (engine/loss.hpp).
template <class L, class Scalar>
concept Loss = requires(const L& loss, const Scalar& f, const Scalar& t) {
  { loss.value(f, t) } -> std::convertible_to<Scalar>;
  { loss.derivative(f, t) } -> std::convertible_to<Scalar>;
};

// A label-noise policy: the target sample `slot` of step `step` is trained on (label_noise.hpp).
template <class N, class Scalar>
concept LabelNoise = requires(const N& noise, const Scalar& y, const philox_noise& p, std::uint64_t step) {
  { noise.noisy_target(y, p, step, step) } -> std::convertible_to<Scalar>;
};

// Odeint's stepper shape, for discrete steps: do_step(system, theta, t, eta) advances theta(t) to theta(t + 1);
// last_step() describes the step (draws, residuals; steppers/step_record.hpp).
template <class S, class System>
concept Stepper = requires(S& s, const System& sys, typename S::state_type& theta, typename S::time_type t,
                           const typename S::value_type& eta) {
  typename S::state_type;
  typename S::value_type;
  typename S::time_type;
  s.do_step(sys, theta, t, eta);
  { s.last_step().max_abs_residual() } -> std::convertible_to<double>;
};

// An observer is called as obs(theta, t) at the initial state and after every step (sim/integrate.hpp); it may
// throw `divergence` to stop the run.
template <class O, class State>
concept Observer = std::invocable<O&, const State&, std::uint64_t>;

// Customisation points: the fast paths a model may offer (two_layer_linear has all three).
// The batch-1 SGD step fused with the next step's forward pass (steppers/label_noise_sgd.hpp).
template <class M>
concept FusedSgdStep = Model<M> && requires(const M& m, typename M::vector_type& theta,
                                            const rows_t<typename M::value_type>& x, typename M::workspace& ws,
                                            const typename M::value_type& c) {
  m.descend_then_forward(theta, x, Eigen::Index(0), c, c, Eigen::Index(0), ws);
  m.second_layer(theta).dot(ws.hidden);
};

// K batch-1 SGD steps at once with a per-step view for the observers (Model::sgd_block).
template <class M>
concept BlockSgdSteps = Model<M> && requires(const M& m, typename M::vector_type& theta,
                                             const rows_t<typename M::value_type>& x,
                                             const typename M::vector_type& y, typename M::block_workspace& bw,
                                             const typename M::value_type& c) {
  { m.make_block_workspace() } -> std::same_as<typename M::block_workspace>;
  m.sgd_block(theta, x, y, std::span<const Eigen::Index>(), std::span<const typename M::value_type>(), c, bw,
              [](Eigen::Index, const auto&) { return true; });
};

// SAM's batch-1 step in closed form (steppers/sam.hpp).
template <class M>
concept ClosedFormSam = Model<M> && requires(const M& m, typename M::vector_type& theta,
                                             const rows_t<typename M::value_type>& x, typename M::workspace& ws,
                                             const typename M::value_type& c) {
  { m.sam_step(theta, x, Eigen::Index(0), c, c, c, ws) } -> std::convertible_to<typename M::value_type>;
};

}  // namespace lnsgd::sim
