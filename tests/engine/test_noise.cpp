// Randomness is a pure function of (seed, trajectory, step, slot, stream), shared across precisions.
#include <cmath>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "support/catch.hpp"

using namespace lnsgd::sim;

TEST_CASE("noise draws are pure functions of their counter", "[noise]") {
  const philox_noise a(42, 3), b(42, 3), other_traj(42, 4), other_seed(43, 3);
  CHECK(a.raw(stream::label_noise, 10, 2) == b.raw(stream::label_noise, 10, 2));
  CHECK(a.raw(stream::label_noise, 10, 2) != other_traj.raw(stream::label_noise, 10, 2));
  CHECK(a.raw(stream::label_noise, 10, 2) != other_seed.raw(stream::label_noise, 10, 2));
  CHECK(a.raw(stream::label_noise, 10, 2) != a.raw(stream::sample_index, 10, 2));
  CHECK(a.raw(stream::label_noise, 10, 2) != a.raw(stream::label_noise, 11, 2));
  CHECK(a.raw(stream::label_noise, 10, 2) != a.raw(stream::label_noise, 10, 2, 1));
}

TEST_CASE("a normal draw agrees across precisions to the coarser precision", "[noise][precision]") {
  const philox_noise noise(1, 0);
  for (std::uint64_t slot = 0; slot < 2000; ++slot) {
    const float50 z50 = noise.normal<float50>(stream::init, 0, slot);
    const double zd = noise.normal<double>(stream::init, 0, slot);
    const long double zl = noise.normal<long double>(stream::init, 0, slot);
    // Uniforms share their leading bits, so the draws differ by the rounding of the coarser type (amplified by
    // Box-Muller's conditioning near u1 -> 1, hence the factor).
    const double scale = std::max(1.0, std::abs(zd));
    REQUIRE(std::abs(zd - static_cast<double>(z50)) <= 1e-12 * scale);
    REQUIRE(std::abs(static_cast<double>(zl - static_cast<long double>(z50))) <= 1e-15 * scale);
  }
}

TEST_CASE("50-digit uniforms carry the full mantissa", "[noise][precision]") {
  const philox_noise noise(5, 0);
  const float50 u = noise.uniform<float50>(stream::init, 0, 0);
  const float50 ud = noise.uniform<double>(stream::init, 0, 0);
  REQUIRE(u > 0);
  REQUIRE(u <= 1);
  // The bits beyond double's 53 are not all zero: the 50-digit draw is not a widened double.
  CHECK(abs(u - ud) > float50(1e-30));
  CHECK(abs(u - ud) < float50(1e-15));
}

TEST_CASE("normal draws have mean 0 and variance 1 within sampling error", "[noise]") {
  const philox_noise noise(11, 0);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int k = 0; k < n; ++k) {
    const double z = noise.normal<double>(stream::train_inputs, k, 0);
    sum += z;
    sum2 += z * z;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // 6 standard errors: se(mean) = 1/sqrt(n), se(var) = sqrt(2/n) for a standard normal.
  CHECK(std::abs(mean) < 6.0 / std::sqrt(double(n)));
  CHECK(std::abs(var - 1.0) < 6.0 * std::sqrt(2.0 / n));
}

TEST_CASE("indices are uniform below n and signs are balanced", "[noise]") {
  const philox_noise noise(3, 0);
  const std::uint64_t n = 7;
  const int draws = 70000;
  std::vector<int> counts(n, 0);
  int plus = 0;
  for (int k = 0; k < draws; ++k) {
    const auto i = noise.index(stream::sample_index, k, 0, n);
    REQUIRE(i < n);
    ++counts[i];
    plus += noise.sign(stream::label_noise, k, 0) > 0;
  }
  const double expected = double(draws) / n, sd = std::sqrt(expected * (1 - 1.0 / n));
  for (int c : counts) CHECK(std::abs(c - expected) < 6 * sd);
  CHECK(std::abs(plus - draws / 2.0) < 6 * std::sqrt(draws / 4.0));
}

TEST_CASE("record schedules contain 0 and the last step, sorted and unique", "[recorder]") {
  for (auto how : {spacing::linear, spacing::log}) {
    const auto s = record_steps(how, 50, 1000);
    CHECK(s.front() == 0);
    CHECK(s.back() == 1000);
    CHECK(std::is_sorted(s.begin(), s.end()));
    CHECK(std::adjacent_find(s.begin(), s.end()) == s.end());
  }
  CHECK(record_steps(spacing::linear, 11, 100).size() == 11);
  CHECK(record_steps(spacing::log, 5, 0) == std::vector<std::uint64_t>{0});
}
