#pragma once
// A fully connected network with one or two hidden layers and `classes` outputs (docs/models.md, "mlp"):
// z_l = s_l h_{l-1} W_l + beta b_l, h_l = phi(z_l), logits = z_L. Parameterisation as in neural-tangents' Dense:
//   ntk:      W, b ~ N(0, 1),                  s_l = W_std / sqrt(fan_in), beta = b_std;
//   standard: W ~ N(0, W_std^2 / fan_in), b ~ N(0, b_std^2), s_l = 1, beta = 1.
// A mean-field output (Sclocchi, Geiger, Wyart's nets) scales the last layer by 1/fan_in instead of s_L; phi may
// carry a gain g (phi = g act, g chosen so that E[phi(z)^2] = 1 for z ~ N(0, 1)).
// theta holds, layer by layer, W_l (fan_in x fan_out, column-major) then b_l. Satisfies the engine's Classifier
// concept (engine/concepts.hpp): forward on a batch, the gradient by backpropagation, and the Jacobian-vector
// product (forward mode) that the linearised model needs; scalar-generic.
#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"
#include "mlp/activation.hpp"

namespace lnsgd::sim::models {

enum class parameterisation { standard, ntk };

struct architecture {
  std::int64_t inputs = 0;
  std::vector<std::int64_t> hidden = {512};  // one or two widths
  std::int64_t classes = 10;
  mlp_activation act = mlp_activation::erf;
  parameterisation param = parameterisation::ntk;
  bool biases = true;
  double weight_std = 1, bias_std = 1;  // neural-tangents' W_std and b_std
  bool mean_field_output = false;       // the last layer scaled by 1/fan_in: f = (1/h) sum_i beta_i h_i
  double activation_gain = 1;           // phi = gain * act
};

template <class Scalar>
class mlp {
 public:
  using value_type = Scalar;
  using vector_type = vector_t<Scalar>;
  using matrix_type = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using index = Eigen::Index;

  // What forward leaves for backward and jvp: pre-activations z_l and activations h_l (h_0 the batch), logits.
  struct cache {
    std::vector<matrix_type> z, h;
    matrix_type logits;  // B x classes
  };

  explicit mlp(architecture a) : a_(std::move(a)) {
    widths_.push_back(a_.inputs);
    for (auto h : a_.hidden) widths_.push_back(h);
    widths_.push_back(a_.classes);
    for (std::size_t l = 1; l < widths_.size(); ++l) {
      offsets_.push_back(count_);
      count_ += widths_[l - 1] * widths_[l] + (a_.biases ? widths_[l] : 0);
    }
  }

  const architecture& arch() const { return a_; }
  index parameter_count() const { return count_; }
  index input_dim() const { return a_.inputs; }
  index classes() const { return a_.classes; }
  index layers() const { return index(widths_.size()) - 1; }
  cache make_cache() const { return {}; }

  // Layer l's weights (fan_in x fan_out) and biases inside theta (l = 0 .. layers()-1).
  auto weights(const vector_type& theta, index l) const {
    return Eigen::Map<const matrix_type>(theta.data() + offsets_[l], widths_[l], widths_[l + 1]);
  }
  auto weights(vector_type& theta, index l) const {
    return Eigen::Map<matrix_type>(theta.data() + offsets_[l], widths_[l], widths_[l + 1]);
  }
  index weight_offset(index l) const { return offsets_[l]; }
  index weight_count(index l) const { return widths_[l] * widths_[l + 1]; }

  // theta(0) from the trajectory's Philox stream init: entry j of theta is N(0, 1) at (init, 0, j), scaled for
  // the standard parameterisation.
  void initialize(vector_type& theta, const philox_noise& noise) const {
    theta.resize(count_);
    for (index j = 0; j < count_; ++j) theta[j] = noise.normal<Scalar>(stream::init, 0, std::uint64_t(j));
    if (a_.param == parameterisation::ntk) return;
    for (index l = 0; l < layers(); ++l) {
      weights(theta, l) *= Scalar(a_.weight_std) / sqrt_of(widths_[l]);
      if (a_.biases) theta.segment(offsets_[l] + weight_count(l), widths_[l + 1]) *= Scalar(a_.bias_std);
    }
  }

