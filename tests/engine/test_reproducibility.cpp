// A run is a pure function of its config and seed: same bits twice and for any thread count; the double run
// follows its 50-digit twin (same noise sequence) step by step.
#include <nlohmann/json.hpp>
#include <sstream>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"
#include "support/fixtures.hpp"

using namespace lnsgd;

namespace {

std::vector<std::string> ensemble_args(const std::string& out, const std::string& threads) {
  return {"simulate", "--m", "40", "--d", "6", "--n", "30", "--steps", "3000", "--trajectories", "4",
          "--threads", threads, "--seed", "9", "--record-points", "50", "--out", out};
}

nlohmann::json results_of(const std::string& dir) {
  return nlohmann::json::parse(test::slurp(dir + "/metadata.json"))["results"];
}

}  // namespace

TEST_CASE("same seed gives bitwise-identical outputs twice and with 1 or 2 threads", "[reproducibility]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(ensemble_args(tmp / "a", "1")).code == 0);
  REQUIRE(test::run_cli(ensemble_args(tmp / "b", "1")).code == 0);
  REQUIRE(test::run_cli(ensemble_args(tmp / "c", "2")).code == 0);
  for (const char* file : {"trajectory.csv", "neurons.csv"}) {
    const auto a = test::slurp(tmp / "a" + "/" + file);
    CHECK(a.size() > 1000);
    CHECK(a == test::slurp(tmp / "b" + "/" + file));
    CHECK(a == test::slurp(tmp / "c" + "/" + file));
  }
  CHECK(results_of(tmp / "a") == results_of(tmp / "c"));
}

TEST_CASE("a different seed gives a different trajectory", "[reproducibility][control]") {
  test::scratch_dir tmp;
  auto args = ensemble_args(tmp / "a", "1");
  REQUIRE(test::run_cli(args).code == 0);
  args[args.size() - 5] = "10";  // --seed
  args.back() = tmp / "b";
  REQUIRE(test::run_cli(args).code == 0);
  CHECK(test::slurp(tmp / "a" + "/trajectory.csv") != test::slurp(tmp / "b" + "/trajectory.csv"));
}

TEST_CASE("double and 50-digit runs of one seed agree to ~1e-10 over 10^3 steps", "[reproducibility][precision]") {
  auto run = [](auto zero) {
    using Scalar = decltype(zero);
    test::two_layer_problem<Scalar> p(50, 10, 100);
    sim::label_noise<Scalar> noise;
    noise.sigma = Scalar(4);
    sim::label_noise_sgd<sim::two_layer_linear<Scalar>> stepper(p.model, {1, false}, noise);
    const auto res = sim::integrate_steps(stepper, p.system(), p.theta, 0, 1000, Scalar(1) / 1000,
                                          [](auto&, std::uint64_t) {});
    REQUIRE_FALSE(res.diverged);
    return p.theta;
  };
  const sim::vector_t<sim::float50> theta50 = run(sim::float50{});
  const sim::vector_t<double> theta_d = run(double{});
  const sim::vector_t<double> theta50_d = theta50.template cast<double>();
  const double dist = test::relative_distance(theta_d, theta50_d);
  CHECK(dist < 1e-10);
  CHECK(dist > 0);  // they are different computations: the double run carries rounding
}

TEST_CASE("block stepping gives the step-by-step trajectory to rounding", "[reproducibility][kernel]") {
  // --block-steps 0 steps one at a time; 8 advances in blocks after the lazy phase. Escape steps come from the
  // step-by-step phase (equal); every recorded value must agree to rounding.
  test::scratch_dir tmp;
  std::vector<std::string> args = {"simulate", "--m", "64", "--d", "8", "--n", "50", "--steps", "20000",
                                   "--eta", "0.005", "--record-points", "40", "--quiet", "--block-steps"};
  auto run = [&](const std::string& block, const std::string& out) {
    auto a = args;
    a.insert(a.end(), {block, "--out", out});
    REQUIRE(test::run_cli(a).code == 0);
  };
  run("0", tmp / "single");
  run("8", tmp / "block");
  CHECK(test::slurp(tmp / "single/escape.csv") == test::slurp(tmp / "block/escape.csv"));
  std::istringstream a(test::slurp(tmp / "single/trajectory.csv")), b(test::slurp(tmp / "block/trajectory.csv"));
  std::string la, lb;
  std::getline(a, la);
  std::getline(b, lb);
  REQUIRE(la == lb);
  std::size_t rows = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    ++rows;
    std::istringstream ca(la), cb(lb);
    for (std::string va, vb; std::getline(ca, va, ',') && std::getline(cb, vb, ',');) {
      if (va.empty() || vb.empty()) {
        CHECK(va == vb);
        continue;
      }
      const double x = std::stod(va), y = std::stod(vb);
      INFO(la.substr(0, 20) << " " << va << " vs " << vb);
      // Residual columns are rounding-level numbers themselves: compare those absolutely.
      CHECK(std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x)));
    }
  }
  CHECK(rows >= 30);
}
