// The continuous-time limits: the gradient flow (sim/flows), one right-hand-side evaluation and the cost of one unit
// of flow time (controlled dopri5 in double, Bulirsch-Stoer in 50 digits) against full-batch GD covering the same
// flow time; and one Euler-Maruyama step of the label-noise SDE against a full-batch GD step.
#include <benchmark/benchmark.h>

#include "lnsgd/sim/flows/gradient_flow.hpp"
#include "lnsgd/sim/flows/integrate_flow.hpp"
#include "lnsgd/sim/steppers/label_noise_sde.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"

using namespace lnsgd::sim;

namespace {

// Counts right-hand-side evaluations (Odeint copies systems, so the count lives outside).
template <class Flow>
struct counted {
  const Flow* flow;
  std::int64_t* calls;
  template <class State, class T>
  void operator()(const State& x, State& dxdt, const T& t) const {
    ++*calls;
    (*flow)(x, dxdt, t);
  }
};

template <class Scalar>
void flow_rhs(benchmark::State& state) {
  const synthetic_problem<Scalar> p(state.range(0), state.range(1), state.range(2), 5, 1);
  gradient_flow<two_layer_linear<Scalar>> flow(p.model, p.data);
  const auto x = flow.to_state(p.initial_state(0));
  auto dxdt = x;
  for (auto _ : state) {
    flow(x, dxdt, Scalar(0));
    benchmark::DoNotOptimize(dxdt.data());
  }
}

// One unit of flow time from the NTK initialisation; counters: rhs evaluations and accepted steps per unit time.
template <class Scalar>
void flow_unit_time(benchmark::State& state) {
  const synthetic_problem<Scalar> p(state.range(0), state.range(1), state.range(2), 5, 1);
  gradient_flow<two_layer_linear<Scalar>> flow(p.model, p.data);
  Scalar tol;
  if constexpr (std::is_floating_point_v<Scalar>)
    tol = 1e-10;
  else
    tol = Scalar("1e-35");
  std::int64_t calls = 0, steps = 0;
  for (auto _ : state) {
    auto x = flow.to_state(p.initial_state(0));
    steps += static_cast<std::int64_t>(integrate_flow(counted<decltype(flow)>{&flow, &calls}, x, Scalar(0), Scalar(1), tol));
    benchmark::DoNotOptimize(x.data());
  }
  state.counters["rhs_per_unit_time"] = benchmark::Counter(double(calls), benchmark::Counter::kAvgIterations);
  state.counters["steps_per_unit_time"] = benchmark::Counter(double(steps), benchmark::Counter::kAvgIterations);
}

// Full-batch GD over one unit of flow time at eta = 0.01 (100 steps): the discrete baseline of flow_unit_time.
void gd_unit_time(benchmark::State& state) {
  const synthetic_problem<double> p(state.range(0), state.range(1), state.range(2), 5, 1);
  label_noise_sgd<two_layer_linear<double>> gd(p.model, {1, true}, {});
  const auto sys = p.system(0);
  for (auto _ : state) {
    auto theta = p.initial_state(0);
    for (std::uint64_t t = 0; t < 100; ++t) gd.do_step(sys, theta, t, 0.01);
    benchmark::DoNotOptimize(theta.data());
  }
}

// One Euler-Maruyama step of the label-noise SDE (full batch plus n Gaussian increments) against a full-batch GD step.
void sde_step(benchmark::State& state) {
  const synthetic_problem<double> p(state.range(0), state.range(1), state.range(2), 5, 1);
  label_noise_sde<two_layer_linear<double>> sde(p.model, 0.01, 2.0);
  const auto sys = p.system(0);
  auto theta = p.initial_state(0);
  std::uint64_t t = 0;
  for (auto _ : state) {
    sde.do_step(sys, theta, t++, 0.0025);
    benchmark::DoNotOptimize(theta.data());
  }
}

void full_batch_gd_step(benchmark::State& state) {
  const synthetic_problem<double> p(state.range(0), state.range(1), state.range(2), 5, 1);
  label_noise_sgd<two_layer_linear<double>> gd(p.model, {1, true}, {});
  const auto sys = p.system(0);
  auto theta = p.initial_state(0);
  std::uint64_t t = 0;
  for (auto _ : state) {
    gd.do_step(sys, theta, t++, 0.0025);
    benchmark::DoNotOptimize(theta.data());
  }
}

}  // namespace

BENCHMARK(sde_step)->ArgNames({"m", "d", "n"})->Args({100, 20, 200});
BENCHMARK(full_batch_gd_step)->ArgNames({"m", "d", "n"})->Args({100, 20, 200});
BENCHMARK(flow_rhs<double>)->ArgNames({"m", "d", "n"})->Args({100, 20, 200})->Args({1000, 20, 200});
BENCHMARK(flow_rhs<float50>)->ArgNames({"m", "d", "n"})->Args({16, 8, 40})->Unit(benchmark::kMicrosecond);
BENCHMARK(flow_unit_time<double>)->ArgNames({"m", "d", "n"})->Args({100, 20, 200})->Unit(benchmark::kMicrosecond);
BENCHMARK(flow_unit_time<float50>)->ArgNames({"m", "d", "n"})->Args({16, 8, 40})->Unit(benchmark::kMillisecond);
BENCHMARK(gd_unit_time)->ArgNames({"m", "d", "n"})->Args({100, 20, 200})->Unit(benchmark::kMicrosecond);
