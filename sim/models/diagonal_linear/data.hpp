#pragma once
// Sparse regression data for the diagonal network (related-work digest E.3; docs/models.md): x entries N(0, 1),
// the training columns scaled to ||X_j||^2 / n = 1 (the test inputs by the same factors), a non-negative s-sparse
// beta* = (1, 1 - 0.9/s, ..., 1 - 0.9 (s-1)/s, 0, ..., 0) (for s = 3: 1, 0.7, 0.4 as in E.3), y = X beta*.
#include <cmath>
#include <cstdint>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
regression_data<Scalar> make_sparse_regression(std::int64_t n, std::int64_t n_test, std::int64_t d, std::int64_t s,
                                               std::uint64_t data_seed) {
  using std::sqrt;
  const philox_noise noise(data_seed, 0);
  regression_data<Scalar> data;
  data.theta_star = vector_t<Scalar>::Zero(d);
  for (std::int64_t j = 0; j < s; ++j) data.theta_star[j] = Scalar(1) - Scalar(9) * Scalar(j) / (Scalar(10) * Scalar(s));
  auto draw = [&](rows_t<Scalar>& x, std::int64_t rows, stream st) {
    x.resize(rows, d);
    for (std::int64_t k = 0; k < rows; ++k)
      for (std::int64_t j = 0; j < d; ++j) x(k, j) = noise.normal<Scalar>(st, k, j);
  };
  draw(data.x_train, n, stream::train_inputs);
  draw(data.x_test, n_test, stream::test_inputs);
  for (std::int64_t j = 0; j < d; ++j) {
    const Scalar norm = data.x_train.col(j).norm();
    const Scalar scale = norm > 0 ? Scalar(sqrt(Scalar(n)) / norm) : Scalar(1);
    data.x_train.col(j) *= scale;
    data.x_test.col(j) *= scale;
  }
  data.y_train = data.x_train * data.theta_star;
  data.y_test = data.x_test * data.theta_star;
  return data;
}

}  // namespace lnsgd::sim::models
