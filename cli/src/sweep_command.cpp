#include "sweep_command.hpp"

#include <chrono>
#include <iomanip>
#include <ostream>
#include <thread>

#include "build_metadata.hpp"
#include "config_json.hpp"
#include "lnsgd/cli/app.hpp"
#include "lnsgd/sim/engine/atomic_file.hpp"
#include "lnsgd/sim/sweep/table.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

namespace sw = sim::sweep;

// Cells done (and done by an earlier run), running, failed, and the time left; redrawn twice a second on stderr.
class sweep_display {
 public:
  sweep_display(const sw::sweep_progress& p, std::ostream& err, bool enabled) {
    if (!enabled) return;
    thread_ = std::jthread([&p, &err](std::stop_token stop) {
      const auto start = std::chrono::steady_clock::now();
      while (!stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const double now = double(p.done.load()), todo = double(p.total - p.finished_before);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        err << "\r  cells " << p.finished_before + p.done.load() << "/" << p.total << " done (" << p.finished_before
            << " before), " << p.running.load() << " running, " << p.failed.load() << " failed, time left "
            << std::fixed << std::setprecision(0) << (now > 0 ? (todo - now) * secs / now : 0.0) << " s   "
            << std::defaultfloat << std::flush;
      }
      err << "\r" << std::string(78, ' ') << "\r" << std::flush;
    });
  }

 private:
  std::jthread thread_;
};

}  // namespace

int sweep_command(const sweep_flags& flags, std::ostream& out, std::ostream& err, bool show_progress) {
  const auto usage = [&](const std::string& message) {
    err << "lnsgd sweep: " << one_line(message) << "\n";
    return exit_code::usage_error;
  };
  nlohmann::json text;
  if (auto error = read_config_json(flags.spec, text)) return usage(*error);
  sw::sweep_spec spec;
  if (auto error = sw::parse_spec(text, spec)) return usage("spec " + flags.spec + ": " + *error);
  if (flags.out.empty()) return usage("out = \"\" (accepted: a folder path)");
  if (flags.threads < 0 || flags.threads > 4096)
    return usage("invalid threads = " + std::to_string(flags.threads) + " (accepted: an integer 0 <= threads <= 4096)");
  const std::filesystem::path dir = flags.out;
  try {
    const auto provenance = libraries();
    if (auto error = sw::prepare_out(spec, dir, provenance)) return usage(*error);
    sw::sweep_progress progress;
    const auto start = std::chrono::steady_clock::now();
    {
      sweep_display display(progress, err, show_progress && !flags.quiet);
      sw::run_cells(spec, dir, {int(flags.threads), &progress, provenance});
    }
    const auto results = sw::read_results(spec, dir);
    sim::write_atomically(dir / "sweep.csv", sw::tidy_table(spec, results));
    std::size_t failed = 0;
    for (const auto& r : results) failed += !r || r->status == "failed" || r->status == "diverged";
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out << "lnsgd sweep: " << spec.model->name << ", " << results.size() << " cells (" << progress.finished_before
        << " finished before, " << progress.done.load() << " run now, " << failed << " failed or diverged) in "
        << std::setprecision(3) << wall << " s; wrote " << one_line((dir / "sweep.csv").string()) << "\n";
    return failed ? exit_code::diverged : exit_code::ok;
  } catch (const std::exception& e) {
    err << "lnsgd sweep: " << one_line(e.what()) << "\n";
    return exit_code::failure;
  }
}

}  // namespace lnsgd::cli
