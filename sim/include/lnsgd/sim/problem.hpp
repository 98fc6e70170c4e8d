#pragma once
// The "system" a discrete stepper advances (Odeint's System role): model, training data, and the trajectory's
// noise source. Cheap to copy; holds references.
#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

template <class Model>
struct problem {
  const Model& model;
  const regression_data<typename Model::value_type>& data;
  philox_noise noise;
};

}  // namespace lnsgd::sim
