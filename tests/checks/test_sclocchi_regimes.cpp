// Sclocchi, Geiger, Wyart's claims (checks/papers/sclocchi_regimes/): the decisions on synthetic readings
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

TEST_CASE("crossover_temperature: the log-interpolated 25% departure from the T -> 0 error, either way, or none",
          "[check][sclocchi-regimes]") {
  const std::vector<double> t = {1, 2, 4, 8, 16};
  // Baseline 0.1 (the mean of the two lowest); departure 0.1 at T = 4, 0.4 at T = 8: 25% is crossed at 2^2.5.
  CHECK(*r::crossover_temperature(t, {0.1, 0.1, 0.09, 0.06, 0.05}, 0.25, 2) == Approx(std::exp2(2.5)));
  CHECK(*r::crossover_temperature(t, {0.1, 0.1, 0.11, 0.14, 0.2}, 0.25, 2) == Approx(std::exp2(2.5)));  // rising
  CHECK(*r::crossover_temperature(t, {0.1, 0.1, 0.2, 0.2, 0.2}, 0.25, 2) == Approx(std::exp2(1.25)));
  CHECK(*r::crossover_temperature(t, {0.05, 0.15, 0.2, 0.2, 0.2}, 0.25, 2) == Approx(2.0));  // baseline spread
  CHECK_FALSE(r::crossover_temperature(t, {0.1, 0.1, 0.11, 0.09, 0.12}, 0.25, 2));           // never departs
  CHECK_FALSE(r::crossover_temperature(t, {0.1, 0.1, NAN, 0.5, 0.5}, 0.25, 2));              // a run not converged
  CHECK_FALSE(r::crossover_temperature(t, {0, 0, 0.1, 0.2, 0.3}, 0.25, 2));                  // no T -> 0 error
}

TEST_CASE("jackknife: pseudo-values reproduce the mean's t-interval, and an undefined subset is not measured",
          "[check][sclocchi-regimes]") {
  const std::vector<double> v = {1.0, 2.0, 4.0, 3.0};
  const auto mean_of = [&](const std::vector<bool>& keep) -> std::optional<double> {
    double s = 0, n = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
      if (keep[i]) s += v[i], n += 1;
    return s / n;
  };
  const auto j = r::jackknife(v.size(), mean_of);
  const auto m = checks::mean_interval(v);  // the mean's jackknife pseudo-values are the values themselves
  REQUIRE(j);
  CHECK(j->mean == Approx(m.mean));
  CHECK(j->ci.lower == Approx(m.ci.lower));
  CHECK(j->ci.upper == Approx(m.ci.upper));
  CHECK_FALSE(r::jackknife(v.size(), [&](const std::vector<bool>& keep) -> std::optional<double> {
    if (!keep[2]) return std::nullopt;
    return 1.0;
  }));
  CHECK_FALSE(r::jackknife(1, mean_of));
}

TEST_CASE("decide_common_exponent and decide_scaling_relation: the separable form and a = gamma/delta",
          "[check][sclocchi-regimes]") {
  const auto est = [](double mean, double half) { return checks::mean_estimate{mean, {mean - half, mean + half}, 5}; };
  CHECK(r::decide_common_exponent({est(0.9, 0.02), est(0.95, 0.03), est(0.92, 0.02)}, 0.1) == status::holds);
  CHECK(r::decide_common_exponent({est(0.5, 0.02), est(1.0, 0.02), est(1.5, 0.02)}, 0.1) == status::violated);
  CHECK(r::decide_common_exponent({est(0.9, 0.2), est(0.95, 0.02)}, 0.1) == status::inconclusive);
  CHECK(r::decide_common_exponent({est(0.9, 0.02)}, 0.1) == status::inconclusive);  // one line says nothing
  CHECK(r::decide_scaling_relation(est(0.55, 0.05), est(0.02, 0.05), 0.14) == status::holds);
  CHECK(r::decide_scaling_relation(est(0.55, 0.05), est(-0.5, 0.05), 0.14) == status::violated);  // a = 2 gamma/delta
  CHECK(r::decide_scaling_relation(est(-0.5, 0.1), est(0.0, 0.05), 0.14) == status::violated);    // T_c grows with P
  CHECK(r::decide_scaling_relation(est(0.55, 0.05), est(0.1, 0.1), 0.14) == status::inconclusive);
  CHECK(r::decide_scaling_relation(std::nullopt, est(0.0, 0.05), 0.14) == status::inconclusive);  // a not measured
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

TEST_CASE("sclocchi-lazy-exponents, sclocchi-crossover: the lazy (P, T) quick grid, controls flagged",
          "[check][sclocchi-lazy-exponents][sclocchi-crossover]") {
  const auto form = testing::run_quick("sclocchi-lazy-exponents");
  REQUIRE(form.tables.size() == 3);
  CHECK(form.tables[0].name == "lazy_grid");
  CHECK(form.where == checks::regime::empirical);
  CHECK(form.evidence["delta"]["at_n"].size() == 3);  // every P of the quick grid measured
  const auto crossover = testing::run_quick("sclocchi-crossover");
  CHECK(crossover.where == checks::regime::empirical);
  CHECK(crossover.tables[0].name == "crossover");
}
