#pragma once
// The perceptron's task `depleted_sign` (Sclocchi, Geiger, Wyart; the authors' code; docs/models.md, "perceptron"):
// x_1 = s sqrt(2 G) with G ~ Gamma((chi + 1)/2, 1) and a random sign s, so x_1 has density proportional to
// |x_1|^chi e^{-x_1^2/2} (chi = 0: a Gaussian; chi > 0: depleted near the boundary x_1 = 0); the other coordinates
// N(0, 1); y = sign(x_1). G is drawn by inverting its distribution function (Boost.Math gamma_q_inv of one Philox
// uniform), so a sample takes a fixed set of draws and is the same in every precision up to rounding. Point j of
// the training (test) set reads stream train_inputs (test_inputs) at step j of the data seed's stream 0.
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct sign_task {
  rows_t<Scalar> x;    // P x d
  vector_t<Scalar> y;  // +-1
};

template <class Scalar>
sign_task<Scalar> depleted_sign(std::int64_t points, std::int64_t d, double chi, std::uint64_t data_seed,
                                stream which) {
  using std::sqrt;
  const philox_noise noise(data_seed, 0);
  sign_task<Scalar> t{rows_t<Scalar>(points, d), vector_t<Scalar>(points)};
  const Scalar shape = (Scalar(chi) + 1) / 2;
  for (std::int64_t j = 0; j < points; ++j) {
    const auto step = std::uint64_t(j);
    const Scalar g = boost::math::gamma_q_inv(shape, noise.uniform<Scalar>(which, step, 0));  // u in (0, 1]
    const int s = noise.sign(which, step, 1);
    t.x(j, 0) = Scalar(s) * sqrt(2 * g);
    for (std::int64_t i = 1; i < d; ++i) t.x(j, i) = noise.normal<Scalar>(which, step, std::uint64_t(i) + 1);
    t.y[j] = Scalar(s);
  }
  return t;
}

}  // namespace lnsgd::sim::models
