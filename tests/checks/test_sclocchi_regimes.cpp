// Sclocchi, Geiger, Wyart's perceptron claims (checks/papers/sclocchi_regimes/): the decisions on synthetic readings
// reaching every verdict, and each claim's quick profile with its control flagged through the same decision.
#include <cmath>

#include "lnsgd/checks/claims.hpp"
#include "regime_decisions.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;
namespace r = checks::regimes;

namespace {

// Five seeds of y = x^slope (1 + small seed-dependent wiggle).
std::vector<std::vector<double>> power_law(const std::vector<double>& x, double slope, double wiggle) {
  std::vector<std::vector<double>> ys;
  for (int s = 0; s < 5; ++s) {
    std::vector<double> y;
    for (std::size_t k = 0; k < x.size(); ++k)
      y.push_back(std::pow(x[k], slope + wiggle * (s - 2)) * (1 + wiggle * std::sin(double(7 * s + k))));
    ys.push_back(y);
  }
  return ys;
}

const std::vector<double> xs = {1, 2, 4, 8, 16, 32};

}  // namespace

TEST_CASE("decide_exponent: inside the band holds, wholly outside is violated, straddling is inconclusive",
          "[check][sclocchi-regimes]") {
  const auto sharp = r::per_seed_exponent(xs, power_law(xs, 1.0, 0.001));
  CHECK(sharp.mean == Approx(1.0).margin(0.01));
  CHECK(r::decide_exponent(sharp, 1.0, 0.05) == status::holds);
  CHECK(r::decide_exponent(sharp, 0.5, 0.05) == status::violated);
  const auto wide = r::per_seed_exponent(xs, power_law(xs, 1.0, 0.05));
  REQUIRE(wide.ci.upper - wide.ci.lower > 0.1);
  CHECK(r::decide_exponent(wide, 1.0, 0.05) == status::inconclusive);
  CHECK(r::decide_exponent(checks::mean_estimate{NAN}, 1.0, 0.05) == status::inconclusive);
  // A sub-range fit sees only its points.
  auto bent = power_law(xs, 1.0, 0.0);
  for (auto& y : bent)
    for (std::size_t k = 3; k < y.size(); ++k) y[k] = y[2] * std::pow(xs[k] / xs[2], 0.5);
  CHECK(r::per_seed_exponent(xs, bent, 3, 3).mean == Approx(0.5));
  CHECK(r::per_seed_exponent(xs, bent, 0, 3).mean == Approx(1.0));
}

TEST_CASE(
    "decide_approach: a large-x exponent at the prediction holds, one moving away is violated, one "
    "approaching is inconclusive",
    "[check][sclocchi-regimes]") {
  const checks::mean_estimate low{0.6, {0.55, 0.65}}, near{0.95, {0.9, 1.0}}, closer{0.8, {0.78, 0.82}},
      away{0.4, {0.35, 0.45}};
  CHECK(r::decide_approach(low, near, 1.0, 0.1) == status::holds);
  CHECK(r::decide_approach(low, closer, 1.0, 0.1) == status::inconclusive);
  CHECK(r::decide_approach(low, away, 1.0, 0.1) == status::violated);
  CHECK(r::decide_approach(low, near, 0.5, 0.1) == status::violated);  // the wrong exponent: moving away from 0.5
}

TEST_CASE("critical_batch: the log-interpolated crossing of 1.25x the B = 1 norm, or none",
          "[check][sclocchi-regimes]") {
  const std::vector<double> b = {1, 2, 4, 8, 16};
  CHECK(r::critical_batch(b, {1, 1.01, 1.0, 1.5625, 3}, 1.25).value() == Approx(std::sqrt(32.0)));  // halfway in log
  CHECK(r::critical_batch(b, {1, 1, 2, 4, 8}, 1.25).value() > 2);
  CHECK_FALSE(r::critical_batch(b, {1, 1, 1, 1.1, 1.2}, 1.25));
  CHECK(r::every({status::holds, status::holds}) == status::holds);
  CHECK(r::every({status::holds, status::inconclusive}) == status::inconclusive);
  CHECK(r::every({status::inconclusive, status::violated}) == status::violated);
  CHECK(r::decide_identity(0, 0) == status::holds);
  CHECK(r::decide_identity(1e-11, 1e-12) == status::violated);
}

