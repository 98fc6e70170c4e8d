// The perceptron of Sclocchi, Geiger, Wyart (sim/models/perceptron/): one SGD step at the authors' ICML shape
// (d = 128, B = 2, P = 1024) with every batch point unfitted (alpha tiny: the step's full cost, two dot products and
// the update), and a whole run to zero training loss at alpha = 32768 reported per step (most late steps find their
// batch fitted). scripts/bench_ratios.py times the same step in NumPy right after the run (ratio, same machine).
#include <benchmark/benchmark.h>

#include "perceptron/perceptron.hpp"

using namespace lnsgd::sim;
namespace m = lnsgd::sim::models;

namespace {

void perceptron_step(benchmark::State& state) {
  const std::int64_t d = state.range(0), batch = state.range(1), points = 1024;
  const auto train = m::depleted_sign<double>(points, d, 0.0, 1, stream::train_inputs);
  const m::perceptron_problem<double> p{train, 1e-12, batch, philox_noise(1, 0)};
  m::perceptron_sgd<double> sgd;
  vector_t<double> dw = vector_t<double>::Zero(d);
  std::uint64_t t = 0;
  for (auto _ : state) {
    sgd.do_step(p, dw, t++, 0.5);
    benchmark::DoNotOptimize(dw.data());
  }
}
BENCHMARK(perceptron_step)->ArgNames({"d", "B"})->Args({128, 2});

void perceptron_run(benchmark::State& state) {
  const std::int64_t d = 128, points = state.range(0);
  const auto train = m::depleted_sign<double>(points, d, 0.0, 1, stream::train_inputs);
  const m::perceptron_problem<double> p{train, 32768, 2, philox_noise(1, 0)};
  vector_t<double> dw;
  std::uint64_t steps = 0;
  for (auto _ : state) {
    const auto r = m::run_perceptron(p, 0.5, 100000000, dw, [](const auto&, std::uint64_t) {});
    steps += r.steps;
    benchmark::DoNotOptimize(dw.data());
  }
  state.counters["seconds_per_step"] =
      benchmark::Counter(double(steps), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(perceptron_run)->ArgNames({"P"})->Arg(1024)->Unit(benchmark::kMillisecond);

}  // namespace
