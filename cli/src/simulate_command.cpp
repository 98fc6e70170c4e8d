#include "simulate_command.hpp"

#include <omp.h>

#include <CLI/Version.hpp>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <thread>

#include "build_metadata.hpp"
#include "lnsgd/cli/app.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "lnsgd/sim/engine/interruption.hpp"
#include "memory_check.hpp"
#include "output/atomic_file.hpp"
#include "output/output_dir.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

using json = nlohmann::json;

// Progress on the terminal: steps done, rate, ETA; redrawn five times a second on stderr.
class progress_display {
 public:
  progress_display(sim::progress_counter& counter, std::ostream& err, bool enabled) {
    if (!enabled) return;
    thread_ = std::jthread([&counter, &err](std::stop_token stop) {
      const auto start = std::chrono::steady_clock::now();
      while (!stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double done = double(counter.done.load()), total = double(std::max<std::uint64_t>(counter.total, 1));
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double rate = done / std::max(secs, 1e-9);
        err << "\r  " << std::fixed << std::setprecision(1) << 100.0 * done / total << "%  " << std::scientific
            << std::setprecision(2) << rate << " steps/s  ETA " << std::fixed << std::setprecision(0)
            << (rate > 0 ? (total - done) / rate : 0.0) << " s   " << std::flush;
      }
      err << "\r" << std::string(60, ' ') << "\r" << std::defaultfloat << std::flush;
    });
  }

 private:
  std::jthread thread_;
};

}  // namespace

int simulate_command(const sim::model_entry& model, const json& values, std::ostream& out, std::ostream& err,
                     bool show_progress) {
  try {
    std::optional<output_dir> dir;
    try {
      dir.emplace(values["out"].get<std::string>(), "simulate");
    } catch (const std::exception& e) {
      err << "lnsgd simulate: invalid " << one_line(e.what()) << "\n";
      return exit_code::usage_error;
    }
    sim::progress_counter counter;
    const auto start = std::chrono::steady_clock::now();
    sim::run_outcome outcome;
    {
      progress_display display(counter, err, show_progress);
      outcome = model.run(values, dir->staging(), &counter);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    json meta = outcome.extra;
    meta["command"] = "simulate";
    meta["config"] = values;
    meta["seed"] = values["seed"];
    meta["precision"] = {{"name", values["precision"]}, {"scalar", outcome.precision_description}};
    meta["libraries"] = libraries();
    json files = json::object();
    for (const auto& [file, what] : model.tables) files[file] = what;
    meta["files"] = files;
    meta["results"] = outcome.results;
    // Everything above is a pure function of the config; what follows describes this particular execution.
    meta["run"] = {{"wall_time_s", wall}, {"threads", outcome.threads_used}, {"finished_utc", utc_now()}};
    output::write_atomically(dir->staging() / "metadata.json", meta.dump(2) + "\n");
    dir->commit();

    out << outcome.summary << "wrote " << one_line((dir->final_path() / "metadata.json").string());
    for (const auto& [file, what] : model.tables) out << ", " << file;
    out << " in " << std::setprecision(3) << wall << " s\n";
    if (const auto& d = outcome.first_divergence) {
      err << "lnsgd simulate: trajectory " << d->trajectory << " diverged at step " << d->step << ": " << d->reason << "\n";
      return exit_code::diverged;
    }
    return exit_code::ok;
  } catch (const sim::run_interrupted&) {  // the staging folder is removed with `dir`
    err << "lnsgd simulate: interrupted; unfinished output removed\n";
    return exit_code::interrupted;
  } catch (const std::exception& e) {
    err << "lnsgd simulate: " << one_line(e.what()) << "\n";
    return exit_code::failure;
  }
}

int resolve_and_simulate(const sim::model_entry& model, nlohmann::json values, const std::set<std::string>& given,
                         std::ostream& out, std::ostream& err, bool interactive) {
  const auto fail = [&](const std::string& message) {
    err << "lnsgd simulate: " << one_line(message) << "\n";
    return exit_code::usage_error;
  };
  if (auto error = model.resolve(values, given)) return fail("invalid " + *error);
  const std::int64_t threads = values["threads"].get<std::int64_t>();
  const std::int64_t concurrent = threads > 0 ? threads : omp_get_max_threads();
  std::string fields, reduce;  // the sizes this model has, then the ensemble and the precision
  for (const char* key : {"m", "d", "n", "n_test", "trajectories", "precision"})
    if (values.contains(key)) {
      fields.append(fields.empty() ? "" : ", ")
          .append(key)
          .append(" = ")
          .append(values[key].is_string() ? values[key].get<std::string>() : values[key].dump());
      if (std::string(key) != "precision") reduce.append(key).append(", ");
    }
  if (auto error = too_big(model.memory_needed(values, concurrent), fields, reduce + "threads or precision"))
    return fail("invalid " + *error);
  return simulate_command(model, values, out, err, interactive && !values["quiet"].get<bool>());
}

}  // namespace lnsgd::cli
