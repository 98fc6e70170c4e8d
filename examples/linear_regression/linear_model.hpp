#pragma once
// The model of this example: linear regression f(w; x) = <w, x>, parameters theta = w in R^d, w(0) = 0. It
// satisfies lnsgd's Model concept (lnsgd/sim/engine/concepts.hpp), so every engine dynamics runs on it (label-noise
// SGD and GD, SAM, gradient flow, the SDEs) in every precision, with no code of its own.
#include <Eigen/Core>
#include <lnsgd/sim/philox_noise.hpp>
#include <lnsgd/sim/synthetic_data.hpp>
#include <span>

namespace example {

template <class Scalar>
class linear_regression {
 public:
  using value_type = Scalar;
  using vector_type = lnsgd::sim::vector_t<Scalar>;
  using rows_type = lnsgd::sim::rows_t<Scalar>;
  using index = Eigen::Index;

  struct workspace {
    vector_type xc;  // sum_k c_k x_k
  };

  explicit linear_regression(index d) : d_(d) {}

  index input_dim() const { return d_; }
  index parameter_count() const { return d_; }
  workspace make_workspace() const { return {vector_type::Zero(d_)}; }

  // w(0) = 0: deterministic, so trajectories differ by their label noise alone.
  void initialize(vector_type& theta, const lnsgd::sim::philox_noise& /*noise*/) const {
    theta = vector_type::Zero(d_);
  }

  // f_k = <w, x_{idx_k}>.
  void forward(const vector_type& theta, const rows_type& x, std::span<const index> idx, Scalar* f,
               workspace& /*ws*/) const {
    for (std::size_t k = 0; k < idx.size(); ++k) f[k] = x.row(idx[k]).dot(theta);
  }

  // out = sum_k c_k grad f(x_k) = sum_k c_k x_k.
  void gradient(const vector_type& /*theta*/, const rows_type& x, std::span<const index> idx, const Scalar* c,
                workspace& ws, vector_type& out) const {
    input_sum(x, idx, c, ws);
    out = ws.xc;
  }

  // w <- w - eta sum_k c_k x_k.
  void descend(vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c, const Scalar& eta,
               workspace& ws) const {
    input_sum(x, idx, c, ws);
    theta -= eta * ws.xc;
  }

 private:
  void input_sum(const rows_type& x, std::span<const index> idx, const Scalar* c, workspace& ws) const {
    ws.xc.setZero(d_);
    for (std::size_t k = 0; k < idx.size(); ++k) ws.xc += c[k] * x.row(idx[k]).transpose();
  }

  index d_;
};

}  // namespace example
