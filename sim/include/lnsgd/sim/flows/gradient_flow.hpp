#pragma once
// The gradient flow of the full-batch loss as a Boost.Odeint System: d theta/dt = -grad L(theta), with
// L(theta) = (1/n) sum_k l(f(theta; x_k), y_k) for the loss policy l; (1/2n) sum_k (f - y_k)^2 by default (paper
// section 1.3). GD with step eta is its Euler scheme at
// t = eta k (digest 5.1). State: the model's flat parameter vector as a std::vector (Odeint's range algebra works
// on it for double and for multiprecision scalars alike).
#include <numeric>
#include <vector>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

template <Model M, class Loss = squared_loss<typename M::value_type>>
class gradient_flow {
 public:
  using Model = M;
  using value_type = typename Model::value_type;
  using state_type = std::vector<value_type>;
  using vector_type = typename Model::vector_type;

  gradient_flow(const Model& model, const regression_data<value_type>& data, Loss loss = {})
      : model_(model), data_(data), loss_(loss), idx_(static_cast<std::size_t>(data.x_train.rows())), f_(idx_.size()),
        c_(idx_.size()), ws_(model.make_workspace()) {
    std::iota(idx_.begin(), idx_.end(), typename Model::index(0));
  }

  // Odeint's System: dxdt = -grad L(x). Not thread-safe (one scratch workspace per system).
  void operator()(const state_type& x, state_type& dxdt, const value_type& /*t*/) const {
    theta_ = Eigen::Map<const vector_type>(x.data(), static_cast<Eigen::Index>(x.size()));
    model_.forward(theta_, data_.x_train, idx_, f_.data(), ws_);
    const value_type n = value_type(static_cast<double>(idx_.size()));
    for (std::size_t k = 0; k < idx_.size(); ++k)
      c_[k] = loss_.derivative(f_[k], data_.y_train[static_cast<Eigen::Index>(k)]) / n;
    model_.gradient(theta_, data_.x_train, idx_, c_.data(), ws_, grad_);
    dxdt.resize(x.size());
    for (std::size_t k = 0; k < x.size(); ++k) dxdt[k] = -grad_[static_cast<Eigen::Index>(k)];
  }

  static state_type to_state(const vector_type& theta) { return state_type(theta.data(), theta.data() + theta.size()); }
  static vector_type to_vector(const state_type& x) {
    return Eigen::Map<const vector_type>(x.data(), static_cast<Eigen::Index>(x.size()));
  }

 private:
  const Model& model_;
  const regression_data<value_type>& data_;
  Loss loss_;
  std::vector<typename Model::index> idx_;
  mutable std::vector<value_type> f_, c_;
  mutable vector_type theta_, grad_;
  mutable typename Model::workspace ws_;
};

}  // namespace lnsgd::sim
