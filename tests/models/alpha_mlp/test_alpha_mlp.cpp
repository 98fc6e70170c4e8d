// The alpha-trick MLP of Sclocchi, Geiger, Wyart (sim/models/alpha_mlp/): the normalised activation, the mean-field
// output against a hand computation, F(w0) = 0, the stop at zero training hinge loss checked by an independent scan,
// the step cap (not converged), divergence, the temperature T = dt/(h B), thread invariance and one-line errors.
#include <cmath>
#include <nlohmann/json.hpp>

#include "alpha_mlp/normalised_activation.hpp"
#include "alpha_mlp/summary.hpp"
#include "lnsgd/sim/data/task.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace m = sim::models;

TEST_CASE("the normalised activation has E[phi(z)^2] = 1 for z ~ N(0, 1)", "[model][alpha-mlp]") {
  // Closed forms: E[relu(z)^2] = 1/2, E[erf(z)^2] = (2/pi) asin(2/3).
  CHECK(m::activation_second_moment(m::mlp_activation::relu) == Approx(0.5).epsilon(1e-12));
  CHECK(m::activation_second_moment(m::mlp_activation::erf) == Approx(2 / M_PI * std::asin(2.0 / 3.0)).epsilon(1e-12));
  // GELU has no closed form: a trapezoid sum on [-12, 12] at spacing 1e-4 (an independent quadrature).
  double sum = 0;
  const double h = 1e-4;
  for (double z = -12; z <= 12; z += h) {
    const double v = m::activate(m::mlp_activation::gelu, z);
    sum += v * v * std::exp(-z * z / 2) / std::sqrt(2 * M_PI) * h;
  }
  CHECK(m::activation_second_moment(m::mlp_activation::gelu) == Approx(sum).epsilon(1e-6));
  for (auto a : {m::mlp_activation::relu, m::mlp_activation::erf, m::mlp_activation::gelu})
    CHECK(m::activation_second_moment(a) * std::pow(m::normalising_gain(a), 2) == Approx(1).epsilon(1e-12));
}

TEST_CASE("the mean-field output is (1/h) sum_i beta_i phi(W x / sqrt(d))_i", "[model][alpha-mlp]") {
  m::architecture a;
  a.inputs = 3;
  a.hidden = {5};
  a.classes = 1;
  a.act = m::mlp_activation::relu;
  a.biases = false;
  a.mean_field_output = true;
  a.activation_gain = m::normalising_gain(a.act);
  const m::mlp<double> net(a);
  REQUIRE(net.parameter_count() == 3 * 5 + 5);
  sim::vector_t<double> w;
  net.initialize(w, sim::philox_noise(4, 0));
  sim::rows_t<double> x(2, 3);
  x << 0.3, -1.2, 0.7, 2.0, 0.1, -0.4;
  const auto f = m::network_outputs(net, w, x);
  const auto W = net.weights(w, 0), beta = net.weights(w, 1);
  for (Eigen::Index j = 0; j < 2; ++j) {
    double expected = 0;
    for (Eigen::Index i = 0; i < 5; ++i) {
      double z = 0;
      for (Eigen::Index k = 0; k < 3; ++k) z += x(j, k) * W(k, i);
      expected += beta(i, 0) * std::sqrt(2.0) * std::max(0.0, z / std::sqrt(3.0)) / 5;
    }
    CHECK(f[j] == Approx(expected).epsilon(1e-14));
  }
}

namespace {

struct teacher_problem {
  sim::data::classification_data<double> data;
  m::binary_set<double> train;
  m::mlp<double> net;
  sim::vector_t<double> w0, f0;
  teacher_problem(std::int64_t n, std::vector<std::int64_t> hidden)
      : data(sim::data::make_task([&] {
          sim::data::task_spec s;
          s.n_train = n;
          s.n_validation = 0;
          s.n_test = 10;
          s.input_dim = 6;
          return s;
        }())),
        train(m::binary_labels(data.train)),
        net([&] {
          m::architecture a;
          a.inputs = 6;
          a.hidden = hidden;
          a.classes = 1;
          a.act = m::mlp_activation::gelu;
          a.biases = false;
          a.mean_field_output = true;
          a.activation_gain = m::normalising_gain(a.act);
          return a;
        }()) {
    net.initialize(w0, sim::philox_noise(2, 0));
    f0 = m::network_outputs(net, w0, train.x);
  }
  m::alpha_problem<double> problem(double alpha, std::int64_t batch) const {
    return {net, train.x, train.y, f0, alpha, batch, sim::philox_noise(3, 0)};
  }
};

}  // namespace

