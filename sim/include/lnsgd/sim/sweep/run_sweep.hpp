#pragma once
// Running a sweep (docs/sweep.md): every cell not yet finished in out/cells/ runs through its model's registry
// entry, on `threads` cells at once; a finished cell is a folder cells/<index>/ holding the model's tables and
// metadata.json, written in a staging folder and renamed, so a sweep killed at any moment (kill -9) resumes where
// it stopped. A cell that fails (a bad value, divergence, an I/O error) is finished too: its status and error go
// into the table and the sweep goes on. Results never depend on the thread count, the order cells finish in, or
// which MPI rank ran them.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/sweep/spec.hpp"

namespace lnsgd::sim::sweep {

// A finished cell: the model's results.status ("completed", "not converged", "diverged") or "failed", the error
// of a failed cell, and the model's per-trajectory summaries (metadata.json results.trajectories).
struct cell_result {
  std::string status;
  std::string error;
  nlohmann::json trajectories = nlohmann::json::array();
  // run_in_scratch's `keep`: the text of the cell's files so named (e.g. "passage.csv"), absent where not written.
  std::map<std::string, std::string> files;
};

struct sweep_progress {
  std::atomic<std::uint64_t> done{0}, running{0}, failed{0};
  std::uint64_t total = 0, finished_before = 0;  // cells in the sweep; finished by an earlier run
};

struct sweep_options {
  int threads = 0;  // cells at once (0: every core)
  sweep_progress* progress = nullptr;
  nlohmann::json provenance = nlohmann::json::object();  // recorded in every cell's metadata.json (versions)
  // Which cells this process runs (MPI: index % ranks == rank); the others are left to other processes.
  std::function<bool(std::size_t)> mine = [](std::size_t) { return true; };
};

// Prepares out for spec: creates it and writes out/sweep.json, or checks that the sweep.json there holds the same
// spec (a resume) and removes staging folders a killed run left. A one-line error, or nullopt: out exists and is
// not a sweep folder, or holds a different spec (naming the first part that differs), or cannot be written.
std::optional<std::string> prepare_out(const sweep_spec& spec, const std::filesystem::path& out,
                                       const nlohmann::json& provenance);

// Runs this process's unfinished cells into out/cells/ (prepared by prepare_out). Throws std::runtime_error only if
// out itself cannot be written.
void run_cells(const sweep_spec& spec, const std::filesystem::path& out, const sweep_options& options);

// The results of every cell in out/cells/, in table order; nullopt for a cell not finished.
std::vector<std::optional<cell_result>> read_results(const sweep_spec& spec, const std::filesystem::path& out);

// The whole sweep in a scratch folder that is removed afterwards: the checks' grids. Every cell's result, with the
// text of its files named in keep (the model's per-trajectory tables, for readings the summary does not hold).
// Throws std::runtime_error if the scratch folder cannot be made or written.
std::vector<cell_result> run_in_scratch(const sweep_spec& spec, int threads, const std::vector<std::string>& keep = {});

}  // namespace lnsgd::sim::sweep