  // c.logits = f(theta; x_{idx_k}) for the batch (rows of x), caching z_l and h_l.
  void forward(const vector_type& theta, const rows_t<Scalar>& x, std::span<const index> idx, cache& c) const {
    c.h.resize(widths_.size());
    c.z.resize(widths_.size());
    c.h[0].resize(index(idx.size()), a_.inputs);
    for (std::size_t k = 0; k < idx.size(); ++k) c.h[0].row(index(k)) = x.row(idx[k]);
    for (index l = 0; l < layers(); ++l) {
      auto& z = c.z[l + 1];
      z.noalias() = c.h[l] * weights(theta, l);
      if (scale(l) != Scalar(1)) z *= scale(l);
      if (a_.biases) z.rowwise() += bias_scale() * bias(theta, l).transpose();
      if (l + 1 < layers()) c.h[l + 1] = z.unaryExpr([&](const Scalar& v) { return gain() * activate(a_.act, v); });
    }
    c.logits = c.z[layers()];
  }

  // out = sum_k sum_c dlogits(k, c) grad f_c(theta; x_k), by backpropagation through the cache of forward(theta).
  void backward(const vector_type& theta, const cache& c, const matrix_type& dlogits, vector_type& out) const {
    out.resize(count_);
    matrix_type delta = dlogits;
    for (index l = layers() - 1; l >= 0; --l) {
      Eigen::Map<matrix_type>(out.data() + offsets_[l], widths_[l], widths_[l + 1]).noalias() =
          scale(l) * (c.h[l].transpose() * delta);
      if (a_.biases)
        out.segment(offsets_[l] + weight_count(l), widths_[l + 1]) = bias_scale() * delta.colwise().sum().transpose();
      if (l == 0) break;
      matrix_type up = scale(l) * (delta * weights(theta, l).transpose());
      delta =
          up.cwiseProduct(c.z[l].unaryExpr([&](const Scalar& v) { return gain() * activate_derivative(a_.act, v); }));
    }
  }

  // J(theta) v on the batch of the cache of forward(theta): the logits' directional derivative (B x classes).
  matrix_type jvp(const vector_type& theta, const cache& c, const vector_type& v) const {
    matrix_type dh = matrix_type::Zero(c.h[0].rows(), a_.inputs);
    matrix_type dz;
    for (index l = 0; l < layers(); ++l) {
      const Eigen::Map<const matrix_type> dw(v.data() + offsets_[l], widths_[l], widths_[l + 1]);
      dz = c.h[l] * dw;
      if (l > 0) dz.noalias() += dh * weights(theta, l);
      if (scale(l) != Scalar(1)) dz *= scale(l);
      if (a_.biases)
        dz.rowwise() += bias_scale() * v.segment(offsets_[l] + weight_count(l), widths_[l + 1]).transpose();
      if (l + 1 < layers())
        dh = dz.cwiseProduct(
            c.z[l + 1].unaryExpr([&](const Scalar& s) { return gain() * activate_derivative(a_.act, s); }));
    }
    return dz;
  }

 private:
  static Scalar sqrt_of(index n) {
    using std::sqrt;
    return sqrt(Scalar(n));
  }
  Scalar scale(index l) const {
    if (a_.mean_field_output && l == layers() - 1) return Scalar(1) / Scalar(double(widths_[l]));
    return a_.param == parameterisation::ntk ? Scalar(a_.weight_std) / sqrt_of(widths_[l]) : Scalar(1);
  }
  Scalar gain() const { return Scalar(a_.activation_gain); }
  Scalar bias_scale() const { return a_.param == parameterisation::ntk ? Scalar(a_.bias_std) : Scalar(1); }
  auto bias(const vector_type& theta, index l) const {
    return theta.segment(offsets_[l] + weight_count(l), widths_[l + 1]);
  }

  architecture a_;
  std::vector<index> widths_, offsets_;
  index count_ = 0;
};

}  // namespace lnsgd::sim::models
