#pragma once
// What `lnsgd simulate --model two-layer-fixed-output` records (docs/models.md): the train loss, the sharpness
// tr Hessian L and its closed-form minimum (theory/gatmiry/), the drift of the rows' components orthogonal to the
// data span (frozen exactly: every gradient lies in span{x_i}), the rank ratio of the projected features and the
// neurons' agreement on the data (related-work digest B.3, B.7), and the rank of the feature matrix
// F_ij = phi(theta_j . x_i) (B7: for n > d, where no theorem applies, the closed-form columns are those of n <= d).
#include <Eigen/Core>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/theory/gatmiry/sharpness_minimum.hpp"
#include "two_layer_fixed_output/model.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
class fixed_output_observables {
 public:
  using row_type = std::vector<std::optional<Scalar>>;
  using matrix_type = typename two_layer_fixed_output<Scalar>::matrix_type;

  // c: the common output weight the closed forms assume (theory/gatmiry/sharpness_minimum.hpp).
  fixed_output_observables(const two_layer_fixed_output<Scalar>& model, const regression_data<Scalar>& data,
                           squared_loss<Scalar> loss, Scalar c)
      : model_(model), data_(data), loss_(loss), projection_(data_projection(data.x_train)) {
    const auto phi = model.phi();
    sharpness_min_ = theory::gatmiry::minimal_sharpness(phi, data.x_train, data.y_train, model.width(), c);
    agreement_.resize(data.n());
    for (Eigen::Index i = 0; i < data.n(); ++i)
      agreement_[i] = theory::gatmiry::agreement_point(phi, data.y_train[i], model.width(), c);
  }

  std::vector<std::string> columns() const {
    return {"train_loss", "sharpness",  "sharpness_min",      "sharpness_gap",         "orthogonal_drift",
            "rank_ratio", "agreement", "feature_rank_ratio", "feature_effective_rank"};
  }

  // Row for theta; the orthogonal drift is measured from the first recorded state (step 0).
  void record(const vector_t<Scalar>& theta, row_type& row) {
    using std::abs;
    const auto w = model_.features(theta);
    const matrix_type pre = w * data_.x_train.transpose();  // m x n: theta_j . x_i
    row.assign(columns().size(), std::nullopt);
    row[0] = train_loss(pre);
    const Scalar sharp = sharpness(pre);
    row[1] = sharp;
    row[2] = sharpness_min_;
    row[3] = sharp - sharpness_min_;
    const matrix_type orthogonal = w - w * projection_;
    if (!orthogonal_start_) orthogonal_start_ = orthogonal;
    row[4] = (orthogonal - *orthogonal_start_).rowwise().norm().maxCoeff();
    row[5] = rank_ratio(w * projection_);
    Scalar worst = 0;
    for (Eigen::Index i = 0; i < pre.cols(); ++i)
      for (Eigen::Index j = 0; j < pre.rows(); ++j) worst = std::max<Scalar>(worst, abs(pre(j, i) - agreement_[i]));
    row[6] = worst;
    const auto spectrum = singular_values(feature_matrix(pre));
    row[7] = Scalar(spectrum.size() < 2 || spectrum[0] == 0 ? 0.0 : spectrum[1] / spectrum[0]);
    row[8] = Scalar(effective_rank(spectrum));
  }

 private:
  // P = X^+ X, the orthogonal projection on span{x_i} (X^T (X X^T)^{-1} X for independent rows; the identity when
  // the x_i span R^d, e.g. n > d).
  static matrix_type data_projection(const rows_t<Scalar>& x) {
    const Eigen::CompleteOrthogonalDecomposition<matrix_type> cod{matrix_type(x)};
    return cod.pseudoInverse() * matrix_type(x);
  }

  // F_ij = phi(theta_j . x_i), n x m, in double (a display quantity).
  Eigen::MatrixXd feature_matrix(const matrix_type& pre) const {
    Eigen::MatrixXd f(pre.cols(), pre.rows());
    for (Eigen::Index i = 0; i < pre.cols(); ++i)
      for (Eigen::Index j = 0; j < pre.rows(); ++j)
        f(i, j) = to_double(theory::gatmiry::activation_derivative(model_.phi(), 0, pre(j, i)));
    return f;
  }

  static Eigen::VectorXd singular_values(const Eigen::MatrixXd& f) {
    return Eigen::JacobiSVD<Eigen::MatrixXd>(f).singularValues();
  }

  // exp of the entropy of the normalised singular values (Roy and Vetterli's effective rank): 1 for rank one, k for
  // k equal singular values.
  static double effective_rank(const Eigen::VectorXd& s) {
    const double total = s.sum();
    if (!(total > 0)) return 0;
    double entropy = 0;
    for (Eigen::Index k = 0; k < s.size(); ++k)
      if (s[k] > 0) entropy -= s[k] / total * std::log(s[k] / total);
    return std::exp(entropy);
  }

  Scalar train_loss(const matrix_type& pre) const {
    Scalar sum = 0;
    for (Eigen::Index i = 0; i < pre.cols(); ++i) sum += loss_.value(output(pre, i), data_.y_train[i]);
    return sum / Scalar(double(pre.cols()));
  }

  Scalar output(const matrix_type& pre, Eigen::Index i) const {
    Scalar f = 0;
    for (Eigen::Index j = 0; j < pre.rows(); ++j)
      f += model_.output_weights()[j] * theory::gatmiry::activation_derivative(model_.phi(), 0, pre(j, i));
    return f;
  }

  // tr Hessian L = (2 s / n) sum_i ||x_i||^2 sum_j [c_j^2 phi'(r_ij)^2 + (f_i - y_i) c_j phi''(r_ij)] for
  // L = (1/n) sum_i s (f_i - y_i)^2 (derived; docs/derivations/gatmiry.md).
  Scalar sharpness(const matrix_type& pre) const {
    const auto& c = model_.output_weights();
    Scalar sum = 0;
    for (Eigen::Index i = 0; i < pre.cols(); ++i) {
      const Scalar residual = output(pre, i) - data_.y_train[i];
      Scalar per_sample = 0;
      for (Eigen::Index j = 0; j < pre.rows(); ++j) {
        const Scalar slope = theory::gatmiry::activation_derivative(model_.phi(), 1, pre(j, i));
        const Scalar curve = theory::gatmiry::activation_derivative(model_.phi(), 2, pre(j, i));
        per_sample += c[j] * c[j] * slope * slope + residual * c[j] * curve;
      }
      sum += data_.x_train.row(i).squaredNorm() * per_sample;
    }
    return Scalar(2) * loss_.scale * sum / Scalar(double(pre.cols()));
  }

  // sigma_2 / sigma_1 of the projected rows, computed in double (a display quantity; 0 for one neuron).
  static Scalar rank_ratio(const matrix_type& projected) {
    Eigen::MatrixXd p(projected.rows(), projected.cols());
    for (Eigen::Index j = 0; j < p.rows(); ++j)
      for (Eigen::Index k = 0; k < p.cols(); ++k) p(j, k) = to_double(projected(j, k));
    const Eigen::VectorXd s = singular_values(p);
    return s.size() < 2 || s[0] == 0 ? Scalar(0) : Scalar(s[1] / s[0]);
  }

  const two_layer_fixed_output<Scalar>& model_;
  const regression_data<Scalar>& data_;
  squared_loss<Scalar> loss_;
  matrix_type projection_;
  Scalar sharpness_min_;
  vector_t<Scalar> agreement_;
  std::optional<matrix_type> orthogonal_start_;
};

}  // namespace lnsgd::sim::models
