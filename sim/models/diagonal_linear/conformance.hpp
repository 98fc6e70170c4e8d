#pragma once
// The diagonal linear network as a conformance case (tests/test_conformance.cpp): the signed variant (both halves
// of theta move), a small sparse-regression instance, and its (1/4n) loss, for every scalar type.
#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "lnsgd/sim/engine/loss.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
struct diagonal_linear_case {
  using model_type = diagonal_linear<Scalar>;
  static constexpr const char* name = "diagonal-linear";
  static model_type model() { return model_type(7, true, Scalar(0.3)); }
  static regression_data<Scalar> data() { return make_sparse_regression<Scalar>(5, 5, 7, 2, 3); }
  static squared_loss<Scalar> loss() { return {Scalar(0.25)}; }
};

}  // namespace lnsgd::sim::models
