// The whole default `lnsgd simulate` run (paper's synthetic setup, 10^5 steps, recorder on) per precision.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "lnsgd/sim/simulation.hpp"

namespace {

// Runs cfg once per benchmark iteration into a fresh scratch folder, removed after each run.
void time_runs(benchmark::State& state, const lnsgd::sim::simulation_config& cfg) {
  const auto dir = std::filesystem::temp_directory_path() / ("lnsgd-bench-" + std::to_string(getpid()));
  for (auto _ : state) {
    std::filesystem::create_directories(dir);
    benchmark::DoNotOptimize(lnsgd::sim::run_simulation(cfg, dir));
    std::filesystem::remove_all(dir);
  }
}

void default_run(benchmark::State& state) {
  lnsgd::sim::simulation_config cfg;
  cfg.precision = "double";
  lnsgd::sim::resolve_defaults(cfg, false);
  time_runs(state, cfg);
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
  time_runs(state, cfg);
  state.counters["trajectory_steps_per_s"] =
      benchmark::Counter(double(state.iterations() * cfg.steps * cfg.trajectories), benchmark::Counter::kIsRate);
}

// An ensemble of small trajectories (256 at m = 100, d = 20, n = 200, 2000 steps each, 20 record points): the
// trajectory-steps per second per core on 1 and 2 threads, and the memory one more trajectory in flight costs
// (the run's own estimate, sim::memory_needed, which `lnsgd simulate` checks against the machine).
void small_ensemble(benchmark::State& state) {
  lnsgd::sim::simulation_config cfg;
  cfg.m = 100;
  cfg.steps = 2000;
  cfg.trajectories = 256;
  cfg.record_points = 20;
  cfg.threads = state.range(0);
  lnsgd::sim::resolve_defaults(cfg, false);
  time_runs(state, cfg);
  const double trajectory_steps = double(state.iterations() * cfg.steps * cfg.trajectories);
  state.counters["trajectory_steps_per_s"] = benchmark::Counter(trajectory_steps, benchmark::Counter::kIsRate);
  state.counters["per_core"] = benchmark::Counter(trajectory_steps / double(cfg.threads), benchmark::Counter::kIsRate);
  state.counters["bytes_per_trajectory"] = lnsgd::sim::memory_needed(cfg, 2) - lnsgd::sim::memory_needed(cfg, 1);
}

// clang-format off
BENCHMARK(default_run)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(default_ensemble)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(small_ensemble)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
// clang-format on

}  // namespace
