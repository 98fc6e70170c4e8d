#pragma once
// Definition 4.1 of Zhang et al. (AAAI 2026): the lazy regime of the first layer.
#include <cmath>

namespace lnsgd::theory {

// Definition 4.1: neuron i is lazy at time t while ||w_i(t) - w_i(0)|| <= 1/sqrt(m).
template <class Scalar>
Scalar lazy_radius(Scalar m) {
  using std::sqrt;
  return Scalar(1) / sqrt(m);
}

// Definition 4.1, squared form used by the simulator: lazy while ||w_i(t) - w_i(0)||^2 <= 1/m.
template <class Scalar>
Scalar lazy_radius_squared(Scalar m) {
  return Scalar(1) / m;
}

}  // namespace lnsgd::theory
