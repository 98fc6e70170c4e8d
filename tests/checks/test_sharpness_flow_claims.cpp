// The sharpness flow's claim (checks/papers/sharpness_flow/): the end point is reached and vanilla SGD is flagged;
// the closed forms against a direct minimisation.
#include <cmath>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/theory/sharpness_flow/sharpness.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;
using testing::run_quick;

TEST_CASE("label-noise SGD reaches the least-sharpness end point and vanilla SGD is flagged",
          "[check][sharpness-endpoint]") {
  const auto v = run_quick("sharpness-endpoint");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::out_of_regime);  // a small-eta limit tested at finite eta, the limit named
  REQUIRE(v.failed_assumptions.size() == 1);
  CHECK(v.failed_assumptions.front().starts_with("eta -> 0"));
  CHECK(v.evidence["rate_exponent"].get<double>() == Approx(2).margin(0.2));
}

TEST_CASE("the least-sharpness formulas agree with a direct minimisation", "[theory][sharpness-endpoint]") {
  // Derived independently: for W = a theta^T/||a||^2 the sharpness is theta^T S theta/||a||^2 + ||a||^2 tr S, which
  // a scan over ||a||^2 minimises; the scan's minimum and minimiser must match the closed forms.
  const double q = 0.7, trace_s = 5.3;
  double best = HUGE_VAL, best_a2 = 0;
  for (double a2 = 0.01; a2 < 3; a2 += 1e-5) {
    const double value = q / a2 + a2 * trace_s;
    if (value < best) best = value, best_a2 = a2;
  }
  CHECK(theory::least_sharpness(q, trace_s) == Approx(best).epsilon(1e-8));
  CHECK(theory::least_sharpness_a_norm2(q, trace_s) == Approx(best_a2).margin(2e-5));
}
