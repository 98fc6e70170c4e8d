// The perceptron of Sclocchi, Geiger, Wyart (sim/models/perceptron/): the depleted_sign task's law, B distinct
// indices per step, the exact invariance (dt, alpha) -> (c dt, alpha / c) in double and 50 digits, the stop at zero
// training loss against the step cap (not converged), divergence, thread invariance and one-line errors.
#include <nlohmann/json.hpp>
#include <set>

#include "lnsgd/sim/precision.hpp"
#include "perceptron/summary.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using sim::float50;
namespace m = sim::models;

TEST_CASE("depleted_sign: E[x_1^2] = chi + 1, y = sign(x_1), and chi depletes the boundary", "[model][perceptron]") {
  for (double chi : {0.0, 1.0, 3.0}) {
    const auto t = m::depleted_sign<double>(20000, 3, chi, 7, sim::stream::train_inputs);
    const Eigen::ArrayXd x1 = t.x.col(0).array(), sq = x1.square();
    const double mean = sq.mean(), sd = std::sqrt((sq - mean).square().mean());
    CHECK(std::abs(mean - (chi + 1)) < 4 * sd / std::sqrt(20000.0));
    CHECK(((x1 > 0).cast<double>() * 2 - 1 - t.y.array()).abs().maxCoeff() == 0);
    const double near = (x1.abs() < 0.1).cast<double>().mean();
    if (chi == 0) CHECK(near == Approx(0.0797).margin(0.01));  // 2 * 0.1 * phi(0)
    if (chi > 0) CHECK(near < 0.02);
    CHECK(std::abs(t.x.col(1).array().square().mean() - 1) < 0.05);
  }
}

TEST_CASE("a step draws B distinct indices of the training set", "[model][perceptron]") {
  const sim::philox_noise noise(3, 0);
  std::vector<std::int64_t> batch;
  for (std::uint64_t t = 0; t < 200; ++t) {
    sim::distinct_batch(noise, t, 10, 7, batch);
    const std::set<std::int64_t> unique(batch.begin(), batch.end());
    CHECK(unique.size() == 7);
    CHECK(*unique.begin() >= 0);
    CHECK(*unique.rbegin() < 10);
  }
  sim::distinct_batch(noise, 5, 10, 10, batch);
  CHECK(std::set<std::int64_t>(batch.begin(), batch.end()).size() == 10);
}

namespace {

template <class Scalar>
void check_invariance(std::int64_t d, std::int64_t points, double alpha, double dt) {
  const auto train = m::depleted_sign<Scalar>(points, d, 1.0, 2, sim::stream::train_inputs);
  sim::vector_t<Scalar> base, scaled;
  const m::perceptron_problem<Scalar> p{train, Scalar(alpha), 2, sim::philox_noise(5, 0)};
  const auto r = m::run_perceptron(p, Scalar(dt), 1000000, base, [](const auto&, std::uint64_t) {});
  REQUIRE(r.converged);
  for (double c : {2.0, 0.5, 1024.0}) {
    const m::perceptron_problem<Scalar> q{train, Scalar(alpha / c), 2, sim::philox_noise(5, 0)};
    const auto s = m::run_perceptron(q, Scalar(c * dt), 1000000, scaled, [](const auto&, std::uint64_t) {});
    CHECK(s.steps == r.steps);  // the training time c dt steps is c times as long
    CHECK(s.converged);
    CHECK(scaled == (Scalar(c) * base).eval());  // exactly: c is a power of two
  }
  // The uncentred output o = w.x/sqrt(d): the same invariance needs w0 scaled too; with w0 fixed it breaks.
  auto uncentred = p;
  uncentred.offset = m::initial_output(train, m::perceptron_w0<Scalar>(sim::philox_noise(9, 0), d));
  auto uncentred_scaled = uncentred;
  uncentred_scaled.alpha = Scalar(alpha / 2);
  m::run_perceptron(uncentred, Scalar(dt), 1000000, base, [](const auto&, std::uint64_t) {});
  m::run_perceptron(uncentred_scaled, Scalar(2 * dt), 1000000, scaled, [](const auto&, std::uint64_t) {});
  CHECK(scaled != (Scalar(2) * base).eval());
  m::run_perceptron(p, Scalar(dt), 1000000, base, [](const auto&, std::uint64_t) {});
  // Control: a change of alpha alone is not a symmetry (the margin moves).
  const m::perceptron_problem<Scalar> wrong{train, Scalar(alpha / 2), 2, sim::philox_noise(5, 0)};
  m::run_perceptron(wrong, Scalar(dt), 1000000, scaled, [](const auto&, std::uint64_t) {});
  CHECK(scaled != base);
}

}  // namespace

