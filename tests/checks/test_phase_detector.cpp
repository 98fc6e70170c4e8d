// The two-phase detector on hand-made series: it must accept norm-then-alignment and reject the other orders.
#include "phase_detector.hpp"
#include "support/catch.hpp"

using lnsgd::checks::detect_phases;

TEST_CASE("the detector finds Phase I then Phase II in that order", "[check][phases]") {
  const std::vector<std::uint64_t> steps{0, 10, 20, 30, 40};
  const auto t = detect_phases(steps, {1.0, 0.8, 0.4, 0.3, 0.3}, {0.3, 0.31, 0.33, 0.5, 0.9});
  REQUIRE(t.phase_one_end);
  REQUIRE(t.phase_two_start);
  CHECK(*t.phase_one_end == 20);
  CHECK(*t.phase_two_start == 40);  // halfway from 0.3 to 1 is 0.65
  CHECK(t.two_phases());
}

TEST_CASE("alignment before the norm falls is not two phases", "[check][phases][control]") {
  const std::vector<std::uint64_t> steps{0, 10, 20, 30};
  const auto t = detect_phases(steps, {1.0, 0.9, 0.9, 0.4}, {0.3, 0.7, 0.9, 0.95});
  CHECK_FALSE(t.phase_one_end);  // the cosine was no longer flat when the norm halved
  CHECK(t.phase_two_start);
  CHECK_FALSE(t.two_phases());
}

TEST_CASE("a flat run has no phases", "[check][phases][control]") {
  const auto t = detect_phases({0, 10, 20}, {1.0, 1.0, 0.99}, {0.3, 0.3, 0.3});
  CHECK_FALSE(t.phase_one_end);
  CHECK_FALSE(t.phase_two_start);
}
