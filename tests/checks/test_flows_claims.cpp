// The continuous-time limits' claims (checks/papers/flows/): each quick profile holds and its negative control is
// flagged.
#include <cmath>

#include "lnsgd/checks/claims.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;
using testing::run_quick;

TEST_CASE("GD approaches the gradient flow at first order and a nudged flow is flagged", "[check][flow-gd-order]") {
  const auto v = run_quick("flow-gd-order");
  CHECK(v.result == status::holds);
  // A deterministic sweep, read by local orders of successive step sizes: the smallest pair's is first order.
  const auto orders = v.evidence["local_orders"];
  REQUIRE(orders.size() == 3);
  CHECK(orders.back().get<double>() == Approx(1).margin(0.1));
}

TEST_CASE("the flow conserves the balance and GD is flagged by the same criterion", "[check][flow-balance]") {
  const auto v = run_quick("flow-balance");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["flow_balance_drift"].get<double>() <= 1e-30);
  CHECK(v.evidence["gd_identity_residual"].get<double>() <= 1e-40);
}

TEST_CASE("the label-noise SDE beats the flow at weak order one and a diffusion-free SDE is flagged",
          "[check][sde-weak]") {
  const auto v = run_quick("sde-weak");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["errors_resolved"].get<bool>());
  // Judged by local orders between successive etas (3 etas: 2 orders), each with its interval.
  REQUIRE(v.evidence["local_weak_orders"].size() == 2);
  for (const auto& o : v.evidence["local_weak_orders"]) CHECK(o["ci95"][1].get<double>() >= 0.9);
  // The full modified equation adds SGD's sampling noise: closer to SGD in mean and in variance at every eta.
  for (const auto& pt : v.evidence["points"]) {
    CHECK(pt["full_sde_error"].get<double>() < pt["sde_error"].get<double>());
    const auto& var = pt["variance"];
    CHECK(std::abs(var["full_sde"].get<double>() - var["sgd"].get<double>()) <
          std::abs(var["sde"].get<double>() - var["sgd"].get<double>()));
  }
}
