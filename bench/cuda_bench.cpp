// Trajectory-steps per second of the CUDA ensemble against the CPU ensemble (OpenMP over trajectories), label-noise
// SGD at the paper's setup (m = 1000, d = 20, n = 200, B = 1). Compare items_per_second of the two in one run. Without
// a usable GPU the CUDA benchmark reports why and is skipped.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "lnsgd/sim/cuda/ensemble.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"

using namespace lnsgd::sim;

namespace {

constexpr std::uint64_t steps_per_iteration = 1000;

void cuda_ensemble(benchmark::State& state) {
  if (auto why = cuda::unavailable()) {
    state.SkipWithError(why->c_str());
    return;
  }
  const auto trajectories = static_cast<std::uint64_t>(state.range(0));
  const synthetic_problem<double> p(1000, 20, 200, 10, 1);
  std::vector<std::vector<double>> start;
  for (std::uint64_t k = 0; k < trajectories; ++k) {
    const auto theta = p.initial_state(k);
    start.emplace_back(theta.data(), theta.data() + theta.size());
  }
  cuda::ensemble_spec spec;
  spec.m = 1000, spec.d = 20, spec.n = 200, spec.eta = 1e-3, spec.sigma = 4, spec.seed = 1;
  cuda::ensemble gpu(spec, std::vector<double>(p.data.x_train.data(), p.data.x_train.data() + p.data.x_train.size()),
                     std::vector<double>(p.data.y_train.data(), p.data.y_train.data() + p.data.y_train.size()), start);
  for (auto _ : state) gpu.advance(steps_per_iteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps_per_iteration * trajectories));
  state.SetLabel(cuda::device_description());
}

void cpu_ensemble(benchmark::State& state) {
  const auto trajectories = static_cast<std::int64_t>(state.range(0));
  const synthetic_problem<double> p(1000, 20, 200, 10, 1);
  std::vector<vector_t<double>> theta;
  for (std::int64_t k = 0; k < trajectories; ++k) theta.push_back(p.initial_state(static_cast<std::uint64_t>(k)));
  label_noise<double> noise;
  noise.sigma = 4;
  std::uint64_t t0 = 0;
  for (auto _ : state) {
#pragma omp parallel for schedule(static)
    for (std::int64_t k = 0; k < trajectories; ++k) {
      label_noise_sgd<two_layer_linear<double>> sgd(p.model, {1, false}, noise);
      const auto sys = p.system(static_cast<std::uint64_t>(k));
      for (std::uint64_t t = t0; t < t0 + steps_per_iteration; ++t) sgd.do_step(sys, theta[k], t, 1e-3);
    }
    t0 += steps_per_iteration;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * steps_per_iteration) * trajectories);
  state.SetLabel(std::to_string(omp_get_max_threads()) + " CPU threads");
}

}  // namespace

BENCHMARK(cuda_ensemble)->ArgName("trajectories")->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cpu_ensemble)->ArgName("trajectories")->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();
