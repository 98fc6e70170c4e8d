// The MLP layer (sim/models/mlp, sim/steppers/classifier_*.hpp): backpropagation and the Jacobian-vector product
// against central finite differences in 50 digits, the linearised model, the class losses, and the steppers.
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
using sim::models::activation;
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

architecture arch(activation a, parameterisation p, std::vector<std::int64_t> hidden, bool biases) {
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

// sum_k sum_c w_kc f_c(theta; x_k) for fixed weights w: its gradient is backward(w), its derivative along v is
// <w, J v>.
float50 weighted_output(const sim::models::mlp<float50>& net, const sim::vector_t<float50>& theta,
                        const sim::rows_t<float50>& x, const std::vector<Eigen::Index>& idx,
                        const sim::models::mlp<float50>::matrix_type& w) {
  auto c = net.make_cache();
  net.forward(theta, x, idx, c);
  return c.logits.cwiseProduct(w).sum();
}

}  // namespace

TEST_CASE("mlp: backpropagation and the Jacobian-vector product equal 50-digit central differences", "[mlp]") {
  const auto data = sim::data::cast<float50>(small_task(3));
  const std::vector<Eigen::Index> idx = {0, 2, 3, 5};
  for (auto a : {activation::erf, activation::gelu, activation::relu})
    for (auto p : {parameterisation::ntk, parameterisation::standard})
      for (const auto& hidden : {std::vector<std::int64_t>{7}, std::vector<std::int64_t>{6, 4}}) {
        const sim::models::mlp<float50> net(arch(a, p, hidden, hidden.size() == 1));
        sim::vector_t<float50> theta;
        net.initialize(theta, sim::philox_noise(3, 0));
        sim::models::mlp<float50>::matrix_type w(4, 3);
        for (int k = 0; k < w.size(); ++k) w.data()[k] = float50(k % 5) / 3 - float50(0.7);
        auto c = net.make_cache();
        net.forward(theta, data.train.x, idx, c);
        sim::vector_t<float50> grad;
        net.backward(theta, c, w, grad);
        sim::vector_t<float50> v(theta.size());
        for (int j = 0; j < v.size(); ++j) v[j] = float50((j * 7) % 11) / 11 - float50(0.5);
        const float50 h("1e-15");  // truncation O(h^2) = 1e-30, rounding 1e-50 / h = 1e-35
        double worst = 0;
        for (int j = 0; j < theta.size(); ++j) {
          auto up = theta, down = theta;
          up[j] += h;
          down[j] -= h;
          const float50 fd =
              (weighted_output(net, up, data.train.x, idx, w) - weighted_output(net, down, data.train.x, idx, w)) /
              (2 * h);
          worst = std::max(worst, sim::to_double(abs(fd - grad[j])));
        }
        CHECK(worst < 1e-24);
        const float50 along = (weighted_output(net, theta + h * v, data.train.x, idx, w) -
                               weighted_output(net, theta - h * v, data.train.x, idx, w)) /
                              (2 * h);
        CHECK(sim::to_double(abs(along - net.jvp(theta, c, v).cwiseProduct(w).sum())) < 1e-24);
      }
}

TEST_CASE("mlp: the linearised model equals the network at theta0 and is linear in theta - theta0", "[mlp]") {
  const auto data = small_task(3);
  const sim::models::mlp<double> net(arch(activation::erf, parameterisation::ntk, {8}, true));
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
  const sim::models::mlp<double> net(arch(activation::erf, parameterisation::ntk, {16}, true));
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
