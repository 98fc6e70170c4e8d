// One label-noise SGD step of each engine model (the diagonal net, the fixed-output net) through the generic stepper
// path (no model-specific kernel), a plain loop doing the same arithmetic, and the multiply-add floor of a step with
// that many weights, in the same run (ratios: scripts/bench_ratios.py).
#include <benchmark/benchmark.h>

#include "floor_kernel.hpp"

#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "lnsgd/sim/problem.hpp"
#include "two_layer_fixed_output/data.hpp"
#include "two_layer_fixed_output/model.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"

using namespace lnsgd::sim;

namespace {

// The diagonal net at digest E.3's step and noise, loss (1/4n): d coordinates, n = d/2 samples, batch B.
template <class Scalar>
void diagonal_linear_step(benchmark::State& state) {
  const auto d = state.range(0), n = d / 2;
  const auto data = models::make_sparse_regression<Scalar>(n, 10, d, 3, 1);
  const models::diagonal_linear<Scalar> model(d, false, Scalar(0.1));
  label_noise<Scalar> noise;
  noise.sigma = Scalar(1);
  label_noise_sgd<models::diagonal_linear<Scalar>, squared_loss<Scalar>> sgd(model, {state.range(1), false}, noise,
                                                                               {Scalar(0.25)});
  const problem<models::diagonal_linear<Scalar>> sys{model, data, philox_noise(1, 0)};
  vector_t<Scalar> theta;
  model.initialize(theta, sys.noise);
  const Scalar eta(0.05 / double(d));
  std::uint64_t t = 0;
  for (auto _ : state) {
    sgd.do_step(sys, theta, t++, eta);
    benchmark::DoNotOptimize(theta.data());
  }
}

// The same batch-1 step written as one plain loop: f = <u.u, x>, u -= eta (f - y - eps)/2 * 2 u.x (no draws).
void diagonal_linear_plain_step(benchmark::State& state) {
  const auto d = state.range(0), n = d / 2;
  const auto data = models::make_sparse_regression<double>(n, 10, d, 3, 1);
  vector_t<double> u = vector_t<double>::Constant(d, 0.1);
  const double eta = 0.05 / double(d);
  std::int64_t k = 0;
  for (auto _ : state) {
    const auto x = data.x_train.row(k);
    double f = 0;
    for (Eigen::Index j = 0; j < d; ++j) f += u[j] * u[j] * x[j];
    const double c = eta * (f - data.y_train[k] - 1.0);
    for (Eigen::Index j = 0; j < d; ++j) u[j] -= c * u[j] * x[j];
    k = (k + 1) % n;
    benchmark::DoNotOptimize(u.data());
  }
}

// The fixed-output net f = sum_j phi(theta_j . x), phi = z + z^3/3, at width m and dimension d (n = d samples when
// d <= 3, else 3), batch one, sigma = 0.1.
template <class Scalar>
void fixed_output_step(benchmark::State& state) {
  const auto m = state.range(0), d = state.range(1), n = std::min<std::int64_t>(d, 3);
  const auto data = models::make_uniform_regression<Scalar>(n, d, 1);
  const models::two_layer_fixed_output<Scalar> model(m, d, vector_t<Scalar>::Constant(m, Scalar(1)),
                                                     lnsgd::theory::gatmiry::activation::cubic);
  label_noise<Scalar> noise;
  noise.sigma = Scalar(0.1);
  label_noise_sgd<models::two_layer_fixed_output<Scalar>> sgd(model, {1, false}, noise);
  const problem<models::two_layer_fixed_output<Scalar>> sys{model, data, philox_noise(1, 0)};
  vector_t<Scalar> theta;
  model.initialize(theta, sys.noise);
  const Scalar eta(0.05 / double(m));
  std::uint64_t t = 0;
  for (auto _ : state) {
    sgd.do_step(sys, theta, t++, eta);
    benchmark::DoNotOptimize(theta.data());
  }
}

// The same batch-1 step as one plain Eigen loop (no draws): r = Theta x, Theta -= eta (f - y - 0.1) phi'(r) x^T.
void fixed_output_plain_step(benchmark::State& state) {
  const auto m = state.range(0), d = state.range(1), n = std::min<std::int64_t>(d, 3);
  const auto data = models::make_uniform_regression<double>(n, d, 1);
  Eigen::MatrixXd w = Eigen::MatrixXd::Random(m, d) / std::sqrt(double(d));
  Eigen::VectorXd r(m);
  const double eta = 0.05 / double(m);
  std::int64_t k = 0;
  for (auto _ : state) {
    const auto x = data.x_train.row(k);
    r.noalias() = w * x.transpose();
    const double f = (r.array() + r.array().cube() / 3).sum();
    r = (eta * (f - data.y_train[k] - 0.1)) * (1 + r.array().square()).matrix();
    w.noalias() -= r * x;
    k = (k + 1) % n;
    benchmark::DoNotOptimize(w.data());
  }
}

}  // namespace

// The floor of both models' batch-1 step: 2 multiply-adds per weight (the fixed-output net's update of Theta and
// its next forward product Theta x: m x d; the diagonal net's u update and <u.u, x>: d x 1).
void model_multiply_add_floor(benchmark::State& state) {
  lnsgd::bench::sized_floor_kernel<lnsgd::bench::eigen_packets>(state);
}

BENCHMARK(model_multiply_add_floor)->ArgNames({"rows", "cols"})->Args({10, 3})->Args({1000, 100})->Args({1000, 1});
BENCHMARK(fixed_output_step<double>)->ArgNames({"m", "d"})->Args({10, 3})->Args({1000, 100});
BENCHMARK(fixed_output_step<float50>)->ArgNames({"m", "d"})->Args({10, 3})->Args({1000, 100})->Unit(benchmark::kMicrosecond);
BENCHMARK(fixed_output_plain_step)->ArgNames({"m", "d"})->Args({10, 3})->Args({1000, 100});
BENCHMARK(diagonal_linear_step<double>)->ArgNames({"d", "B"})->Args({1000, 1})->Args({1000, 8});
BENCHMARK(diagonal_linear_step<float50>)->ArgNames({"d", "B"})->Args({1000, 1})->Unit(benchmark::kMicrosecond);
BENCHMARK(diagonal_linear_plain_step)->ArgNames({"d"})->Arg(1000);
