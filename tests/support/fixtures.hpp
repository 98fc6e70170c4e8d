#pragma once
// Small problems shared by the tests: synthetic data, the two-layer model, and an initialised state.
#include <cstdint>

#include "lnsgd/sim/synthetic_problem.hpp"

namespace lnsgd::test {

// The synthetic problem with trajectory 0's state and noise at hand.
template <class Scalar>
struct two_layer_problem : sim::synthetic_problem<Scalar> {
  sim::vector_t<Scalar> theta;
  sim::philox_noise noise;

  two_layer_problem(std::int64_t m, std::int64_t d, std::int64_t n, std::uint64_t seed = 7,
                    double theta_star_norm = 1.0)
      : sim::synthetic_problem<Scalar>(m, d, n, 50, seed, Scalar(theta_star_norm)),
        theta(this->initial_state(0)),
        noise(seed, 0) {}

  sim::problem<sim::two_layer_linear<Scalar>> system() const { return sim::synthetic_problem<Scalar>::system(0); }
};

// max_k |x_k - y_k| / max_k |y_k|, computed in Scalar.
template <class A, class B>
auto relative_distance(const A& x, const B& y) {
  return (x - y).template lpNorm<Eigen::Infinity>() / y.template lpNorm<Eigen::Infinity>();
}

}  // namespace lnsgd::test
