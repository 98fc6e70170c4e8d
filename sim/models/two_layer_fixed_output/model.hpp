#pragma once
// The two-layer network with fixed output weights (Gatmiry et al.; related-work digest B.1; docs/models.md):
// f(x) = sum_j c_j phi(theta_j . x), only the first layer trained. Parameters theta: the m x d matrix Theta (row j
// is theta_j) stored column-major in one vector. Satisfies the engine's Model concept (engine/concepts.hpp).
#include <Eigen/Core>
#include <cmath>
#include <span>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"
#include "lnsgd/theory/gatmiry/activation.hpp"

namespace lnsgd::sim::models {

using theory::gatmiry::activation;
using theory::gatmiry::activation_derivative;

template <class Scalar>
class two_layer_fixed_output {
 public:
  using value_type = Scalar;
  using vector_type = vector_t<Scalar>;
  using rows_type = rows_t<Scalar>;
  using matrix_type = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using index = Eigen::Index;

  // What forward leaves for gradient and descend (the Model concept calls them after forward at the same theta).
  struct workspace {
    matrix_type pre;   // m x B: theta_j . x_k of the last forward's samples
    matrix_type coef;  // m x B: c_k c_j phi'(theta_j . x_k)
    rows_type xb;      // B x d: the samples
    vector_type scratch;
  };

  // m neurons on d inputs with output weights c (size m) and activation phi.
  two_layer_fixed_output(index m, index d, vector_type c, activation phi)
      : m_(m), d_(d), c_(std::move(c)), phi_(phi) {}

  index width() const { return m_; }
  index input_dim() const { return d_; }
  index parameter_count() const { return m_ * d_; }
  const vector_type& output_weights() const { return c_; }
  activation phi() const { return phi_; }

  workspace make_workspace() const {
    return {matrix_type::Zero(m_, 1), matrix_type::Zero(m_, 1), rows_type::Zero(1, d_), vector_type::Zero(m_)};
  }

  // Theta as an m x d matrix (a view into theta).
  Eigen::Map<const matrix_type> features(const vector_type& theta) const { return {theta.data(), m_, d_}; }
  Eigen::Map<matrix_type> features(vector_type& theta) const { return {theta.data(), m_, d_}; }

  // theta_j ~ N(0, I/d) (digest B.5) from the trajectory's init stream.
  void initialize(vector_type& theta, const philox_noise& noise) const {
    using std::sqrt;
    theta.resize(parameter_count());
    const Scalar scale = Scalar(1) / sqrt(Scalar(d_));
    for (index k = 0; k < theta.size(); ++k) theta[k] = scale * noise.normal<Scalar>(stream::init, 0, k);
  }

  // f(x) = sum_j c_j phi(theta_j . x).
  Scalar output(const vector_type& theta, const rows_type& x, index row, workspace& ws) const {
    ws.scratch.noalias() = features(theta) * x.row(row).transpose();
    return sum_output(ws.scratch);
  }

  // f_k = f(x_{idx_k}), keeping theta_j . x_k for gradient and descend.
  void forward(const vector_type& theta, const rows_type& x, std::span<const index> idx, Scalar* f, workspace& ws) const {
    const auto b = static_cast<index>(idx.size());
    ws.pre.resize(m_, b);
    ws.xb.resize(b, d_);
    for (index k = 0; k < b; ++k) ws.xb.row(k) = x.row(idx[k]);
    ws.pre.noalias() = features(theta) * ws.xb.transpose();
    for (index k = 0; k < b; ++k) f[k] = sum_output(ws.pre.col(k));
  }

  // out = sum_k c_k grad f(x_k), grad_{theta_j} f(x) = c_j phi'(theta_j . x) x (so it lies in span{x_i}); after
  // forward at this theta on the same samples.
  void gradient(const vector_type&, const rows_type&, std::span<const index>, const Scalar* c, workspace& ws,
                vector_type& out) const {
    coefficients(c, ws);
    out.resize(parameter_count());
    Eigen::Map<matrix_type>(out.data(), m_, d_).noalias() = ws.coef * ws.xb;
  }

  // theta <- theta - eta sum_k c_k grad f(x_k), every term at the old theta: one rank-B update of Theta.
  void descend(vector_type& theta, const rows_type&, std::span<const index>, const Scalar* c, const Scalar& eta,
               workspace& ws) const {
    coefficients(c, ws);
    ws.coef *= eta;
    features(theta).noalias() -= ws.coef * ws.xb;
  }

 private:
  template <class Pre>
  Scalar sum_output(const Pre& pre) const {
    Scalar f = 0;
    for (index j = 0; j < m_; ++j) f += c_[j] * activation_derivative(phi_, 0, Scalar(pre[j]));
    return f;
  }

  void coefficients(const Scalar* c, workspace& ws) const {
    ws.coef.resize(m_, ws.pre.cols());
    for (index k = 0; k < ws.pre.cols(); ++k)
      for (index j = 0; j < m_; ++j) ws.coef(j, k) = c[k] * c_[j] * activation_derivative(phi_, 1, ws.pre(j, k));
  }

  index m_, d_;
  vector_type c_;
  activation phi_;
};

}  // namespace lnsgd::sim::models
