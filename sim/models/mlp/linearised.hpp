#pragma once
// The network linearised around its initialisation (the lazy baseline; Lee et al. 2019, docs/models.md):
// f_lin(theta; x) = f(theta0; x) + J(theta0; x) (theta - theta0), evaluated by one forward pass at theta0 and one
// Jacobian-vector product; no Jacobian is stored. Its gradient is J(theta0)^T delta, backpropagation at theta0.
// Same Classifier interface as the network, so every classifier stepper trains it.
#include "mlp/network.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
class linearised_mlp {
 public:
  using value_type = Scalar;
  using net_type = mlp<Scalar>;
  using vector_type = typename net_type::vector_type;
  using matrix_type = typename net_type::matrix_type;
  using cache = typename net_type::cache;
  using index = Eigen::Index;

  linearised_mlp(const net_type& net, vector_type theta0) : net_(net), theta0_(std::move(theta0)) {}

  const net_type& network() const { return net_; }
  const vector_type& theta0() const { return theta0_; }
  index parameter_count() const { return net_.parameter_count(); }
  index input_dim() const { return net_.input_dim(); }
  index classes() const { return net_.classes(); }
  cache make_cache() const { return {}; }
  void initialize(vector_type& theta, const philox_noise&) const { theta = theta0_; }

  void forward(const vector_type& theta, const rows_t<Scalar>& x, std::span<const index> idx, cache& c) const {
    net_.forward(theta0_, x, idx, c);
    c.logits += net_.jvp(theta0_, c, theta - theta0_);
  }
  void backward(const vector_type&, const cache& c, const matrix_type& dlogits, vector_type& out) const {
    net_.backward(theta0_, c, dlogits, out);
  }

 private:
  const net_type& net_;
  vector_type theta0_;
};

}  // namespace lnsgd::sim::models
