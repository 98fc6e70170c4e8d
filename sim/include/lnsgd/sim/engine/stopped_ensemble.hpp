#pragma once
// An ensemble of trajectories that each run until a stopping rule or a step cap (the perceptron, alpha-mlp;
// docs/models.md): trajectory k is `one(k, rows)`, which writes its rows to trajectory part k and returns its
// summary with "converged", "status" and, when diverged, "divergence": {"step"}. The trajectories run in parallel
// on `threads` (results never depend on it), their parts are merged into trajectory.csv under `header`, and the
// outcome is "diverged" (the first divergence, described by `overflow`), "completed" (every trajectory converged)
// or "not converged". On failure: the first failing trajectory's exception is rethrown after every one has ended.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "lnsgd/sim/simulation.hpp"

namespace lnsgd::sim {

template <class One>
run_outcome run_stopped_ensemble(std::uint64_t count, int threads, const std::filesystem::path& dir,
                                 progress_counter* progress, const std::string& header, const std::string& overflow,
                                 One&& one) {
  if (progress) progress->total = count;
  std::vector<nlohmann::json> summaries(count);
  std::vector<std::exception_ptr> errors(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t k = 0; k < std::int64_t(count); ++k) {
    try {
      auto rows = open_or_throw(part_path(dir, "trajectory", std::uint64_t(k)));
      rows.precision(17);
      summaries[k] = one(std::uint64_t(k), rows);
      if (!rows.flush()) throw std::runtime_error("write failed for trajectory " + std::to_string(k));
      if (progress) progress->add(1);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  merge_parts(dir, "trajectory", header, count);
  run_outcome o;
  bool all = true;
  for (std::uint64_t k = 0; k < count; ++k) {
    all = all && summaries[k]["converged"].get<bool>();
    if (summaries[k]["status"] == "diverged" && !o.first_divergence)
      o.first_divergence = {{k, summaries[k]["divergence"]["step"].get<std::uint64_t>(), overflow}};
  }
  o.results = {{"status", o.first_divergence ? "diverged"
                          : all              ? "completed"
                                             : "not converged"},
               {"trajectories", summaries}};
  o.threads_used = threads;
  return o;
}

}  // namespace lnsgd::sim
