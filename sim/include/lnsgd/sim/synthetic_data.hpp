#pragma once
// The paper's synthetic regression data (digest section 1.2): x ~ N(0, I_d), y = theta*^T x, realisable.
#include <Eigen/Core>
#include <cstdint>

#include "lnsgd/sim/philox_noise.hpp"

namespace lnsgd::sim {

template <class Scalar>
using vector_t = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
// Samples as rows (x_k contiguous), the layout every model reads a batch in.
template <class Scalar>
using rows_t = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A regression data set: inputs as rows, labels, and the interpolator that generated them.
template <class Scalar>
struct regression_data {
  rows_t<Scalar> x_train;  // n x d
  vector_t<Scalar> y_train;
  rows_t<Scalar> x_test;  // n_test x d
  vector_t<Scalar> y_test;
  vector_t<Scalar> theta_star;  // ground-truth interpolator, y = theta*^T x

  std::int64_t n() const { return x_train.rows(); }
  std::int64_t d() const { return x_train.cols(); }
};

// Paper section 1.2: x_k ~ N(0, I_d); theta* a uniformly random direction scaled to norm theta_star_norm;
// y_k = theta*^T x_k. Every entry is a pure function of data_seed (trajectory slot 0), drawn in Scalar precision.
template <class Scalar>
regression_data<Scalar> make_synthetic_data(std::int64_t n, std::int64_t n_test, std::int64_t d,
                                            const Scalar& theta_star_norm, std::uint64_t data_seed) {
  const philox_noise noise(data_seed, 0);
  regression_data<Scalar> data;
  data.theta_star.resize(d);
  for (std::int64_t j = 0; j < d; ++j) data.theta_star[j] = noise.normal<Scalar>(stream::target, 0, j);
  data.theta_star *= theta_star_norm / data.theta_star.norm();

  auto draw = [&](rows_t<Scalar>& x, vector_t<Scalar>& y, std::int64_t rows, stream s) {
    x.resize(rows, d);
    for (std::int64_t k = 0; k < rows; ++k)
      for (std::int64_t j = 0; j < d; ++j) x(k, j) = noise.normal<Scalar>(s, k, j);
    y = x * data.theta_star;
  };
  draw(data.x_train, data.y_train, n, stream::train_inputs);
  draw(data.x_test, data.y_test, n_test, stream::test_inputs);
  return data;
}

}  // namespace lnsgd::sim
