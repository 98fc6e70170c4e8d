// The first-passage theory of resetting (theory/bae_resetting/first_passage.hpp) and the drift-diffusion searcher
// (sim/models/drift_diffusion/): Eq. 5 against the related-work digest's reference values, its limits and slope, the
// optimal rate as a root in 50 digits, the searcher's bridge correction, the searcher in three dimensions against
// the sphere's formula, and its command line.
#include <nlohmann/json.hpp>

#include "drift_diffusion/searcher.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "lnsgd/theory/bae_resetting/sphere_passage.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace th = theory::bae_resetting;
using sim::float50;

TEST_CASE("Eq. 5 gives the reference values, L/v at gamma = 0 and infinity for v <= 0", "[theory][resetting]") {
  // L = 1, D = 0.5: the related-work digest's table (T at gamma = 0.5, 2, 8).
  const std::vector<std::pair<double, std::vector<double>>> table = {
      {2.0, {0.533, 0.645, 1.356}}, {0.5, {1.711, 1.883, 4.145}}, {-0.5, {8.09, 5.98, 11.48}}};
  for (const auto& [v, values] : table) {
    const std::vector<double> rates = {0.5, 2, 8};
    for (std::size_t k = 0; k < rates.size(); ++k)
      CHECK(th::mean_first_passage(1.0, v, 0.5, rates[k]) == Approx(values[k]).epsilon(2e-3));
  }
  CHECK(th::mean_first_passage(1.0, 2.0, 0.5, 0.0) == 0.5);
  CHECK(std::isinf(th::mean_first_passage(1.0, -0.5, 0.5, 0.0)));
  CHECK(std::isinf(th::mean_first_passage(1.0, 0.0, 0.5, 0.0)));
  // Continuous at gamma -> 0 without cancellation (the rewritten exponent), and the slope there.
  CHECK(th::mean_first_passage(1.0, 0.5, 0.5, 1e-12) == Approx(2.0).epsilon(1e-9));
  const double h = 1e-6;
  const double fd = (th::mean_first_passage(1.0, 0.5, 0.5, h) - th::mean_first_passage(1.0, 0.5, 0.5, 0.0)) / h;
  CHECK(fd == Approx(th::rate_slope_at_zero(1.0, 0.5, 0.5)).epsilon(1e-4));
  CHECK(th::rate_slope_at_zero(1.0, 0.5, 0.5) < 0);  // Pe = 0.5 < 1
  CHECK(th::rate_slope_at_zero(1.0, 2.0, 0.5) > 0);  // Pe = 2 > 1
}

TEST_CASE("the optimal rate is the root of dT/dgamma in 50 digits, and absent when Pe >= 1", "[theory][resetting]") {
  for (const float50& v : {float50("0.5"), float50("-0.5"), float50(0)}) {
    const float50 L = 1, D = float50("0.5");
    const auto g = th::optimal_rate(L, v, D);
    REQUIRE(g.has_value());
    CHECK(sim::to_double(abs(th::rate_slope(L, v, D, *g))) < 1e-40);
    const float50 t = th::mean_first_passage(L, v, D, *g);
    CHECK(th::mean_first_passage(L, v, D, *g * float50("1.001")) > t);
    CHECK(th::mean_first_passage(L, v, D, *g * float50("0.999")) > t);
    CHECK(sim::to_double(*g) == Approx(*th::optimal_rate(1.0, sim::to_double(v), 0.5)).epsilon(1e-10));
  }
  CHECK(!th::optimal_rate(1.0, 2.0, 0.5));
  CHECK(!th::optimal_rate(1.0, 1.0, 0.5));  // Pe = 1 exactly
}

TEST_CASE("the searcher: exact increments, the bridge finds crossings the grid misses, resets go to the start",
          "[model][drift-diffusion]") {
  sim::models::searcher<double> s{0.0, 0.5, 1.0, 0.0, false, sim::philox_noise(1, 0)};
  // Without drift or resetting, with the bridge the passage comes earlier on average than without (missed
  // crossings between grid points are found).
  double with = 0, without = 0;
  for (std::uint64_t k = 0; k < 400; ++k) {
    s.noise = sim::philox_noise(1, k);
    s.bridge = false;
    without += double(sim::models::run_searcher(s, 0.05, 100000, [](auto&&...) {}).steps_done);
    s.bridge = true;
    with += double(sim::models::run_searcher(s, 0.05, 100000, [](auto&&...) {}).steps_done);
  }
  CHECK(with < 0.9 * without);
  // A reset puts the searcher at the reset point.
  s.reset_rate = 1e6;
  s.reset_point = -0.25;
  sim::vector_t<double> x(1);
  x[0] = 0.7;
  CHECK(sim::models::poisson_reset(s, x, 1, 0.01));
  CHECK(x[0] == -0.25);
}

