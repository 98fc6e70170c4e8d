// The drift-diffusion searcher (sim/models/drift_diffusion/) at the quick bae-optimal-rate point (v = 0.5, D = 0.5,
// L = 1, gamma = 0.686, dt = 4e-3, bridge on): 2000 searchers on one thread in memory (the searcher loop alone, the
// floor) and as the registry model runs them (`lnsgd simulate --model drift-diffusion`, a sweep cell: passage.csv,
// trajectory.csv, metadata). scripts/bench_ratios.py prints the run / floor ratio: the cost of the tables.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "drift_diffusion/searcher.hpp"
#include "lnsgd/sim/engine/registry.hpp"

using namespace lnsgd::sim;

namespace {

constexpr std::uint64_t searchers = 2000, cap = 20000;
constexpr double drift = 0.5, diffusion = 0.5, target = 1, rate = 0.686, dt = 4e-3;

void searcher_floor(benchmark::State& state) {
  std::uint64_t steps = 0;
  for (auto _ : state)
    for (std::uint64_t k = 0; k < searchers; ++k) {
      models::searcher<double> s{drift, diffusion, target, rate, true, philox_noise(1, k)};
      const auto r = models::run_searcher(s, dt, cap, [](const auto&, std::uint64_t, std::uint64_t) {});
      steps += r.steps_done;
      benchmark::DoNotOptimize(r.steps_done);
    }
  state.counters["searcher_steps_per_s"] = benchmark::Counter(double(steps), benchmark::Counter::kIsRate);
}

void drift_diffusion_run(benchmark::State& state) {
  const auto& m = *find_model("drift-diffusion");
  const auto dir = std::filesystem::temp_directory_path() / ("lnsgd-bench-dd-" + std::to_string(getpid()));
  nlohmann::json v = nlohmann::json::object();
  for (const auto& p : m.parameters) v[p.name] = p.default_value;
  v.update({{"drift", drift},
            {"diffusion", diffusion},
            {"target", target},
            {"reset_rate", rate},
            {"dt", dt},
            {"steps", cap},
            {"trajectories", searchers},
            {"threads", 1},
            {"path_steps", 0},
            {"quiet", true},
            {"out", dir.string()}});
  if (auto error = m.resolve(v, {})) {
    state.SkipWithError(error->c_str());
    return;
  }
  for (auto _ : state) {
    std::filesystem::create_directories(dir);
    benchmark::DoNotOptimize(m.run(v, dir, nullptr));
    std::filesystem::remove_all(dir);
  }
}

}  // namespace

BENCHMARK(searcher_floor)->Unit(benchmark::kMillisecond);
BENCHMARK(drift_diffusion_run)->Unit(benchmark::kMillisecond)->UseRealTime();
