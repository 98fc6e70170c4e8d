// The MLP layer (sim/models/mlp, sim/steppers/classifier_*.hpp): the linearised model, the class losses, and the
// steppers. Backpropagation and the Jacobian-vector product against 50-digit central differences: the classifier
// conformance suite (tests/engine/test_classifier_conformance.cpp, cases in sim/models/mlp/classifier_conformance.hpp).
#include <catch2/catch.hpp>

#include "lnsgd/sim/data/task.hpp"
#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/steppers/classifier_sgd.hpp"
#include "mlp/linearised.hpp"

namespace sim = lnsgd::sim;
using lnsgd::sim::float50;
using sim::models::mlp_activation;
using sim::models::architecture;
using sim::models::parameterisation;

static_assert(sim::Classifier<sim::models::mlp<double>>);
static_assert(sim::Classifier<sim::models::mlp<float50>>);
static_assert(sim::Classifier<sim::models::linearised_mlp<double>>);
static_assert(sim::ClassLoss<sim::softmax_cross_entropy<double>, double>);
static_assert(sim::ClassLoss<sim::one_hot_squared_loss<float50>, float50>);

namespace {

sim::data::classification_data<double> small_task(std::int64_t classes) {
  sim::data::task_spec spec;
  spec.source = "mixture";
  spec.classes = classes;
  spec.input_dim = 5;
  spec.n_train = 6;
  spec.n_validation = 0;
  spec.n_test = 4;
  return sim::data::make_task(spec);
}

architecture arch(mlp_activation a, parameterisation p, std::vector<std::int64_t> hidden, bool biases) {
  architecture r;
  r.inputs = 5;
  r.hidden = std::move(hidden);
  r.classes = 3;
  r.act = a;
  r.param = p;
  r.biases = biases;
  r.weight_std = 1.3;
  r.bias_std = 0.4;
  return r;
}

}  // namespace

TEST_CASE("mlp: the linearised model equals the network at theta0 and is linear in theta - theta0", "[mlp]") {
  const auto data = small_task(3);
  const sim::models::mlp<double> net(arch(mlp_activation::erf, parameterisation::ntk, {8}, true));
  sim::vector_t<double> theta0;
  net.initialize(theta0, sim::philox_noise(1, 0));
  const sim::models::linearised_mlp<double> lin(net, theta0);
  const std::vector<Eigen::Index> idx = {0, 1, 2, 3, 4, 5};
  auto c = net.make_cache(), cl = lin.make_cache();
  net.forward(theta0, data.train.x, idx, c);
  lin.forward(theta0, data.train.x, idx, cl);
  CHECK((c.logits - cl.logits).norm() == 0);
  const sim::vector_t<double> v = sim::vector_t<double>::LinSpaced(theta0.size(), -1, 1);
  auto c1 = lin.make_cache(), c2 = lin.make_cache();
  lin.forward(theta0 + v, data.train.x, idx, c1);
  lin.forward(theta0 + 2 * v, data.train.x, idx, c2);
  CHECK((c2.logits - 2 * c1.logits + cl.logits).norm() < 1e-12 * c1.logits.norm());
  net.forward(theta0 + v, data.train.x, idx, c);
  CHECK((c.logits - c1.logits).norm() > 1e-3);  // a unit step is far outside the linear regime: the net differs
}

TEST_CASE("class losses: one-hot squared error and cross-entropy derivatives", "[mlp][loss]") {
  Eigen::RowVector3d f(0.3, -1.2, 2.0), df;
  sim::one_hot_squared_loss<double> mse;
  CHECK(mse.value(f, 1) == Approx(0.5 * (0.09 + 4.84 + 4.0)));
  mse.derivative(f, 1, df);
  CHECK(df(1) == Approx(-2.2));
  sim::softmax_cross_entropy<double> ce;
  ce.derivative(f, 2, df);
  CHECK(df.sum() == Approx(0).margin(1e-15));
}

TEST_CASE("classifier steppers: GD lowers the loss, and batches, label flips and SAM are pure functions of the seed",
          "[mlp]") {
  const auto data = small_task(3);
  const sim::models::mlp<double> net(arch(mlp_activation::erf, parameterisation::ntk, {16}, true));
  const sim::classification_problem<sim::models::mlp<double>> sys{net, data.train, sim::philox_noise(5, 0)};
  sim::label_flips<double> flips;
  flips.classes = 3;
  flips.tau = 0.3;
  const auto run = [&](sim::class_sampling how, double rho, const sim::label_flips<double>& noise) {
    sim::classifier_sgd stepper(net, how, noise, sim::one_hot_squared_loss<double>{}, rho);
    sim::vector_t<double> theta;
    net.initialize(theta, sys.noise);
    std::vector<double> losses;
    const auto r = sim::integrate_steps(stepper, sys, theta, 0, 60, 0.5, [&](const auto&, std::uint64_t t) {
      if (t > 0) losses.push_back(stepper.last_step().batch_loss);
    });
    REQUIRE_FALSE(r.diverged);
    return std::pair(theta, losses);
  };
  const auto gd = run({sim::class_sampling::kind::full_batch, 1}, 0, {});
  CHECK(gd.second.back() < 0.5 * gd.second.front());
  for (auto kind : {sim::class_sampling::kind::shuffle, sim::class_sampling::kind::replacement}) {
    const auto a = run({kind, 2}, 0, flips), b = run({kind, 2}, 0, flips);
    CHECK((a.first - b.first).norm() == 0);
  }
  const auto sam = run({sim::class_sampling::kind::full_batch, 1}, 0.05, {});
  CHECK((sam.first - gd.first).norm() > 0);
  CHECK(sam.second.back() < sam.second.front());
}

TEST_CASE("shuffled epochs visit every training sample once", "[mlp]") {
  sim::batch_sampler sampler({sim::class_sampling::kind::shuffle, 2});
  std::vector<Eigen::Index> batch, seen;
  for (std::uint64_t t = 0; t < 3; ++t) {
    sampler.draw(sim::philox_noise(2, 0), 6, t, batch);
    seen.insert(seen.end(), batch.begin(), batch.end());
  }
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<Eigen::Index>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("notebook label noise may keep the class, Algorithm 1 never does", "[mlp][noise]") {
  sim::notebook_flips<double> nb{1.0, 3, {}};
  sim::label_flips<double> a1;
  a1.tau = 1;
  a1.classes = 3;
  const sim::philox_noise p(4, 0);
  int kept = 0;
  for (std::uint64_t t = 0; t < 3000; ++t) {
    kept += nb.noisy_target(1.0, p, t, 0) == 1.0;
    CHECK(a1.noisy_target(1.0, p, t, 0) != 1.0);
  }
  CHECK(kept > 850);  // about a third of 3000
  CHECK(kept < 1150);
}
