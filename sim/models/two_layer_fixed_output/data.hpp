#pragma once
// The data of the fixed-output network's experiments (related-work digest B.4, B.5: the paper's Fig. 1): n inputs
// in R^d with entries U[0, 1] (linearly independent almost surely for n <= d) and labels y_i ~ U[0, 1]. There is
// no ground-truth interpolator (theta_star is zero) and no test set: the claims are about the training set.
#include <cstdint>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
regression_data<Scalar> make_uniform_regression(std::int64_t n, std::int64_t d, std::uint64_t data_seed) {
  const philox_noise noise(data_seed, 0);
  regression_data<Scalar> data;
  data.x_train.resize(n, d);
  data.y_train.resize(n);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < d; ++j) data.x_train(i, j) = noise.uniform<Scalar>(stream::train_inputs, i, j);
    data.y_train[i] = noise.uniform<Scalar>(stream::target, i, 0);
  }
  data.x_test.resize(0, d);
  data.y_test.resize(0);
  data.theta_star = vector_t<Scalar>::Zero(d);
  return data;
}

}  // namespace lnsgd::sim::models
