#include "lnsgd/sim/sweep/run_sweep.hpp"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#include "lnsgd/sim/engine/atomic_file.hpp"

namespace lnsgd::sim::sweep {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string cell_name(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "%07zu", index);
  return name;
}

std::optional<json> read_json(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

// The first part of the canonical spec that differs, in the spec's words ("base.eta", "the grid's values", ...).
std::string first_difference(const json& was, const json& now) {
  const auto words = [](const std::string& key) -> std::string {
    if (key == "keys") return "the swept keys";
    if (key == "points") return "the grid's or list's values";
    return key;
  };
  for (const auto& [key, value] : now.items()) {
    if (!was.contains(key)) return words(key);
    if (was[key] == value) continue;
    if (key == "base")
      for (const auto& [inner, v] : value.items())
        if (!was[key].contains(inner) || was[key][inner] != v) return "base." + inner;
    return words(key);
  }
  return "the spec";
}

// Runs cell c into cells/.<name>.<pid> and renames it to cells/<name>; a failure is the cell's result. Returns
// the cell's status.
std::string run_one(const sweep_spec& spec, const sweep_cell& c, const fs::path& cells_dir, const json& provenance) {
  const fs::path staging = cells_dir / ("." + cell_name(c.index) + "." + std::to_string(getpid()));
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging);
  json meta = {
      {"command", "sweep cell"}, {"cell", c.index}, {"point", c.point}, {"seed", c.seed}, {"libraries", provenance}};
  json values;
  try {
    if (auto error = cell_values(spec, c, staging, values)) {
      meta["results"] = {{"status", "failed"}, {"error", *error}};
    } else {
      meta["config"] = values;
      meta["config"].erase("out");  // the cell's folder, not part of its config
      const auto o = spec.model->run(values, staging, nullptr);
      meta["precision"] = {{"name", values.value("precision", json("double"))}, {"scalar", o.precision_description}};
      meta["results"] = o.results;
    }
  } catch (const std::exception& e) {
    meta["results"] = {{"status", "failed"}, {"error", e.what()}};
  }
  write_atomically(staging / "metadata.json", meta.dump(2) + "\n");
  const fs::path final_dir = cells_dir / cell_name(c.index);
  fs::remove_all(final_dir, ec);
  fs::rename(staging, final_dir, ec);
  if (ec) throw std::runtime_error("cannot write " + final_dir.string() + " (" + ec.message() + ")");
  return meta["results"].value("status", "failed");
}

}  // namespace

std::optional<std::string> prepare_out(const sweep_spec& spec, const fs::path& out, const json& provenance) {
  std::error_code ec;
  const fs::path marker = out / "sweep.json";
  const json canonical = spec.canonical();
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) return "out = " + out.string() + " is not a folder (accepted: a folder path)";
    if (!fs::exists(marker, ec)) {
      if (!fs::is_empty(out, ec))
        return "out = " + out.string() + " exists and holds no sweep.json (accepted: a new folder, or a sweep's)";
    } else {
      const auto was = read_json(marker);
      if (!was || !was->contains("spec"))
        return "out = " + out.string() + ": its sweep.json cannot be read (accepted: a sweep folder lnsgd wrote)";
      if ((*was)["spec"] != canonical)
        return "out = " + out.string() + " holds a sweep of a different spec (" +
               first_difference((*was)["spec"], canonical) +
               " differs) (accepted: the same spec, to resume it, or "
               "a new --out)";
      for (const auto& entry : fs::directory_iterator(out / "cells", ec))
        if (entry.path().filename().string().front() == '.') fs::remove_all(entry.path(), ec);
      return std::nullopt;
    }
  }
  fs::create_directories(out / "cells", ec);
  if (ec) return "out = " + out.string() + " cannot be created (" + ec.message() + ")";
  try {
    write_atomically(marker, json{{"command", "sweep"},
                                  {"spec", canonical},
                                  {"cells", spec.points.size() * spec.seeds.size()},
                                  {"libraries", provenance}}
                                     .dump(2) +
                                 "\n");
  } catch (const std::exception& e) {
    return "out = " + out.string() + ": " + e.what();
  }
  return std::nullopt;
}

void run_cells(const sweep_spec& spec, const fs::path& out, const sweep_options& options) {
  const fs::path cells_dir = out / "cells";
  std::vector<sweep_cell> todo;
  std::uint64_t finished = 0;
  for (auto& c : cells(spec)) {
    if (!options.mine(c.index)) continue;
    std::error_code ec;
    if (fs::exists(cells_dir / cell_name(c.index) / "metadata.json", ec))
      ++finished;
    else
      todo.push_back(std::move(c));
  }
  if (options.progress) {
    options.progress->total = finished + todo.size();
    options.progress->finished_before = finished;
  }
  // No more threads than cells: a cell alone gets an inactive outer region, so its model's own threads can run.
  const int threads =
      std::max<int>(1, static_cast<int>(std::min<std::size_t>(
                           options.threads > 0 ? options.threads : omp_get_max_threads(), todo.size())));
  std::vector<std::exception_ptr> errors(todo.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t k = 0; k < std::int64_t(todo.size()); ++k) {
    if (options.progress) options.progress->running += 1;
    bool failed = true;
    try {
      const auto status = run_one(spec, todo[k], cells_dir, options.provenance);
      failed = status == "failed" || status == "diverged";
    } catch (...) {
      errors[k] = std::current_exception();
    }
    if (options.progress) {
      if (failed) options.progress->failed += 1;
      options.progress->running -= 1;
      options.progress->done += 1;
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

std::vector<std::optional<cell_result>> read_results(const sweep_spec& spec, const fs::path& out) {
  std::vector<std::optional<cell_result>> results;
  for (const auto& c : cells(spec)) {
    const auto meta = read_json(out / "cells" / cell_name(c.index) / "metadata.json");
    if (!meta || !meta->contains("results")) {
      results.emplace_back();
      continue;
    }
    const json& r = (*meta)["results"];
    results.push_back(
        cell_result{r.value("status", "failed"), r.value("error", ""), r.value("trajectories", json::array()), {}});
  }
  return results;
}

std::vector<cell_result> run_in_scratch(const sweep_spec& spec, int threads, const std::vector<std::string>& keep) {
  std::string tmpl = (fs::temp_directory_path() / "lnsgd-sweep-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a scratch folder in " + tmpl);
  const fs::path out = fs::path(tmpl) / "sweep";
  struct remover {
    fs::path p;
    ~remover() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{tmpl};
  if (auto error = prepare_out(spec, out, json::object())) throw std::runtime_error(*error);
  run_cells(spec, out, {threads});
  std::vector<cell_result> results;
  for (auto& r : read_results(spec, out))
    results.push_back(r ? std::move(*r) : cell_result{"failed", "no result", json::array(), {}});
  for (std::size_t i = 0; i < results.size(); ++i)
    for (const auto& name : keep) {
      std::ifstream in(out / "cells" / cell_name(i) / name, std::ios::binary);
      if (in) results[i].files[name] = std::string(std::istreambuf_iterator<char>(in), {});
    }
  return results;
}

}  // namespace lnsgd::sim::sweep
