#pragma once
// Small problems shared by the tests: synthetic data, the two-layer model, and an initialised state.
#include <cstdint>

#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::test {

template <class Scalar>
struct two_layer_problem {
  sim::regression_data<Scalar> data;
  sim::two_layer_linear<Scalar> model;
  sim::vector_t<Scalar> theta;
  sim::philox_noise noise;

  two_layer_problem(std::int64_t m, std::int64_t d, std::int64_t n, std::uint64_t seed = 7,
                    double theta_star_norm = 1.0)
      : data(sim::make_synthetic_data<Scalar>(n, 50, d, Scalar(theta_star_norm), seed)),
        model(m, d),
        noise(seed, 0) {
    model.initialize(theta, noise);
  }

  sim::problem<sim::two_layer_linear<Scalar>> system() const { return {model, data, noise}; }
};

// max_k |x_k - y_k| / max_k |y_k|, computed in Scalar.
template <class A, class B>
auto relative_distance(const A& x, const B& y) {
  return (x - y).template lpNorm<Eigen::Infinity>() / y.template lpNorm<Eigen::Infinity>();
}

}  // namespace lnsgd::test
