// The whole default `lnsgd simulate` run (paper's synthetic setup, 10^5 steps, recorder on) per precision.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "lnsgd/sim/simulation.hpp"

namespace {

void default_run(benchmark::State& state) {
  lnsgd::sim::simulation_config cfg;
  cfg.precision = "double";
  lnsgd::sim::resolve_defaults(cfg, false);
  const auto dir = std::filesystem::temp_directory_path() / ("lnsgd-bench-" + std::to_string(getpid()));
  for (auto _ : state) {
    std::filesystem::create_directories(dir);
    benchmark::DoNotOptimize(lnsgd::sim::run_simulation(cfg, dir));
    std::filesystem::remove_all(dir);
  }
  state.counters["steps_per_s"] =
      benchmark::Counter(double(state.iterations() * cfg.steps), benchmark::Counter::kIsRate);
}

// An ensemble of the default setup (8 trajectories, 2*10^4 steps each, recorder on) on 1 and 2 OpenMP threads:
// the ratio of the two is the parallel speedup (results are bitwise identical, tested).
void default_ensemble(benchmark::State& state) {
  lnsgd::sim::simulation_config cfg;
  cfg.steps = 20000;
  cfg.trajectories = 8;
  cfg.threads = state.range(0);
  lnsgd::sim::resolve_defaults(cfg, false);
  const auto dir = std::filesystem::temp_directory_path() / ("lnsgd-bench-ens-" + std::to_string(getpid()));
  for (auto _ : state) {
    std::filesystem::create_directories(dir);
    benchmark::DoNotOptimize(lnsgd::sim::run_simulation(cfg, dir));
    std::filesystem::remove_all(dir);
  }
  state.counters["trajectory_steps_per_s"] =
      benchmark::Counter(double(state.iterations() * cfg.steps * cfg.trajectories), benchmark::Counter::kIsRate);
}

BENCHMARK(default_run)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(default_ensemble)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
