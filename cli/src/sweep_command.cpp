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
#include "mpi_world.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

namespace sw = sim::sweep;

// Cells done (and done by an earlier run), running, failed, and the time left; redrawn twice a second on stderr.
class sweep_display {
 public:
  // With several ranks, rank 0 shows its own share of the cells.
  sweep_display(const sw::sweep_progress& p, std::ostream& err, bool enabled, int ranks) {
    if (!enabled) return;
    const std::string who = ranks > 1 ? "rank 0 of " + std::to_string(ranks) + ": " : "";
    thread_ = std::jthread([&p, &err, who](std::stop_token stop) {
      const auto start = std::chrono::steady_clock::now();
      while (!stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        const double now = double(p.done.load()), todo = double(p.total - p.finished_before);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        err << "\r  " << who << "cells " << p.finished_before + p.done.load() << "/" << p.total << " done ("
            << p.finished_before << " before), " << p.running.load() << " running, " << p.failed.load()
            << " failed, time left " << std::fixed << std::setprecision(0)
            << (now > 0 ? (todo - now) * secs / now : 0.0) << " s   " << std::defaultfloat << std::flush;
      }
      err << "\r" << std::string(96, ' ') << "\r" << std::flush;
    });
  }

 private:
  std::jthread thread_;
};

// Reads and checks the spec and the flags; "" or a one-line error.
std::string read_spec(const sweep_flags& flags, sw::sweep_spec& spec) {
  nlohmann::json text;
  if (auto error = read_config_json(flags.spec, text)) return *error;
  if (auto error = sw::parse_spec(text, spec)) return "spec " + flags.spec + ": " + *error;
  if (flags.out.empty()) return "out = \"\" (accepted: a folder path)";
  if (flags.threads < 0 || flags.threads > 4096)
    return "invalid threads = " + std::to_string(flags.threads) + " (accepted: an integer 0 <= threads <= 4096)";
  return "";
}

// prepare_out, its exceptions included; "" or a one-line error.
std::string prepare(const sw::sweep_spec& spec, const std::filesystem::path& dir, const nlohmann::json& provenance) {
  try {
    return sw::prepare_out(spec, dir, provenance).value_or("");
  } catch (const std::exception& e) {
    return e.what();
  }
}

struct sweep_counts {
  std::uint64_t before = 0, now = 0;  // cells finished by an earlier run, and by this one (every rank)
  double wall = 0;
  int ranks = 1;
};

// Rank 0, once every rank is done: the table from every cell's folder, and the closing line. The exit code.
int write_table(const sw::sweep_spec& spec, const std::filesystem::path& dir, const sweep_counts& counts,
                std::ostream& out, std::ostream& err) {
  try {
    const auto results = sw::read_results(spec, dir);
    sim::write_atomically(dir / "sweep.csv", sw::tidy_table(spec, results));
    std::size_t failed = 0, missing = 0;
    for (const auto& r : results) {
      missing += !r;
      failed += !r || r->status == "failed" || r->status == "diverged";
    }
    out << "lnsgd sweep: " << spec.model->name << ", " << results.size() << " cells (" << counts.before
        << " finished before, " << counts.now << " run now";
    if (counts.ranks > 1) out << " on " << counts.ranks << " ranks";
    out << ", " << failed << " failed or diverged) in " << std::setprecision(3) << counts.wall << " s; wrote "
        << one_line((dir / "sweep.csv").string()) << "\n";
    if (missing) {
      err << "lnsgd sweep: " << missing << " cells have no result in " << one_line((dir / "cells").string())
          << " (every rank must write to one --out folder: a file system they all share)\n";
      return exit_code::failure;
    }
    return failed ? exit_code::diverged : exit_code::ok;
  } catch (const std::exception& e) {
    err << "lnsgd sweep: " << one_line(e.what()) << "\n";
    return exit_code::failure;
  }
}

}  // namespace

// Every rank reads and checks the spec, rank 0 prepares --out, each rank runs the cells whose index modulo the
// number of ranks is its rank, and rank 0 writes the table once all are done. Only rank 0 speaks, except for an
// error its own rank alone met. The same exit code on every rank.
int sweep_command(const sweep_flags& flags, std::ostream& out, std::ostream& err, bool show_progress) {
  const mpi_world& world = mpi_world::get();
  const bool root = world.rank() == 0;
  const auto usage = [&](const std::string& message, bool say) {
    if (say) err << "lnsgd sweep: " << one_line(message) << "\n";
    return exit_code::usage_error;
  };
  if (!world.cannot_join_reason().empty()) return usage(world.cannot_join_reason(), root);
  sw::sweep_spec spec;
  const std::string bad = read_spec(flags, spec);
  const bool root_ok = world.from_root(int(bad.empty())) != 0;
  if (!world.all(bad.empty())) return usage(bad, !bad.empty() && (root || root_ok));
  const std::filesystem::path dir = flags.out;
  const auto provenance = libraries();
  const std::string unprepared = world.from_root(root ? prepare(spec, dir, provenance) : std::string());
  if (!unprepared.empty()) return usage(unprepared, root);

  const auto start = std::chrono::steady_clock::now();
  sw::sweep_progress progress;
  std::string failure;
  try {
    sweep_display display(progress, err, root && show_progress && !flags.quiet, world.size());
    const auto rank = std::size_t(world.rank()), ranks = std::size_t(world.size());
    sw::run_cells(spec, dir,
                  {int(flags.threads), &progress, provenance, [=](std::size_t i) { return i % ranks == rank; }});
  } catch (const std::exception& e) {
    failure = e.what();
  }
  const bool every_rank_ran = world.all(failure.empty());
  sweep_counts counts{world.sum(progress.finished_before), world.sum(progress.done.load()), 0, world.size()};
  if (!every_rank_ran) {
    if (!failure.empty()) err << "lnsgd sweep: " << one_line(failure) << "\n";
    return exit_code::failure;
  }
  counts.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return world.from_root(root ? write_table(spec, dir, counts, out, err) : 0);
}

}  // namespace lnsgd::cli
