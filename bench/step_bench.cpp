// One training step of the two-layer linear net: lnsgd's stepper in each precision, a plain Eigen version of
// the same step, and the multiply-add floor of that step on this machine (ratios come from one run).
#include <benchmark/benchmark.h>

#include "floor_kernel.hpp"
#include "lnsgd/sim/models/simd.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/oscillation_chain.hpp"
#include "lnsgd/sim/steppers/sam.hpp"

using namespace lnsgd::sim;

namespace {

template <class Scalar>
struct bench_problem : synthetic_problem<Scalar> {
  vector_t<Scalar> theta;
  philox_noise noise{1, 0};
  bench_problem(std::int64_t m, std::int64_t d) : synthetic_problem<Scalar>(m, d, 200, 10, 1), theta(this->initial_state(0)) {}
  problem<two_layer_linear<Scalar>> system() const { return synthetic_problem<Scalar>::system(0); }
};

// The paper's setting: eta*m stays 1 so long runs stay stable at every size.
template <class Scalar>
Scalar bench_eta(std::int64_t m) {
  return Scalar(1) / Scalar(m);
}

template <class Scalar>
void label_noise_sgd_step(benchmark::State& state) {
  bench_problem<Scalar> p(state.range(0), state.range(1));
  label_noise<Scalar> noise;
  noise.sigma = Scalar(4);
  label_noise_sgd<two_layer_linear<Scalar>> stepper(p.model, {state.range(2), false}, noise);
  const auto sys = p.system();
  const Scalar eta = bench_eta<Scalar>(state.range(0));
  std::uint64_t t = 0;
  for (auto _ : state) {
    stepper.do_step(sys, p.theta, t++, eta);
    benchmark::DoNotOptimize(p.theta.data());
  }
  state.counters["steps_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

// Label-noise SGD advanced in blocks of K steps (panels of 8 steps, two passes over W each): time per step.
void label_noise_sgd_block_step(benchmark::State& state) {
  bench_problem<double> p(state.range(0), state.range(1));
  label_noise<double> noise;
  noise.sigma = 4;
  label_noise_sgd<two_layer_linear<double>> stepper(p.model, {1, false}, noise);
  const auto sys = p.system();
  const double eta = 1.0 / double(state.range(0));
  const auto block = static_cast<std::uint64_t>(state.range(2));
  std::uint64_t t = 0;
  for (auto _ : state) {
    t += stepper.do_steps(sys, p.theta, t, block, eta, [](std::uint64_t, const auto&) { return true; });
    benchmark::DoNotOptimize(p.theta.data());
  }
  state.counters["time_per_step"] =  // in seconds; printed with a unit
      benchmark::Counter(double(state.iterations() * block), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Lemma 4.4's dynamics: full-batch GD on W (n = 200) with the second layer on its three-state chain.
void oscillation_chain_step(benchmark::State& state) {
  bench_problem<double> p(state.range(0), state.range(1));
  oscillation_chain<double> chain(p.model, 1e-3, noise_schedule{});
  const auto sys = p.system();
  chain.initialize_second_layer(p.model, p.theta, sys.noise);
  std::uint64_t t = 0;
  for (auto _ : state) {
    chain.do_step(sys, p.theta, t++, 1e-3);
    benchmark::DoNotOptimize(p.theta.data());
  }
}

template <class Scalar>
void sam_step(benchmark::State& state) {
  bench_problem<Scalar> p(state.range(0), state.range(1));
  label_noise<Scalar> noise;
  noise.sigma = Scalar(4);
  sam<two_layer_linear<Scalar>> stepper(p.model, {1, false}, noise, Scalar(0.05));
  const auto sys = p.system();
  const Scalar eta = bench_eta<Scalar>(state.range(0));
  std::uint64_t t = 0;
  for (auto _ : state) {
    stepper.do_step(sys, p.theta, t++, eta);
    benchmark::DoNotOptimize(p.theta.data());
  }
}

// The step written plainly with Eigen (separate matrix W, vector a, temporaries allowed): the reference that
// lnsgd's stepper is compared against. Same arithmetic: h = W x, r = a.h - y - eps, W -= eta r a x^T, a -= eta r h.
void plain_eigen_step(benchmark::State& state) {
  const auto m = state.range(0), d = state.range(1);
  bench_problem<double> p(m, d);
  Eigen::MatrixXd w = p.model.first_layer(p.theta);
  Eigen::VectorXd a = p.model.second_layer(p.theta);
  const double eta = 1.0 / double(m);
  std::uint64_t t = 0;
  for (auto _ : state) {
    const auto k = p.noise.index(stream::sample_index, t, 0, 200);
    const double eps = 4.0 * p.noise.sign(stream::label_noise, t, 0);
    const Eigen::VectorXd x = p.data.x_train.row(k).transpose();
    const Eigen::VectorXd h = w * x;
    const double r = a.dot(h) - p.data.y_train[k] - eps;
    w -= (eta * r) * a * x.transpose();
    a -= (eta * r) * h;
    ++t;
    benchmark::DoNotOptimize(w.data());
  }
}

// The multiply-add floor of one step: the sweep's 2md multiply-adds (update and next forward), with the same
// register blocking, on a 64 x 32 chunk of W that stays in L1, repeated md/2048 times. The step's ratio to this
// is what memory traffic (W does not fit in L1) and the O(m) work cost.
void multiply_add_floor(benchmark::State& state) { lnsgd::bench::floor_kernel<lnsgd::bench::eigen_packets>(state); }

// The machine's multiply-add throughput with no memory traffic at all: 16 independent chains of packet multiply-adds
// in registers, as many as the step's 2md + 2m. The time a step would take if only arithmetic counted.
void multiply_add_peak(benchmark::State& state) {
  using Packet = simd::packet<double>;
  constexpr int S = simd::width<double>, chains = 16;
  const std::int64_t multiply_adds = 2 * state.range(0) * state.range(1) + 2 * state.range(0);
  const auto rounds = std::max<std::int64_t>(1, multiply_adds / (S * chains));
  Packet acc[chains];
  for (int i = 0; i < chains; ++i) acc[i] = simd::broadcast<Packet>(0.1 * i);
  const Packet x = simd::broadcast<Packet>(0.999999), y = simd::broadcast<Packet>(1e-9);
  for (auto _ : state) {
    for (std::int64_t n = 0; n < rounds; ++n) {
#pragma GCC unroll 16
      for (int i = 0; i < chains; ++i) acc[i] = simd::multiply_add(acc[i], x, y);
    }
    benchmark::ClobberMemory();
  }
  double sum = 0;
  for (int i = 0; i < chains; ++i) sum += simd::sum(acc[i]);
  benchmark::DoNotOptimize(sum);
}

// Label-noise SGD (sigma = 4, eta = 1/m) with the two-layer net's per-step observers.
struct observed_trajectory {
  bench_problem<double> p;
  label_noise_sgd<two_layer_linear<double>> stepper;
  two_layer_observables<double> obs;
  double eta;
  observed_trajectory(std::int64_t m, std::int64_t d)
      : p(m, d),
        stepper(p.model, {1, false}, noise()),
        obs(p.model, p.data, p.theta, options(m)),
        eta(1.0 / double(m)) {}
  static label_noise<double> noise() {
    label_noise<double> n;
    n.sigma = 4;
    return n;
  }
  static two_layer_observables<double>::options options(std::int64_t m) {
    two_layer_observables<double>::options opt;
    opt.eta = 1.0 / double(m);
    opt.sigma = 4;
    return opt;
  }
};

// A step plus the per-step observer work (Delta W tallies, identity residuals; lazy-regime tracking until every
// neuron has escaped, which happens within the first few thousand iterations here).
void observed_step(benchmark::State& state) {
  observed_trajectory o(state.range(0), state.range(1));
  const auto sys = o.p.system();
  std::uint64_t t = 0;
  for (auto _ : state) {
    o.stepper.do_step(sys, o.p.theta, t++, o.eta);
    o.obs.on_step(o.p.theta, t, o.stepper.last_step());
    benchmark::DoNotOptimize(o.p.theta.data());
  }
}

// Block steps (K = 8, one panel) with the per-step observables tallied from each panel's basis
// (two_layer_observables::on_block_step): against label_noise_sgd_block_step/K:8, the observers' share of a step.
void observed_block_step(benchmark::State& state) {
  observed_trajectory o(state.range(0), state.range(1));
  const auto sys = o.p.system();
  std::uint64_t t = 0;
  for (auto _ : state) {
    t += o.stepper.do_steps(sys, o.p.theta, t, 8, o.eta, [&](std::uint64_t, const auto& view) {
      o.obs.on_block_step(view);
      return true;
    });
    benchmark::DoNotOptimize(o.p.theta.data());
  }
  state.counters["time_per_step"] =
      benchmark::Counter(double(state.iterations() * 8), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Cost of one multiply-add y += c x in a scalar type, over 1024 cache-resident elements: the unit in which a
// multiprecision step's cost is judged (multiply-add count x this).
template <class Scalar>
void scalar_multiply_add(benchmark::State& state) {
  std::vector<Scalar> x(1024, Scalar(1) / 3), y(1024, Scalar(0));
  Scalar c = Scalar(1) / 7;
  for (auto _ : state) {
    for (std::size_t i = 0; i < x.size(); ++i) y[i] += c * x[i];
    c = -c;
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * 1024);
}

// One element of the multiprecision sweep exactly as two_layer_linear runs it (two in-place multiplies, a subtract
// of a small product from an O(1) weight, an accumulate), on operands of the sweep's magnitudes. The cost of
// cpp_bin_float addition depends on the operands' exponent gap, so this, not y += c x, is the sweep's unit.
template <class Scalar>
void sweep_element(benchmark::State& state) {
  const philox_noise noise(2, 0);
  std::vector<Scalar> col(1024), a(1024), h(1024, Scalar(0));
  for (int i = 0; i < 1024; ++i) {
    col[i] = noise.normal<Scalar>(stream::init, 0, i) / 4;                 // w_ij ~ N(0, 1/d)
    a[i] = noise.normal<Scalar>(stream::init, 1, i) / 32;                  // a_i ~ N(0, 1/m)
  }
  Scalar u = Scalar(4) / 1000, v = noise.normal<Scalar>(stream::init, 2, 0);  // u = eta r x_j ~ 1e-3
  Scalar product;
  for (auto _ : state) {
    for (int i = 0; i < 1024; ++i) {
      multiply_into(product, u, a[i]);
      col[i] -= product;
      multiply_into(product, col[i], v);
      h[i] += product;
    }
    u = -u;
    benchmark::DoNotOptimize(h.data());
  }
  state.SetItemsProcessed(state.iterations() * 1024);
}

#define LNSGD_SIZES Args({1000, 20, 1})->Args({4000, 20, 1})->Args({1000, 100, 1})

BENCHMARK(label_noise_sgd_step<double>)->ArgNames({"m", "d", "B"})->LNSGD_SIZES->Args({1000, 20, 8})->Args({250, 20, 1});
BENCHMARK(label_noise_sgd_step<long double>)->ArgNames({"m", "d", "B"})->LNSGD_SIZES;
BENCHMARK(label_noise_sgd_step<float50>)->ArgNames({"m", "d", "B"})->LNSGD_SIZES->Unit(benchmark::kMicrosecond);
BENCHMARK(label_noise_sgd_block_step)
    ->ArgNames({"m", "d", "K"})
    ->Args({1000, 20, 4})
    ->Args({1000, 20, 8})
    ->Args({1000, 20, 16})
    ->Args({1000, 20, 32})
    ->Args({4000, 20, 8})
    ->Args({1000, 100, 8});
BENCHMARK(sam_step<double>)->ArgNames({"m", "d"})->Args({1000, 20});
BENCHMARK(oscillation_chain_step)->ArgNames({"m", "d"})->Args({32, 20})->Args({1000, 20});
BENCHMARK(sam_step<long double>)->ArgNames({"m", "d"})->Args({1000, 20});
BENCHMARK(sam_step<float50>)->ArgNames({"m", "d"})->Args({1000, 20})->Unit(benchmark::kMicrosecond);
BENCHMARK(plain_eigen_step)->ArgNames({"m", "d"})->Args({1000, 20})->Args({4000, 20})->Args({1000, 100});
BENCHMARK(multiply_add_floor)->ArgNames({"m", "d"})->Args({1000, 20})->Args({4000, 20})->Args({1000, 100});
BENCHMARK(multiply_add_peak)->ArgNames({"m", "d"})->Args({1000, 20})->Args({4000, 20})->Args({1000, 100});
BENCHMARK(observed_step)->ArgNames({"m", "d"})->Args({1000, 20});
BENCHMARK(observed_block_step)->ArgNames({"m", "d"})->Args({1000, 20});
BENCHMARK(scalar_multiply_add<double>);
BENCHMARK(scalar_multiply_add<long double>);
BENCHMARK(scalar_multiply_add<float50>);
BENCHMARK(sweep_element<float50>);

}  // namespace