TEST_CASE("(dt, alpha) -> (c dt, alpha/c) scales Delta w and the training time by exactly c", "[model][perceptron]") {
  check_invariance<double>(16, 128, 4.0, 0.05);
  check_invariance<float50>(6, 32, 4.0, 0.05);
}

TEST_CASE("perceptron from the command line: fitted runs, a capped run not converged, threads, one-line errors",
          "[model][perceptron][cli]") {
  test::scratch_dir tmp;
  const std::vector<std::string> base = {"simulate", "--model",        "perceptron", "--d",     "16", "--n",
                                         "128",      "--n-test",       "2000",       "--alpha", "64", "--eta",
                                         "0.5",      "--trajectories", "3",          "--quiet"};
  auto with = [&](std::vector<std::string> more) {
    auto a = base;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  REQUIRE(test::run_cli(with({"--threads", "1", "--out", tmp / "a"})).code == 0);
  REQUIRE(test::run_cli(with({"--threads", "2", "--out", tmp / "b"})).code == 0);
  CHECK(test::slurp(tmp.path / "a/trajectory.csv") == test::slurp(tmp.path / "b/trajectory.csv"));
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "a/metadata.json"));
  CHECK(meta["results"]["status"] == "completed");
  for (const auto& t : meta["results"]["trajectories"]) {
    CHECK(t["converged"] == true);
    CHECK(t["unfit"] == 0);
    CHECK(t["training_time"].get<double>() == 0.5 * t["steps"].get<double>());
    CHECK(t["test_error"].get<double>() < 0.3);
    CHECK(t["delta_w_1"].get<double>() > 0);  // the informative direction grows
  }
  REQUIRE(test::run_cli(with({"--steps", "5", "--out", tmp / "c"})).code == 0);
  const auto capped = nlohmann::json::parse(test::slurp(tmp.path / "c/metadata.json"));
  CHECK(capped["results"]["status"] == "not converged");
  CHECK(capped["results"]["trajectories"][0]["converged"] == false);
  CHECK(capped["results"]["trajectories"][0]["unfit"].get<int>() > 0);
  const auto overflow = test::run_cli(with({"--eta", "1e300", "--out", tmp / "d"}));
  CHECK(overflow.code == 3);  // divergence is reported with its step, never as a fitted run
  const auto diverged = nlohmann::json::parse(test::slurp(tmp.path / "d/metadata.json"));
  CHECK(diverged["results"]["status"] == "diverged");
  CHECK(diverged["results"]["trajectories"][0]["converged"] == false);
  CHECK(diverged["results"]["trajectories"][0]["divergence"]["step"].get<int>() == 0);
  for (const auto& [flag, value, message] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--alpha", "0", "alpha = 0"},
           {"--batch", "200", "batch = 200 (accepted: an integer 1 <= batch <= n = 128)"},
           {"--chi", "-1", "chi = -1"},
           {"--d", "1", "d = 1"},
           {"--eta", "-0.5", "eta = -0.5"},
           {"--record-points", "9223372036854775807", "record_points = 9223372036854775807"}}) {
    const auto r = test::run_cli(with({flag, value, "--out", tmp / "e"}));
    CHECK(r.code == 2);
    CHECK(test::lines(r.err) == 1);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(tmp.path / "e"));
  }
}
