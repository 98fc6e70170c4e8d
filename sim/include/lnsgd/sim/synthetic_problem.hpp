#pragma once
// The main paper's synthetic problem in one piece: data (section 1.2), the two-layer linear model, and the
// NTK-initialised state of trajectory k, all pure functions of (sizes, seed).
#include <cstdint>

#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

template <class Scalar>
struct synthetic_problem {
  regression_data<Scalar> data;
  two_layer_linear<Scalar> model;
  std::uint64_t seed;

  synthetic_problem(std::int64_t m, std::int64_t d, std::int64_t n, std::int64_t n_test, std::uint64_t seed_,
                    const Scalar& theta_star_norm = Scalar(1))
      : data(make_synthetic_data<Scalar>(n, n_test, d, theta_star_norm, seed_)), model(m, d), seed(seed_) {}

  // The system a stepper advances for trajectory k (its noise: key seed, counter trajectory k).
  problem<two_layer_linear<Scalar>> system(std::uint64_t trajectory) const {
    return {model, data, philox_noise(seed, trajectory)};
  }

  // NTK initialisation (paper Eq. 5) of trajectory k.
  vector_t<Scalar> initial_state(std::uint64_t trajectory) const {
    vector_t<Scalar> theta;
    model.initialize(theta, philox_noise(seed, trajectory));
    return theta;
  }
};

}  // namespace lnsgd::sim
