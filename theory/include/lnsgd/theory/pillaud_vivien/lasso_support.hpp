#pragma once
// When the weighted non-negative Lasso F(beta) = (1/4n)||X beta - y||^2 + lambda sum_j w_j beta_j, w_j = ||X_j||^2/n,
// on noiseless labels y = X beta* has beta*'s support S (derived; docs/derivations/implicit-lasso.md, "Support"):
// with q = (X_S^T X_S)^{-1} w_S the candidate is beta_S = beta*_S - 2 n lambda q, and KKT holds iff
//   beta_S > 0          <=>  lambda < min_{j in S, q_j > 0} beta*_j / (2 n q_j)   (support_threshold)
//   dF/dbeta_j >= 0 off S  <=>  X_j^T X_S q <= w_j for every j not in S          (irrepresentability <= 1)
// Both in any scalar type; X_S must have full column rank.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <limits>
#include <vector>

namespace lnsgd::theory::pillaud_vivien {

template <class Scalar>
using matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <class Scalar>
using vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

// The support S = {j : beta*_j != 0}.
template <class Scalar>
std::vector<Eigen::Index> support_of(const vector<Scalar>& beta_star) {
  std::vector<Eigen::Index> s;
  for (Eigen::Index j = 0; j < beta_star.size(); ++j)
    if (beta_star[j] != Scalar(0)) s.push_back(j);
  return s;
}

// q = (X_S^T X_S)^{-1} w_S with w_j = ||X_j||^2 / n (derived, above).
template <class Scalar>
vector<Scalar> support_direction(const matrix<Scalar>& x, const std::vector<Eigen::Index>& s) {
  const Scalar n(double(x.rows()));
  matrix<Scalar> xs(x.rows(), Eigen::Index(s.size()));
  vector<Scalar> ws(Eigen::Index(s.size()));
  for (std::size_t k = 0; k < s.size(); ++k) {
    xs.col(Eigen::Index(k)) = x.col(s[k]);
    ws[Eigen::Index(k)] = x.col(s[k]).squaredNorm() / n;
  }
  return (xs.transpose() * xs).ldlt().solve(ws);
}

// The largest lambda at which beta_lambda keeps all of S: min_{j in S, q_j > 0} beta*_j / (2 n q_j) (derived, above);
// +infinity if no q_j > 0.
template <class Scalar>
Scalar support_threshold(const matrix<Scalar>& x, const vector<Scalar>& beta_star) {
  const auto s = support_of(beta_star);
  const auto q = support_direction(x, s);
  Scalar best = std::numeric_limits<Scalar>::infinity();
  for (std::size_t k = 0; k < s.size(); ++k)
    if (q[Eigen::Index(k)] > Scalar(0))
      best = std::min<Scalar>(best, beta_star[s[k]] / (Scalar(2) * Scalar(double(x.rows())) * q[Eigen::Index(k)]));
  return best;
}

// beta_lambda itself where both conditions hold: beta*_S - 2 n lambda q on S, 0 off it (derived, above; the unique
// minimiser when X_S has full column rank and both inequalities are strict).
template <class Scalar>
vector<Scalar> lasso_on_support(const matrix<Scalar>& x, const vector<Scalar>& beta_star, const Scalar& lambda) {
  const auto s = support_of(beta_star);
  const auto q = support_direction(x, s);
  vector<Scalar> beta = vector<Scalar>::Zero(beta_star.size());
  for (std::size_t k = 0; k < s.size(); ++k)
    beta[s[k]] = beta_star[s[k]] - Scalar(2) * Scalar(double(x.rows())) * lambda * q[Eigen::Index(k)];
  return beta;
}

// max over j not in S of X_j^T X_S q / w_j (derived, above): beta_lambda has no coordinate off S iff this is <= 1.
template <class Scalar>
Scalar irrepresentability(const matrix<Scalar>& x, const vector<Scalar>& beta_star) {
  const auto s = support_of(beta_star);
  const auto q = support_direction(x, s);
  vector<Scalar> xs_q = vector<Scalar>::Zero(x.rows());
  for (std::size_t k = 0; k < s.size(); ++k) xs_q += q[Eigen::Index(k)] * x.col(s[k]);
  Scalar worst = -std::numeric_limits<Scalar>::infinity();
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if (beta_star[j] == Scalar(0))
      worst = std::max<Scalar>(worst, x.col(j).dot(xs_q) / (x.col(j).squaredNorm() / Scalar(double(x.rows()))));
  return worst;
}

}  // namespace lnsgd::theory::pillaud_vivien
