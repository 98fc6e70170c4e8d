#pragma once
// An out-of-tree model and claim built against an installed lnsgd (README.md): linear regression under label-noise
// gradient descent, and the closed form of its stationary spread around the least-squares solution.
#include <cstdint>
#include <lnsgd/checks/claims.hpp>
#include <lnsgd/sim/engine/engine_config.hpp>
#include <lnsgd/sim/engine/registry.hpp>
#include <lnsgd/sim/synthetic_data.hpp>

#include "linear_model.hpp"

namespace example {

// The engine's parameters (dynamics, eta, sigma, steps, seeds, ...) and the model's own.
struct linear_config : lnsgd::sim::engine_config {
  linear_config() {
    model = "linear-regression";
    eta = 0.1;
    sigma = 1;
    full_batch = true;
    label_noise = "gaussian";
    steps = 20000;
  }
  std::int64_t d = 10;
  std::int64_t n = 50;
  std::int64_t n_test = 200;
  double target_norm = 1;
};

// lnsgd's synthetic data (the main paper's): x ~ N(0, I_d), theta* of norm target_norm, y = theta*^T x.
template <class Scalar>
lnsgd::sim::regression_data<Scalar> make_linear_data(const linear_config& c) {
  return lnsgd::sim::make_synthetic_data<Scalar>(c.n, c.n_test, c.d, Scalar(c.target_norm),
                                                 static_cast<std::uint64_t>(c.data_seed < 0 ? c.seed : c.data_seed));
}

lnsgd::sim::model_entry linear_regression_entry();                         // registration.cpp
lnsgd::checks::paper_claims example_paper();                               // paper.cpp
lnsgd::checks::verdict check_stationary_spread(lnsgd::checks::profile p);  // claim_stationary_spread.cpp

}  // namespace example
