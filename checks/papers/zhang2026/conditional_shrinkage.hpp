#pragma once
// Lemma 4.3 as stated: at each step j and for each neuron i, the probability over that step's draws -- the sample
// index xi uniform on [n] and the label noise eps = +-sigma, each sign with probability 1/2 -- of
// Delta W_i(j) = -r^2 ((x_xi^T w_i)^2 - a_i^2 ||x_xi||^2) <= 0 and <= -threshold, r = a^T W x_xi - y_xi - eps
// (docs/papers/zhang2026-two-layer-label-noise.md, Lemma 3 and the norm decomposition). Computed exactly from the
// state by enumerating the 2n outcomes: O(m n d).
#include <Eigen/Core>

namespace lnsgd::checks {

struct conditional_shrinkage {
  Eigen::ArrayXd nonpositive;  // P(Delta W_i <= 0 | state), per neuron
  Eigen::ArrayXd below;        // P(Delta W_i <= -threshold | state), per neuron
};

// w: m x d first layer, a: second layer, x: n x d training inputs, y: labels.
inline conditional_shrinkage conditional_probabilities(const Eigen::MatrixXd& w, const Eigen::VectorXd& a,
                                                       const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double sigma,
                                                       double threshold) {
  const Eigen::Index m = w.rows(), n = x.rows();
  const Eigen::MatrixXd pre = w * x.transpose();                     // m x n: x_k^T w_i
  const Eigen::VectorXd f = pre.transpose() * a;                     // f(theta; x_k)
  const Eigen::ArrayXd x_norm2 = x.rowwise().squaredNorm().array();  // ||x_k||^2
  conditional_shrinkage out{Eigen::ArrayXd::Zero(m), Eigen::ArrayXd::Zero(m)};
  const double weight = 1.0 / (2.0 * double(n));  // each (k, sign) outcome
  for (Eigen::Index k = 0; k < n; ++k) {
    // s_i = (x_k^T w_i)^2 - a_i^2 ||x_k||^2, so Delta W_i = -r^2 s_i.
    const Eigen::ArrayXd s = pre.col(k).array().square() - a.array().square() * x_norm2[k];
    for (double eps : {sigma, -sigma}) {
      const double r2 = (f[k] - y[k] - eps) * (f[k] - y[k] - eps);
      out.nonpositive += weight * (r2 * s >= 0).cast<double>();
      out.below += weight * (r2 * s >= threshold).cast<double>();
    }
  }
  return out;
}

}  // namespace lnsgd::checks
