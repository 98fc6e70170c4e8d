// Bae, Song, Jeong's resetting-SGD claims (checks/papers/bae_resetting/claim_resetting_*.cpp): the decisions reach
// holds, violated and inconclusive on synthetic per-seed gains, and the memorisation claim's quick profile holds with
// its opposite prediction flagged.
#include "resetting_decisions.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;
namespace r = checks::resetting;

namespace {

// Five paired seeds around `mean` with a small spread.
std::vector<double> around(double mean, double spread = 0.01) {
  return {mean - 2 * spread, mean - spread, mean, mean + spread, mean + 2 * spread};
}

}  // namespace

TEST_CASE("RDTAcc is the relative accuracy gain per paired seed", "[check][resetting]") {
  const auto g = r::relative_gain({0.9, 0.6}, {0.8, 0.5});
  CHECK(g[0] == Approx(0.125));
  CHECK(g[1] == Approx(0.2));
  CHECK(r::paired_difference({3, 4}, {1, 1}) == std::vector<double>{2, 3});
  CHECK_THROWS(r::relative_gain({1}, {1, 2}));
}

TEST_CASE("a growing gain: holds in the predicted order, violated reversed, inconclusive when flat or noisy",
          "[check][resetting]") {
  const std::vector<std::vector<double>> growing = {around(0.0), around(0.05), around(0.1)};
  CHECK(r::decide_growing_gain(growing) == status::holds);
  CHECK(r::decide_growing_gain({growing[2], growing[1], growing[0]}) == status::violated);
  CHECK(r::decide_growing_gain({around(0.05), around(0.05, 0.05), around(0.06, 0.05)}) == status::inconclusive);
  CHECK(r::decide_growing_gain({around(0.0), around(-0.1)}) == status::violated);  // the last gain below 0
  // One reversal among increases is enough to violate.
  CHECK(r::decide_growing_gain({around(0.0), around(0.2), around(0.1)}) == status::violated);
}

TEST_CASE("an interior optimum: holds above both ends, violated when an end beats every candidate",
          "[check][resetting]") {
  const std::vector<std::vector<double>> ends = {around(0.02), around(0.0)};
  CHECK(r::decide_best_among({around(0.03), around(0.1)}, ends) == status::holds);
  CHECK(r::decide_best_among({around(0.0), around(-0.01)}, {around(0.1), around(0.0)}) == status::violated);
  CHECK(r::decide_best_among({around(0.02, 0.05)}, ends) == status::inconclusive);
}

TEST_CASE("a sign: holds on the predicted side, violated on the other, inconclusive across 0", "[check][resetting]") {
  CHECK(r::decide_sign(around(0.1), true) == status::holds);
  CHECK(r::decide_sign(around(0.1), false) == status::violated);
  CHECK(r::decide_sign(around(-0.1), false) == status::holds);
  CHECK(r::decide_sign(around(0.0, 0.1), true) == status::inconclusive);
}

TEST_CASE("bae-resetting-memorisation: resetting SGD memorises fewer corrupted labels than SGD",
          "[check][bae-resetting-memorisation]") {
  const auto v = testing::run_quick("bae-resetting-memorisation");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::empirical);
  CHECK(v.evidence["with"]["resets"][0].get<double>() > 0);
  CHECK(v.evidence["without"]["resets"][0].get<double>() == 0);
}
