#pragma once
// The fixed-output network as a conformance case (tests/engine/test_conformance.cpp): the cubic activation, unequal
// output weights (so a swapped index would show), a small instance, the (1/2n) loss, for every scalar type.
#include "lnsgd/sim/engine/loss.hpp"
#include "two_layer_fixed_output/data.hpp"
#include "two_layer_fixed_output/model.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct two_layer_fixed_output_case {
  using model_type = two_layer_fixed_output<Scalar>;
  static constexpr const char* name = "two-layer-fixed-output";
  static model_type model() {
    vector_t<Scalar> c(4);
    c << Scalar(1), Scalar(0.5), Scalar(2), Scalar(-1);
    return model_type(4, 5, c, theory::gatmiry::activation::cubic);
  }
  static regression_data<Scalar> data() { return make_uniform_regression<Scalar>(4, 5, 3); }
  static squared_loss<Scalar> loss() { return {Scalar(0.5)}; }
};

}  // namespace lnsgd::sim::models
