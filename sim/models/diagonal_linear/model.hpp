#pragma once
// The diagonal linear network (Pillaud-Vivien et al.; HaoChen et al.; docs/models.md): f(x) = <beta, x> with
// beta = u (.) u, or the signed variant beta = u (.) u - v (.) v. Parameters theta = [u] or [u, v]. Satisfies the
// engine's Model concept (engine/concepts.hpp), so every engine dynamics runs on it in every precision.
#include <Eigen/Core>
#include <cstdint>
#include <span>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
class diagonal_linear {
 public:
  using value_type = Scalar;
  using vector_type = vector_t<Scalar>;
  using rows_type = rows_t<Scalar>;
  using index = Eigen::Index;

  struct workspace {
    vector_type beta;  // beta(theta) at the preceding forward
    vector_type xc;    // sum_k c_k x_k
  };

  // d coordinates; signed: beta = u (.) u - v (.) v; alpha: the initial scale u(0) = v(0) = alpha 1.
  diagonal_linear(index d, bool is_signed, Scalar alpha) : d_(d), signed_(is_signed), alpha_(alpha) {}

  index input_dim() const { return d_; }
  index parameter_count() const { return signed_ ? 2 * d_ : d_; }
  bool is_signed() const { return signed_; }

  workspace make_workspace() const { return {vector_type::Zero(d_), vector_type::Zero(d_)}; }

  // beta = u (.) u (- v (.) v).
  vector_type beta(const vector_type& theta) const {
    vector_type b = theta.head(d_).cwiseAbs2();
    if (signed_) b -= theta.tail(d_).cwiseAbs2();
    return b;
  }

  // u(0) = alpha 1 (and v(0) = alpha 1: beta(0) = 0 for the signed net); deterministic, as in the papers' setups.
  void initialize(vector_type& theta, const philox_noise& /*noise*/) const {
    theta = vector_type::Constant(parameter_count(), alpha_);
  }

  // f_k = <beta, x_{idx_k}>.
  void forward(const vector_type& theta, const rows_type& x, std::span<const index> idx, Scalar* f, workspace& ws) const {
    ws.beta = beta(theta);
    for (std::size_t k = 0; k < idx.size(); ++k) f[k] = x.row(idx[k]).dot(ws.beta);
  }

  // out = sum_k c_k grad f(x_k): grad_u f = 2 u (.) x, grad_v f = -2 v (.) x.
  void gradient(const vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c,
                workspace& ws, vector_type& out) const {
    input_sum(x, idx, c, ws);
    out.resize(parameter_count());
    out.head(d_) = Scalar(2) * theta.head(d_).cwiseProduct(ws.xc);
    if (signed_) out.tail(d_) = Scalar(-2) * theta.tail(d_).cwiseProduct(ws.xc);
  }

  // theta <- theta - eta sum_k c_k grad f(x_k) (both halves from the old theta).
  void descend(vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c, const Scalar& eta,
               workspace& ws) const {
    input_sum(x, idx, c, ws);
    const Scalar step = Scalar(2) * eta;
    theta.head(d_) -= step * theta.head(d_).cwiseProduct(ws.xc);
    if (signed_) theta.tail(d_) += step * theta.tail(d_).cwiseProduct(ws.xc);
  }

 private:
  void input_sum(const rows_type& x, std::span<const index> idx, const Scalar* c, workspace& ws) const {
    ws.xc.setZero(d_);
    for (std::size_t k = 0; k < idx.size(); ++k) ws.xc += c[k] * x.row(idx[k]).transpose();
  }

  index d_;
  bool signed_;
  Scalar alpha_;
};

}  // namespace lnsgd::sim::models
