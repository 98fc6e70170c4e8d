// The fixed-output network (sim/models/two_layer_fixed_output/; docs/models.md) and its closed forms
// (theory/gatmiry/; docs/derivations/gatmiry.md): phi^{-1} to full precision, the Hessian trace against finite
// differences in 50 digits, the minimum reached exactly at the agreement point, the orthogonal part frozen, the CLI.
// The engine contracts (gradients, steps, draws, reproducibility) are in test_conformance.
#include <fstream>
#include <nlohmann/json.hpp>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/theory/gatmiry/sharpness_minimum.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"
#include "two_layer_fixed_output/data.hpp"
#include "two_layer_fixed_output/model.hpp"
#include "two_layer_fixed_output/observables.hpp"

using namespace lnsgd;
using sim::float50;
using sim::models::two_layer_fixed_output;
using theory::gatmiry::activation;

namespace {

template <class Scalar>
struct instance {
  two_layer_fixed_output<Scalar> model;
  sim::regression_data<Scalar> data;
  sim::models::fixed_output_observables<Scalar> obs;
  instance(std::int64_t m, std::int64_t d, std::int64_t n, activation phi, double c = 1)
      : model(m, d, sim::vector_t<Scalar>::Constant(m, Scalar(c)), phi),
        data(sim::models::make_uniform_regression<Scalar>(n, d, 2)),
        obs(model, data, sim::squared_loss<Scalar>{Scalar(0.5)}, Scalar(c)) {}
  // The row's value of `name` at theta.
  Scalar at(const sim::vector_t<Scalar>& theta, const std::string& name) {
    std::vector<std::optional<Scalar>> row;
    obs.record(theta, row);
    const auto cols = obs.columns();
    return *row[std::find(cols.begin(), cols.end(), name) - cols.begin()];
  }
  Scalar loss(const sim::vector_t<Scalar>& theta) { return at(theta, "train_loss"); }
};

}  // namespace

TEST_CASE("phi^{-1} is solved to full precision in double and 50 digits", "[model][fixed-output][theory]") {
  for (double u : {-3.0, -0.2, 0.0, 0.01, 0.7, 12.0}) {
    CHECK(theory::gatmiry::phi_inverse(activation::sinh, u) == Approx(std::asinh(u)).epsilon(1e-15).margin(1e-300));
    const double z = theory::gatmiry::phi_inverse(activation::cubic, u);
    CHECK(z + z * z * z / 3 == Approx(u).epsilon(1e-15).margin(1e-15));
    const float50 u50(u);
    CHECK(abs(theory::gatmiry::phi_inverse(activation::sinh, u50) - asinh(u50)) <= float50("1e-48") * (1 + abs(u50)));
    const float50 z50 = theory::gatmiry::phi_inverse(activation::cubic, u50);
    CHECK(abs(z50 + z50 * z50 * z50 / 3 - u50) <= float50("1e-48") * (1 + abs(u50)));
  }
}

TEST_CASE("tr Hessian L matches 50-digit finite differences away from zero loss", "[model][fixed-output]") {
  for (activation phi : {activation::cubic, activation::sinh}) {
    instance<float50> p(3, 4, 2, phi, 0.7);
    sim::vector_t<float50> theta;
    p.model.initialize(theta, sim::philox_noise(4, 0));
    const float50 h("1e-12"), base = p.loss(theta);
    float50 trace = 0;
    for (Eigen::Index k = 0; k < theta.size(); ++k) {
      auto plus = theta, minus = theta;
      plus[k] += h;
      minus[k] -= h;
      trace += (p.loss(plus) - 2 * base + p.loss(minus)) / (h * h);
    }
    CHECK(abs(p.at(theta, "sharpness") - trace) <= float50("1e-20") * abs(trace));
    CHECK(base > float50("1e-3"));  // not at zero loss: the residual term of the trace is exercised
  }
}

