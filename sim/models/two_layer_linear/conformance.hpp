#pragma once
// The two-layer linear net as a conformance case (tests/test_conformance.cpp): a small instance on its synthetic
// data, with its loss, for every scalar type.
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct two_layer_linear_case {
  using model_type = two_layer_linear<Scalar>;
  static constexpr const char* name = "two-layer-linear";
  static model_type model() { return model_type(6, 4); }
  static regression_data<Scalar> data() { return make_synthetic_data<Scalar>(10, 5, 4, Scalar(1), 3); }
  static squared_loss<Scalar> loss() { return {}; }
};

}  // namespace lnsgd::sim::models