TEST_CASE("decide_direction: every row's slope on the predicted side holds, one on the other side is violated",
          "[check][sclocchi-regimes]") {
  const auto est = [](double mean, double lower, double upper) {
    return checks::mean_estimate{mean, {lower, upper, 0.95}, 3};
  };
  const std::vector<checks::mean_estimate> rising = {est(0.8, 0.6, 1.0), est(0.3, 0.1, 0.5)};
  CHECK(r::decide_direction(rising, +1) == status::holds);
  CHECK(r::decide_direction(rising, -1) == status::violated);  // the wrong direction, through the same code
  const std::vector<checks::mean_estimate> unsure = {est(0.8, 0.6, 1.0), est(0.1, -0.1, 0.3)};
  CHECK(r::decide_direction(unsure, +1) == status::inconclusive);
  CHECK(r::decide_direction(unsure, -1) == status::violated);  // one row wholly on the other side suffices
  CHECK(r::decide_direction({}, +1) == status::inconclusive);  // nothing measured
  CHECK(r::decide_direction({est(0.5, 0.4, 0.6), checks::mean_estimate{NAN}}, +1) == status::inconclusive);
}

TEST_CASE("decide_both_signs: help somewhere and harm elsewhere holds, one sign everywhere is violated",
          "[check][sclocchi-regimes]") {
  const auto est = [](double mean, double lower, double upper) {
    return checks::mean_estimate{mean, {lower, upper, 0.95}, 3};
  };
  const auto help = est(-0.02, -0.03, -0.01), harm = est(0.02, 0.01, 0.03), unsure = est(0, -0.01, 0.01);
  CHECK(r::decide_both_signs({help, unsure, harm}) == status::holds);
  CHECK(r::decide_both_signs({help, help, help}) == status::violated);
  CHECK(r::decide_both_signs({harm, harm}) == status::violated);
  CHECK(r::decide_both_signs({help, unsure}) == status::inconclusive);
  CHECK(r::decide_both_signs({help, checks::mean_estimate{NAN}}) == status::inconclusive);  // one regime unmeasured
  CHECK(r::decide_both_signs({}) == status::inconclusive);
}

TEST_CASE("sclocchi-invariance: bitwise for powers of two, to rounding for c = 3, in double and 50 digits",
          "[check][sclocchi-invariance]") {
  const auto v = testing::run_quick("sclocchi-invariance");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
  for (const auto& run : v.evidence["runs"])
    if (run["c"] != 3.0) CHECK(run["double"]["deviation"] == 0.0);
}

TEST_CASE("sclocchi-w0: Delta w is the same for two w0, and the uncentred output is rejected", "[check][sclocchi-w0]") {
  const auto v = testing::run_quick("sclocchi-w0");
  CHECK(v.result == status::holds);
  for (const auto& run : v.evidence["runs"]) CHECK(run["amplification"][0] != run["amplification"][1]);
}

TEST_CASE("sclocchi-norm-temperature: exponent 1 in T, the margin-dominated regime rejected",
          "[check][sclocchi-norm-temperature]") {
  const auto v = testing::run_quick("sclocchi-norm-temperature");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
}

TEST_CASE("sclocchi-norm-p, sclocchi-training-time, sclocchi-critical-batch: verdicts with flagged controls",
          "[check][sclocchi-norm-p][sclocchi-training-time][sclocchi-critical-batch]") {
  for (const char* id : {"sclocchi-norm-p", "sclocchi-training-time", "sclocchi-critical-batch"}) {
    const auto v = testing::run_quick(id);
    CHECK_FALSE(v.tables.empty());
  }
}

TEST_CASE("sclocchi-lazy-feature, sclocchi-noise-effect: the phase diagram's quick grid, controls flagged",
          "[check][sclocchi-lazy-feature][sclocchi-noise-effect]") {
  const auto lazy = testing::run_quick("sclocchi-lazy-feature");
  REQUIRE(lazy.tables.size() == 1);
  CHECK(lazy.tables[0].name == "phase_diagram");
  CHECK(lazy.where == checks::regime::empirical);
  const auto noise = testing::run_quick("sclocchi-noise-effect");
  CHECK_FALSE(noise.tables.empty());
  CHECK(noise.where == checks::regime::empirical);
}
