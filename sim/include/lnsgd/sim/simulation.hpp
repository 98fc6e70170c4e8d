#pragma once
// Running a configured simulation: every trajectory of the ensemble, streamed to CSV files in a directory.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/interruption.hpp"
#include "lnsgd/sim/simulation_config.hpp"

namespace lnsgd::sim {

// Lazy-phase statistics of Delta W_i(j) (Lemma 4.3's setting) in double for reporting.
struct delta_w_summary {
  std::uint64_t count = 0;
  double frac_nonpositive = 0;
  double frac_below_sigma4 = 0;
  std::optional<double> max_positive;
};

struct trajectory_summary {
  std::uint64_t trajectory = 0;
  bool diverged = false;
  std::uint64_t steps_done = 0;
  std::uint64_t diverged_step = 0;
  std::string divergence_reason;
  std::vector<std::pair<std::string, double>> final_values;  // last recorded row (defined cells)
  std::int64_t escaped_neurons = 0;
  std::int64_t first_escape_step = -1;
  std::int64_t median_escape_step = -1;
  std::int64_t all_escaped_step = -1;
  std::int64_t half_escaped_step = -1;  // step by which ceil(m/2) of the m neurons had escaped (-1: fewer did)
  bool stopped = false;                 // stop_escaped_fraction reached before the step cap
  std::optional<delta_w_summary> lazy_phase_delta_w;  // gradient-step dynamics only
  std::optional<double> max_identity_step_residual;
  std::optional<double> max_identity_norm_residual;
};

struct simulation_result {
  std::vector<trajectory_summary> trajectories;  // in trajectory order, whatever the thread count
  std::string precision_description;
  int threads_used = 1;
  bool any_diverged() const {
    for (const auto& t : trajectories)
      if (t.diverged) return true;
    return false;
  }
};

// Steps completed so far across all trajectories (read by a progress display on another thread). Runs report
// through add(), which throws run_interrupted once an interrupt is requested (engine/interruption.hpp).
struct progress_counter {
  std::atomic<std::uint64_t> done{0};
  std::uint64_t total = 0;
  void add(std::uint64_t steps) {
    done += steps;
    throw_if_interrupted();
  }
};

// Runs cfg (validated, defaults resolved) and writes dir/trajectory.csv and dir/neurons.csv.
// Throws std::runtime_error on I/O failure. Divergence is reported in the summaries, not thrown.
simulation_result run_simulation(const simulation_config& cfg, const std::filesystem::path& dir,
                                 progress_counter* progress = nullptr);

// One scalar type's implementation (explicitly instantiated for double, long double and float50).
template <class Scalar>
simulation_result run_simulation_in(const simulation_config& cfg, const std::filesystem::path& dir,
                                    progress_counter* progress);

}  // namespace lnsgd::sim
