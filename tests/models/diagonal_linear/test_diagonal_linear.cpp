// The diagonal linear network (sim/models/diagonal_linear/; docs/models.md): its data, its parameterisation and
// its registry entry. The engine contracts (gradients, steps, draws, reproducibility) are in test_conformance.
#include <nlohmann/json.hpp>

#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using sim::models::diagonal_linear;

TEST_CASE("sparse regression data: unit-normalised training columns and beta* = (1, 0.7, 0.4, 0, ...)",
          "[model][diagonal-linear]") {
  const auto data = sim::models::make_sparse_regression<double>(30, 50, 60, 3, 1);
  for (Eigen::Index j = 0; j < 60; ++j) CHECK(data.x_train.col(j).squaredNorm() / 30 == Approx(1).epsilon(1e-14));
  CHECK(data.theta_star[0] == 1);
  CHECK(data.theta_star[1] == Approx(0.7).epsilon(1e-15));
  CHECK(data.theta_star[2] == Approx(0.4).epsilon(1e-15));
  CHECK(data.theta_star.tail(57).isZero());
  CHECK((data.y_train - data.x_train * data.theta_star).norm() == 0);
}

TEST_CASE("beta = u.u, or u.u - v.v for the signed net, and beta(0) = alpha^2 1 or 0", "[model][diagonal-linear]") {
  const diagonal_linear<double> plain(4, false, 0.5), signed_net(4, true, 0.5);
  sim::vector_t<double> theta;
  plain.initialize(theta, sim::philox_noise(1, 0));
  CHECK(plain.beta(theta).isApproxToConstant(0.25));
  signed_net.initialize(theta, sim::philox_noise(1, 0));
  CHECK(theta.size() == 8);
  CHECK(signed_net.beta(theta).isZero());
  theta << 1, 2, 0, 0, 0, 1, 3, 0;
  CHECK(signed_net.beta(theta) == (sim::vector_t<double>(4) << 1, 3, -9, 0).finished());
}

TEST_CASE("label-noise SGD on the diagonal net runs from the command line and records beta", "[model][diagonal-linear]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--model", "diagonal-linear", "--steps", "3000", "--quiet", "--out", tmp / "o"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("diagonal linear net") != std::string::npos);
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "o/metadata.json"));
  CHECK(meta["config"]["model"] == "diagonal-linear");
  CHECK(meta["files"].contains("beta.csv"));
  const auto& last = meta["results"]["trajectories"][0]["final"];
  CHECK(last["train_loss"].get<double>() < 0.5 * 0.366);  // the loss at beta(0) = 0.01 1 is 0.366
  CHECK(test::lines(test::slurp(tmp.path / "o/beta.csv")) == 1 + 4 * 60);  // a header, 60 coordinates x 4 snapshots
  // A parameter of the other model is named as such.
  const auto bad = test::run_cli({"simulate", "--model", "diagonal-linear", "--m", "3", "--out", tmp / "p"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("a parameter of model") != std::string::npos);  // every model that takes --m is named
  CHECK(bad.err.find("two-layer-linear") != std::string::npos);
  CHECK(bad.err.find("not of diagonal-linear") != std::string::npos);
}