TEST_CASE("alpha-trick SGD stops only at zero training hinge loss, and a capped run is not converged",
          "[model][alpha-mlp]") {
  const teacher_problem t(64, {16, 16});
  for (double alpha : {0.25, 4.0, 64.0}) {
    const auto p = t.problem(alpha, 8);
    CHECK(m::unfit_points(p, t.w0) == 64);  // F(w0) = 0: every point starts unfitted
    sim::vector_t<double> w = t.w0;
    std::uint64_t observed = 0;
    const auto r = m::run_alpha_trick(p, 2.0, 200000, w, [&](const auto&, std::uint64_t) { ++observed; });
    REQUIRE(r.converged);
    CHECK(!r.diverged);
    CHECK(observed == r.steps + 1);
    // An independent scan: every training point has alpha (f(w) - f(w0)) y >= 1.
    const auto f = m::network_outputs(t.net, w, t.train.x);
    for (Eigen::Index j = 0; j < f.size(); ++j) CHECK(alpha * (f[j] - t.f0[j]) * t.train.y[j] >= 1);
    // The step before the stop left a point unfitted: rerun to r.steps - 1.
    sim::vector_t<double> before = t.w0;
    const auto shorter = m::run_alpha_trick(p, 2.0, r.steps - 1, before, [](const auto&, std::uint64_t) {});
    CHECK(!shorter.converged);
    CHECK(m::unfit_points(p, before) > 0);
  }
}

TEST_CASE("alpha-mlp from the command line: temperature, threads, the cap, divergence, one-line errors",
          "[model][alpha-mlp][cli]") {
  test::scratch_dir tmp;
  const std::vector<std::string> base = {
      "simulate",  "--model",        "alpha-mlp", "--n",     "64", "--n-test", "500", "--hidden",
      "16,16",     "--activation",   "gelu",      "--alpha", "4",  "--batch",  "8",   "--temperature",
      "0.0078125", "--trajectories", "3",         "--quiet"};
  auto with = [&](std::vector<std::string> more) {
    auto a = base;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  REQUIRE(test::run_cli(with({"--threads", "1", "--out", tmp / "a"})).code == 0);
  REQUIRE(test::run_cli(with({"--threads", "2", "--out", tmp / "b"})).code == 0);
  CHECK(test::slurp(tmp.path / "a/trajectory.csv") == test::slurp(tmp.path / "b/trajectory.csv"));
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "a/metadata.json"));
  CHECK(meta["config"]["eta"].get<double>() == 0.0078125 * 16 * 8);  // eta = T h B
  CHECK(meta["results"]["status"] == "completed");
  for (const auto& t : meta["results"]["trajectories"]) {
    CHECK(t["converged"] == true);
    CHECK(t["unfit"] == 0);
    CHECK(t["train_loss"] == 0.0);
    CHECK(t["temperature"].get<double>() == 0.0078125);
    CHECK(t["training_time"].get<double>() == 1.0 * t["steps"].get<double>());
    CHECK(t["test_error"].get<double>() < 0.35);
    CHECK(t["relative_change"].get<double>() > 0);
  }
  REQUIRE(test::run_cli(with({"--steps", "3", "--out", tmp / "c"})).code == 0);
  const auto capped = nlohmann::json::parse(test::slurp(tmp.path / "c/metadata.json"));
  CHECK(capped["results"]["status"] == "not converged");
  CHECK(capped["results"]["trajectories"][0]["converged"] == false);
  CHECK(capped["results"]["trajectories"][0]["unfit"].get<int>() > 0);
  const auto overflow = test::run_cli(with({"--temperature", "-1", "--eta", "1e300", "--out", tmp / "d"}));
  CHECK(overflow.code == 3);  // divergence is reported with its step, never as a fitted run
  const auto diverged = nlohmann::json::parse(test::slurp(tmp.path / "d/metadata.json"));
  CHECK(diverged["results"]["status"] == "diverged");
  CHECK(diverged["results"]["trajectories"][0]["converged"] == false);
  for (const auto& [more, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--eta", "2"}, "temperature = 0.0078125"},  // eta and T both given, disagreeing
           {{"--alpha", "0"}, "alpha = 0"},
           {{"--hidden", "16,0"}, "hidden"},
           {{"--batch", "65"}, "batch = 65"},
           {{"--activation", "tanh"}, "activation = tanh"},
           {{"--steps", "9223372036854775807"}, "steps = 9223372036854775807"}}) {
    auto args = with(more);
    args.insert(args.end(), {"--out", tmp / "e"});
    const auto r = test::run_cli(args);
    CHECK(r.code == 2);
    CHECK(test::lines(r.err) == 1);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(tmp.path / "e"));
  }
}