TEST_CASE("drift-diffusion from the command line: passage table, censoring, one-line errors",
          "[model][drift-diffusion][cli]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--model", "drift-diffusion", "--trajectories", "200", "--dt", "0.01",
                                "--quiet", "--out", tmp / "o"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "o/metadata.json"));
  const auto& f = meta["first_passage"];
  CHECK(f["completed"] == 200);
  CHECK(f["eq5_prediction"].get<double>() == Approx(1.711).epsilon(1e-3));  // v = 0.5, D = 0.5, L = 1, gamma = 0.5
  CHECK(std::abs(f["mean"].get<double>() - 1.711) < 0.5);
  CHECK(test::lines(test::slurp(tmp.path / "o/passage.csv")) == 201);
  // Drift away from the target without resetting: censored searchers, no finite mean claimed for them.
  const auto away =
      test::run_cli({"simulate", "--model", "drift-diffusion", "--drift", "-2", "--reset-rate", "0", "--steps", "2000",
                     "--dt", "0.01", "--trajectories", "50", "--quiet", "--out", tmp / "a"});
  REQUIRE(away.code == 0);
  const auto m = nlohmann::json::parse(test::slurp(tmp.path / "a/metadata.json"))["first_passage"];
  CHECK(m["censored"].get<int>() > 40);
  CHECK(m["eq5_prediction"] == "infinity");
  CHECK(m["mean_is_of_completed_only"] == true);
  for (const auto& [flag, value, message] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"--diffusion", "-1", "diffusion = -1"},
                                                                      {"--reset-rate", "-0.5", "reset_rate = -0.5"},
                                                                      {"--target", "0", "target = 0"},
                                                                      {"--dt", "0", "dt = 0"},
                                                                      {"--reset-point", "2", "reset_point = 2"},
                                                                      {"--dimension", "0", "dimension = 0"},
                                                                      {"--dimension", "3", "target_radius = 0"}}) {
    const auto bad = test::run_cli({"simulate", "--model", "drift-diffusion", flag, value, "--out", tmp / "b"});
    CHECK(bad.code == 2);
    CHECK(test::lines(bad.err) == 1);
    CHECK(bad.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(tmp.path / "b"));
  }
}

TEST_CASE(
    "in three dimensions without drift the mean passage to a sphere matches its formula, and the line's formula is "
    "rejected",
    "[model][drift-diffusion]") {
  // R0 = L + a = 1, a = 0.5, D = 0.5, gamma = 2: (1/gamma)[(R0/a) e^{(R0 - a) sqrt(gamma/D)} - 1] = 2.218.
  const double predicted = th::mean_first_passage_sphere3(1.0, 0.5, 0.5, 2.0);
  CHECK(predicted == Approx(0.5 * (2 * std::exp(1.0) - 1)));
  CHECK(std::isinf(th::mean_first_passage_sphere3(1.0, 0.5, 0.5, 0.0)));
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate",
                                "--model",
                                "drift-diffusion",
                                "--dimension",
                                "3",
                                "--target-radius",
                                "0.5",
                                "--target",
                                "0.5",
                                "--drift",
                                "0",
                                "--reset-rate",
                                "2",
                                "--dt",
                                "2e-3",
                                "--trajectories",
                                "1500",
                                "--quiet",
                                "--out",
                                tmp / "o"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto f = nlohmann::json::parse(test::slurp(tmp.path / "o/metadata.json"))["first_passage"];
  CHECK(f["sphere3_prediction"].get<double>() == Approx(predicted));
  CHECK(f["censored"] == 0);
  const double mean = f["mean"].get<double>(), half = (f["ci95"][1].get<double>() - f["ci95"][0].get<double>()) / 2;
  CHECK(std::abs(mean - predicted) < 1.5 * half + 2e-3);  // the interval (widened for the O(dt) bias) holds it
  // Control: the 1-d formula at the same distance (a point target on a line) lies far outside it.
  CHECK(std::abs(mean - th::mean_first_passage(0.5, 0.0, 0.5, 2.0)) > 3 * half);
  // d = 1 stated explicitly is the line, bit for bit.
  REQUIRE(test::run_cli({"simulate", "--model", "drift-diffusion", "--trajectories", "20", "--dt", "0.01", "--quiet",
                         "--out", tmp / "a"})
              .code == 0);
  REQUIRE(test::run_cli({"simulate", "--model", "drift-diffusion", "--trajectories", "20", "--dt", "0.01",
                         "--dimension", "1", "--quiet", "--out", tmp / "b"})
              .code == 0);
  CHECK(test::slurp(tmp.path / "a/passage.csv") == test::slurp(tmp.path / "b/passage.csv"));
}