TEST_CASE("at the agreement point the loss is zero and tr Hessian L is the closed-form minimum",
          "[model][fixed-output][theory]") {
  instance<float50> p(4, 5, 3, activation::cubic, 1.5);
  // theta_j = X^T (X X^T)^{-1} z for every j, z_i = phi^{-1}(y_i / (m c)).
  sim::vector_t<float50> z(3);
  for (Eigen::Index i = 0; i < 3; ++i) z[i] = theory::gatmiry::agreement_point(activation::cubic, p.data.y_train[i], 4, float50(1.5));
  using matrix = Eigen::Matrix<float50, Eigen::Dynamic, Eigen::Dynamic>;
  const matrix gram = p.data.x_train * p.data.x_train.transpose();
  const sim::vector_t<float50> row = p.data.x_train.transpose() * gram.ldlt().solve(z);
  sim::vector_t<float50> theta(20);
  p.model.features(theta) = row.transpose().replicate(4, 1);
  CHECK(p.loss(theta) < float50("1e-80"));
  CHECK(abs(p.at(theta, "sharpness_gap")) < float50("1e-45"));
  CHECK(p.at(theta, "agreement") < float50("1e-45"));
  CHECK(p.at(theta, "rank_ratio") < 1e-12);
  CHECK(p.at(theta, "feature_rank_ratio") < 1e-12);  // F_ij = phi(theta_j . x_i) = y_i / (m c): rank one
  CHECK(p.at(theta, "feature_effective_rank") == Approx(1).margin(1e-9));
  // The trace estimator (related-work digest section 6): at zero loss tr Hessian L = (1/n) sum_i ||grad f_i||^2, so
  // E ||label-noise part of a batch-B gradient||^2 = sigma^2 / B tr Hessian L.
  auto ws = p.model.make_workspace();
  float50 mean_g2 = 0;
  for (Eigen::Index i = 0; i < 3; ++i) {
    const std::vector<Eigen::Index> idx{i};
    float50 f, one(1);
    p.model.forward(theta, p.data.x_train, idx, &f, ws);
    sim::vector_t<float50> g;
    p.model.gradient(theta, p.data.x_train, idx, &one, ws, g);
    mean_g2 += g.squaredNorm() / 3;
  }
  CHECK(abs(mean_g2 - p.at(theta, "sharpness")) < float50("1e-45") * mean_g2);
  // Control: another zero-loss point (neuron 0 takes more of each label, neuron 1 less) is sharper.
  sim::vector_t<float50> z0(3), z1(3);
  for (Eigen::Index i = 0; i < 3; ++i) {
    const float50 u = p.data.y_train[i] / float50(6);  // y / (m c)
    z0[i] = theory::gatmiry::phi_inverse(activation::cubic, float50(1.3) * u);
    z1[i] = theory::gatmiry::phi_inverse(activation::cubic, float50(0.7) * u);
  }
  auto w = p.model.features(theta);
  w.row(0) = (p.data.x_train.transpose() * gram.ldlt().solve(z0)).transpose();
  w.row(1) = (p.data.x_train.transpose() * gram.ldlt().solve(z1)).transpose();
  CHECK(p.loss(theta) < float50("1e-80"));
  CHECK(p.at(theta, "sharpness_gap") > float50("1e-4"));
  CHECK(p.at(theta, "rank_ratio") > 1e-4);
  // F_ij = phi(theta_j . x_i) = (1.3, 0.7, 1, 1) u_i is still rank one: a rank-one F does not make the neurons agree,
  // so rank_ratio (of P Theta) is the sharper reading of the end point.
  CHECK(p.at(theta, "feature_effective_rank") == Approx(1).margin(1e-9));
}

TEST_CASE("for n > d the data span R^d: the projection is the identity and there is no orthogonal part",
          "[model][fixed-output]") {
  instance<float50> p(4, 3, 6, activation::cubic);  // m = 4, d = 3, n = 6
  sim::vector_t<float50> theta;
  p.model.initialize(theta, sim::philox_noise(1, 0));
  CHECK(p.at(theta, "orthogonal_drift") == 0);  // the first record is the reference
  theta[0] += float50("1e-3");                   // any move lies in span{x_i} = R^3
  CHECK(p.at(theta, "orthogonal_drift") < float50("1e-45"));
  // P = I: the rank ratio is that of Theta itself.
  Eigen::MatrixXd w(4, 3);
  for (Eigen::Index j = 0; j < 4; ++j)
    for (Eigen::Index k = 0; k < 3; ++k) w(j, k) = sim::to_double(p.model.features(theta)(j, k));
  const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(w).singularValues();
  CHECK(sim::to_double(p.at(theta, "rank_ratio")) == Approx(s[1] / s[0]).epsilon(1e-12));
  CHECK(p.at(theta, "feature_effective_rank") > 1);
}

TEST_CASE("label-noise SGD leaves the orthogonal part of every theta_j where it was", "[model][fixed-output]") {
  instance<float50> p(5, 6, 3, activation::cubic);
  const sim::problem<two_layer_fixed_output<float50>> sys{p.model, p.data, sim::philox_noise(1, 0)};
  sim::vector_t<float50> theta;
  p.model.initialize(theta, sys.noise);
  CHECK(p.at(theta, "orthogonal_drift") == 0);  // the first record is the reference
  sim::label_noise<float50> noise;
  noise.sigma = float50("0.1");
  sim::label_noise_sgd<two_layer_fixed_output<float50>> sgd(p.model, {1, false}, noise);
  sim::advance(sgd, sys, theta, 0, 2000, float50("0.05"));
  CHECK(p.at(theta, "orthogonal_drift") < float50("1e-45"));
  // Control: the same check sees a move outside the span.
  theta[0] += float50("1e-30");
  CHECK(p.at(theta, "orthogonal_drift") > float50("1e-32"));
}

TEST_CASE("lnsgd simulate runs the fixed-output net, n > d as exploratory, and rejects bad input by name",
          "[model][fixed-output][cli]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--model", "two-layer-fixed-output", "--steps", "20000", "--quiet", "--out",
                                tmp / "o"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::ifstream csv(tmp.path / "o" / "trajectory.csv");
  std::string header;
  std::getline(csv, header);
  for (const char* col : {"train_loss", "sharpness", "sharpness_min", "orthogonal_drift", "rank_ratio", "agreement",
                          "feature_rank_ratio", "feature_effective_rank"})
    CHECK(header.find(col) != std::string::npos);
  const auto wide = test::run_cli({"simulate", "--model", "two-layer-fixed-output", "--n", "6", "--steps", "2000",
                                   "--quiet", "--out", tmp / "w"});
  INFO(wide.err);
  CHECK(wide.code == 0);  // n > d: exploratory (no theorem), still simulated
  const auto bad = test::run_cli({"simulate", "--model", "two-layer-fixed-output", "--n", "0", "--quiet", "--out",
                                  tmp / "p"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("n = 0") != std::string::npos);
  const auto phi = test::run_cli({"simulate", "--model", "two-layer-fixed-output", "--activation", "relu", "--quiet",
                                  "--out", tmp / "q"});
  CHECK(phi.code == 2);
  CHECK(phi.err.find("relu") != std::string::npos);
  CHECK(!std::filesystem::exists(tmp.path / "p"));
}
