#pragma once
// What the linear-regression model records (trajectory.csv, one row per record point): the train and test
// losses, the squared distance ||w - theta*||^2 to the least-squares solution (theta*: n >= d and noiseless
// labels), and ||w||.
#include <lnsgd/sim/engine/loss.hpp>
#include <lnsgd/sim/synthetic_data.hpp>
#include <optional>
#include <string>
#include <vector>

#include "linear_model.hpp"

namespace example {

template <class Scalar>
class linear_observables {
 public:
  using row_type = std::vector<std::optional<Scalar>>;

  explicit linear_observables(const lnsgd::sim::regression_data<Scalar>& data) : data_(data) {}

  std::vector<std::string> columns() const { return {"train_loss", "test_loss", "distance_sq", "w_norm"}; }

  void record(const lnsgd::sim::vector_t<Scalar>& w, row_type& row) const {
    row.assign(columns().size(), std::nullopt);
    row[0] = half_mean_square(data_.x_train, data_.y_train, w);
    row[1] = half_mean_square(data_.x_test, data_.y_test, w);
    row[2] = (w - data_.theta_star).squaredNorm();
    row[3] = w.norm();
  }

 private:
  // (1/2n) ||X w - y||^2.
  static Scalar half_mean_square(const lnsgd::sim::rows_t<Scalar>& x, const lnsgd::sim::vector_t<Scalar>& y,
                                 const lnsgd::sim::vector_t<Scalar>& w) {
    return (x * w - y).squaredNorm() / Scalar(2 * x.rows());
  }

  const lnsgd::sim::regression_data<Scalar>& data_;
};

}  // namespace example
