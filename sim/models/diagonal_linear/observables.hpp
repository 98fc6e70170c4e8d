#pragma once
// What the diagonal network records (docs/models.md): losses, the distance to beta*, the active set (|beta_j| above
// a threshold) against beta*'s support, and beta itself at the snapshot steps (beta.csv).
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "diagonal_linear/model.hpp"
#include "lnsgd/sim/engine/loss.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
class diagonal_observables {
 public:
  using row_type = std::vector<std::optional<Scalar>>;

  diagonal_observables(const diagonal_linear<Scalar>& model, const regression_data<Scalar>& data,
                       squared_loss<Scalar> loss, Scalar threshold)
      : model_(model), data_(data), loss_(loss), threshold_(threshold) {}

  std::vector<std::string> columns() const {
    return {"train_loss", "test_loss", "beta_error", "beta_l1", "active_count", "support_min", "off_support_max",
            "theta_norm"};
  }

  void record(const vector_t<Scalar>& theta, row_type& row) const {
    using std::abs;
    const vector_t<Scalar> beta = model_.beta(theta);
    row.assign(columns().size(), std::nullopt);
    row[0] = mean_loss(data_.x_train, data_.y_train, beta);
    row[1] = mean_loss(data_.x_test, data_.y_test, beta);
    row[2] = (beta - data_.theta_star).norm();
    row[3] = beta.template lpNorm<1>();
    std::int64_t active = 0;
    std::optional<Scalar> support_min, off_max;
    for (Eigen::Index j = 0; j < beta.size(); ++j) {
      if (abs(beta[j]) > threshold_) ++active;
      if (data_.theta_star[j] != 0) {
        if (!support_min || beta[j] < *support_min) support_min = beta[j];
      } else if (!off_max || abs(beta[j]) > *off_max) {
        off_max = abs(beta[j]);
      }
    }
    row[4] = Scalar(active);
    row[5] = support_min;
    row[6] = off_max;
    row[7] = theta.norm();
  }

  std::string snapshot_table() const { return "beta"; }
  std::string snapshot_header() const { return "trajectory,step,coordinate,beta"; }
  template <class Emit>
  void snapshot(const vector_t<Scalar>& theta, Emit&& emit) const {
    const vector_t<Scalar> beta = model_.beta(theta);
    for (Eigen::Index j = 0; j < beta.size(); ++j) emit(std::to_string(j), beta[j]);
  }

 private:
  Scalar mean_loss(const rows_t<Scalar>& x, const vector_t<Scalar>& y, const vector_t<Scalar>& beta) const {
    const vector_t<Scalar> f = x * beta;
    Scalar sum = 0;
    for (Eigen::Index k = 0; k < f.size(); ++k) sum += loss_.value(f[k], y[k]);
    return sum / Scalar(double(f.size()));
  }

  const diagonal_linear<Scalar>& model_;
  const regression_data<Scalar>& data_;
  squared_loss<Scalar> loss_;
  Scalar threshold_;
};

}  // namespace lnsgd::sim::models
