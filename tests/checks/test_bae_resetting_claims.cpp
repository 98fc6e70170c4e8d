// Bae, Song, Jeong's first-passage claims (checks/papers/bae_resetting/): each quick profile holds in regime and its
// control (resets behind the start; swapped signs; a wrong optimum) is flagged through the same decision.
#include "lnsgd/checks/claims.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;

TEST_CASE("bae-first-passage: Eq. 5 at every grid point, and resets behind the start are rejected",
          "[check][bae-first-passage]") {
  const auto v = testing::run_quick("bae-first-passage");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
  CHECK(v.evidence["points"].size() == 12);
  // v <= 0 without resetting: infinite, and the simulation censors.
  bool censored_infinite = false;
  for (const auto& p : v.evidence["points"])
    if (p["eq5"] == "infinity") censored_infinite = p["measured"]["censored"].get<int>() > 0;
  CHECK(censored_infinite);
}

TEST_CASE("bae-reset-sign: resetting helps at Pe = 0.25 and hurts at Pe = 4, and swapped signs are violated",
          "[check][bae-reset-sign]") {
  const auto v = testing::run_quick("bae-reset-sign");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["points"][0]["simulated_change"].get<double>() < 0);
  CHECK(v.evidence["points"][1]["simulated_change"].get<double>() > 0);
}

TEST_CASE("bae-optimal-rate: the minimum sits at gamma*, and a wrong optimum is rejected",
          "[check][bae-optimal-rate]") {
  const auto v = testing::run_quick("bae-optimal-rate");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["brackets"].size() == 2);
}
