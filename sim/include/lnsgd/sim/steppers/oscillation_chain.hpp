#pragma once
// Lemma 4.4's simulation model (paper Eq. 6-7): full-batch GD on the first layer (clean labels) while every a_i
// follows the three-state chain on {-q, 0, +q}, q = eta^(1/4): +-q -> 0, and 0 -> +-q with probability 1/2 each.
// Specific to the two-layer linear net: the chain acts on its second layer. With a periodic noise schedule the
// chain is frozen while the noise is off.
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/steppers/step_record.hpp"
#include "lnsgd/theory/zhang2026/oscillation.hpp"

namespace lnsgd::sim {

template <class Scalar>
class oscillation_chain {
 public:
  using model_type = two_layer_linear<Scalar>;
  using value_type = Scalar;
  using state_type = typename model_type::vector_type;
  using time_type = std::uint64_t;
  using record_type = step_record<Scalar, typename model_type::workspace>;

  oscillation_chain(const model_type& model, const Scalar& eta, noise_schedule schedule)
      : q_(theory::oscillation_amplitude(eta)), schedule_(schedule), ws_(model.make_workspace()) {}

  // Lemma 4.4's initial law (the chain's stationary law): a_i(0) = +q, -q w.p. 1/4 each, 0 w.p. 1/2;
  // draw (chain, step 0 of block "init", slot i) as a uniform index in {0, 1, 2, 3}.
  void initialize_second_layer(const model_type& model, state_type& theta, const philox_noise& noise) const {
    auto a = model.second_layer(theta);
    for (Eigen::Index i = 0; i < model.width(); ++i) {
      const auto u = noise.index(stream::init, 2, i, 4);
      a[i] = u == 0 ? q_ : (u == 1 ? Scalar(-q_) : Scalar(0));
    }
  }

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& eta) {
    const auto& model = sys.model;
    const auto& data = sys.data;
    const auto n = data.n();
    rec_.step = step;
    if (static_cast<std::int64_t>(rec_.indices.size()) != n) {
      rec_.indices.resize(n);
      for (std::int64_t k = 0; k < n; ++k) rec_.indices[k] = k;
      rec_.targets.assign(data.y_train.data(), data.y_train.data() + n);
      rec_.residuals.resize(n);
      coeffs_.resize(n);
    }
    model.forward(theta, data.x_train, rec_.indices, rec_.residuals.data(), ws_);
    const Scalar inv_n = Scalar(1) / Scalar(n);
    for (std::int64_t k = 0; k < n; ++k) {
      rec_.residuals[k] -= data.y_train[k];
      coeffs_[k] = rec_.residuals[k] * inv_n;
    }
    // Eq. 6: w_i <- w_i - eta a_i(t) grad L_D (the full-batch gradient direction, clean labels).
    model.descend_first_layer(theta, data.x_train, rec_.indices, coeffs_.data(), eta, ws_);
    // Eq. 7: the chain moves a_i(t) -> a_i(t+1).
    if (schedule_.active(step)) {
      auto a = model.second_layer(theta);
      for (Eigen::Index i = 0; i < model.width(); ++i) {
        if (a[i] != 0)
          a[i] = 0;
        else
          a[i] = sys.noise.sign(stream::chain, step, i) > 0 ? q_ : Scalar(-q_);
      }
    }
    rec_.gradient_step = nullptr;
  }

  const record_type& last_step() const { return rec_; }

 private:
  Scalar q_;
  noise_schedule schedule_;
  typename model_type::workspace ws_;
  record_type rec_;
  std::vector<Scalar> coeffs_;
};

}  // namespace lnsgd::sim
