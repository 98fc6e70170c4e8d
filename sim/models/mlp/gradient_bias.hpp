#pragma once
// The latent gradient bias of label corruption (Bae, Song, Jeong, Sec. 3; docs/derivations.md section 8,
// "Resetting SGD's Peclet number"; docs/models.md, "mlp"): the training gradient splits as
// grad R = (1 - f) grad R_c + f grad R_w over the correctly labelled samples and the corrupted ones (f their
// fraction), and cos phi_cw is the cosine between the two parts. The one-dimensional reduction of the paper's Eq. 2
// along a direction u (unit): drift v = -grad R . u (per unit time t = k eta), diffusion D = eta Var_i(g_i . u)/(2B)
// from the per-sample gradients g_i of the training loss (as labelled), and the distance L along u to the minimum
// of the risk with the true labels; Pe = L v / (2D). u is the clean-label descent direction -grad R_true/|.| at the
// point (the checkpoint), a derived stand-in for the direction to the true optimum, which is not known.
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "lnsgd/sim/data/classification_data.hpp"
#include "mlp/network.hpp"

namespace lnsgd::sim::models {

// The mean gradient of the loss over the training rows `rows` with labels `labels` (all rows of x: its size).
template <class Scalar, class Loss>
vector_t<Scalar> mean_gradient(const mlp<Scalar>& net, const vector_t<Scalar>& theta, const rows_t<Scalar>& x,
                               const std::vector<std::int64_t>& labels, const std::vector<Eigen::Index>& rows,
                               const Loss& loss) {
  vector_t<Scalar> part;
  if (rows.empty()) return vector_t<Scalar>::Zero(net.parameter_count());
  auto cache = net.make_cache();
  net.forward(theta, x, std::span<const Eigen::Index>(rows), cache);
  typename mlp<Scalar>::matrix_type dlogits(cache.logits.rows(), cache.logits.cols());
  for (Eigen::Index k = 0; k < dlogits.rows(); ++k) {
    auto row = dlogits.row(k);
    loss.derivative(cache.logits.row(k), long(labels[std::size_t(rows[std::size_t(k)])]), row);
  }
  net.backward(theta, cache, dlogits, part);
  return part / Scalar(double(rows.size()));
}

template <class Scalar>
struct gradient_split {
  Scalar cos_cw = 0;                           // cosine of grad R_c and grad R_w (0 if either vanishes)
  vector_t<Scalar> correct, wrong, true_risk;  // grad R_c, grad R_w, and the gradient with the true labels
};

// The split at theta on d's training set (its corruption flags and clean labels).
template <class Scalar, class Loss>
gradient_split<Scalar> split_gradient(const mlp<Scalar>& net, const vector_t<Scalar>& theta,
                                      const data::classification_data<Scalar>& d, const Loss& loss) {
  using std::sqrt;
  std::vector<Eigen::Index> correct, wrong, all(std::size_t(d.train.n()));
  std::iota(all.begin(), all.end(), Eigen::Index(0));
  for (Eigen::Index k = 0; k < d.train.n(); ++k) (d.corrupted[std::size_t(k)] ? wrong : correct).push_back(k);
  gradient_split<Scalar> s;
  s.correct = mean_gradient(net, theta, d.train.x, d.train.labels, correct, loss);
  s.wrong = mean_gradient(net, theta, d.train.x, d.train.labels, wrong, loss);
  s.true_risk = mean_gradient(net, theta, d.train.x, d.clean_train_labels, all, loss);
  const Scalar norms = sqrt(s.correct.squaredNorm() * s.wrong.squaredNorm());
  s.cos_cw = norms > 0 ? Scalar(s.correct.dot(s.wrong) / norms) : Scalar(0);
  return s;
}

template <class Scalar>
struct langevin_reduction {
  Scalar drift = 0, diffusion = 0, distance = 0, peclet = 0;
};

// The reduction at theta (the checkpoint) for step size eta and batch B; distance: the minimiser over s in
// [0, |theta|] of the true-label training risk at theta + s u (Brent's method, Boost.Math).
template <class Scalar, class Loss>
langevin_reduction<Scalar> reduce_along_clean_descent(const mlp<Scalar>& net, const vector_t<Scalar>& theta,
                                                      const data::classification_data<Scalar>& d, const Loss& loss,
                                                      double eta, double batch) {
  using std::sqrt;
  const auto split = split_gradient(net, theta, d, loss);
  langevin_reduction<Scalar> r;
  const Scalar norm = sqrt(split.true_risk.squaredNorm());
  if (!(norm > 0)) return r;
  const vector_t<Scalar> u = -split.true_risk / norm;
  std::vector<Eigen::Index> all(std::size_t(d.train.n()));
  std::iota(all.begin(), all.end(), Eigen::Index(0));
  double wrong = 0;
  for (bool b : d.corrupted) wrong += b;
  const Scalar f = Scalar(wrong / double(d.train.n()));  // grad R = (1 - f) grad R_c + f grad R_w
  r.drift = -((1 - f) * split.correct + f * split.wrong).dot(u);
  // Per-sample projections g_i . u = dl/df_i . (J_i u): one forward pass and one Jacobian-vector product.
  auto cache = net.make_cache();
  net.forward(theta, d.train.x, std::span<const Eigen::Index>(all), cache);
  const auto ju = net.jvp(theta, cache, u);
  Eigen::Matrix<Scalar, 1, Eigen::Dynamic> dl(cache.logits.cols());
  Scalar mean = 0, square = 0;
  for (Eigen::Index k = 0; k < cache.logits.rows(); ++k) {
    loss.derivative(cache.logits.row(k), long(d.train.labels[std::size_t(k)]), dl);
    const Scalar g = dl.dot(ju.row(k));
    mean += g;
    square += g * g;
  }
  const Scalar n = Scalar(double(all.size()));
  mean /= n;
  r.diffusion = Scalar(eta) * (square / n - mean * mean) / (2 * Scalar(batch));
  const auto risk = [&](double s) {
    const vector_t<Scalar> at = theta + Scalar(s) * u;
    auto c = net.make_cache();
    net.forward(at, d.train.x, std::span<const Eigen::Index>(all), c);
    double total = 0;
    for (Eigen::Index k = 0; k < c.logits.rows(); ++k)
      total += double(loss.value(c.logits.row(k), long(d.clean_train_labels[std::size_t(k)])));
    return total / double(all.size());
  };
  r.distance = Scalar(boost::math::tools::brent_find_minima(risk, 0.0, double(sqrt(theta.squaredNorm())), 30).first);
  r.peclet = r.diffusion > 0 ? Scalar(r.distance * r.drift / (2 * r.diffusion)) : Scalar(0);
  return r;
}

}  // namespace lnsgd::sim::models
