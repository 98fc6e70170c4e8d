#include "report_command.hpp"

#include <omp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>
#include <stdexcept>

#include "build_metadata.hpp"
#include "check_commands.hpp"
#include "child_process.hpp"
#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/results.hpp"
#include "lnsgd/cli/app.hpp"
#include "output/output_dir.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace fs = std::filesystem;
namespace {

// The interpreter and the drawing script; environment variables override the build's defaults.
std::string python_path() {
  const char* env = std::getenv("LNSGD_PYTHON");
  return env && *env ? env : "/usr/bin/python3";  // Debian's, which has python3-matplotlib (pyenv's may not)
}
// The script of the source tree this lnsgd was built from, else the installed copy (a program built against an
// installed lnsgd whose sources are gone).
std::string script_path() {
  const char* env = std::getenv("LNSGD_REPORT_SCRIPT");
  if (env && *env) return env;
  return fs::exists(LNSGD_REPORT_SCRIPT) ? LNSGD_REPORT_SCRIPT : LNSGD_INSTALLED_REPORT_SCRIPT;
}

// The figure modules of register_report_figures, in call order.
std::vector<fs::path>& extra_figures() {
  static std::vector<fs::path> modules;
  return modules;
}

// Runs the drawing script with `args`; on failure returns a one-line reason (the script's own last line).
std::optional<std::string> run_script(const std::vector<std::string>& args) {
  std::vector<std::string> argv{python_path(), script_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_child(argv);
  if (!r.started)
    return "cannot run " + argv[0] + " (" + r.error + "); set LNSGD_PYTHON or install python3-matplotlib "
           "(scripts/setup.sh does)";
  if (r.exit_code == 0) return std::nullopt;
  std::string last = r.output;
  while (!last.empty() && last.back() == '\n') last.pop_back();
  if (const auto nl = last.rfind('\n'); nl != std::string::npos) last = last.substr(nl + 1);
  const std::string own_prefix = "lnsgd report: ";  // the script's errors carry it too
  if (last.rfind(own_prefix, 0) == 0) last.erase(0, own_prefix.size());
  return last.empty() ? argv[1] + " exited with status " + std::to_string(r.exit_code) : last;
}

// `text` with every occurrence of `from` replaced by `to` (staging paths in messages shown as the user's paths).
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
  return text;
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << text;
  if (!f.flush()) throw std::runtime_error("out = " + p.parent_path().string() + ": cannot write " + p.string());
}

// Runs the claims (progress on a terminal) and writes results.json and data/<claim>/<table>.csv into dir.
void run_claims(const std::vector<const checks::claim*>& claims, const report_options& o, const fs::path& dir,
                std::ostream& err, bool show_progress) {
  const auto prof = o.profile == "full" ? checks::profile::full : checks::profile::quick;
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json verdicts = nlohmann::json::array();
  for (std::size_t k = 0; k < claims.size(); ++k) {
    const auto* c = claims[k];
    std::string counter = "[";  // append: GCC 12's -Wrestrict misfires on "literal" + std::string
    counter.append(std::to_string(k + 1)).append("/").append(std::to_string(claims.size())).append("] ");
    if (show_progress) err << "\r" << counter << c->id << " ..." << std::flush;
    const auto t0 = std::chrono::steady_clock::now();
    const auto v = c->run(prof);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (show_progress)
      err << "\r" << counter << c->id << ": " << checks::to_string(v.result) << " (" << std::fixed
          << std::setprecision(1) << secs << " s)" << std::defaultfloat << "   \n";
    for (std::size_t t = 0; t < v.tables.size(); ++t)
      write_text(dir / checks::table_file(v, t), checks::to_csv(v.tables[t]));
    verdicts.push_back(checks::report_entry(*c, v, secs));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto doc = checks::results_document({o.profile, utc_now(), wall, omp_get_max_threads(), libraries()},
                                            std::move(verdicts));
  write_text(dir / "results.json", doc.dump(2) + "\n");
}

// Copies results.json and data/ of a previous report into dir.
void copy_inputs(const fs::path& from, const fs::path& dir) {
  if (!fs::is_regular_file(from / "results.json"))
    throw std::runtime_error("from = " + from.string() + ": no results.json there (accepted: a report folder)");
  fs::copy_file(from / "results.json", dir / "results.json");
  if (fs::is_directory(from / "data")) fs::copy(from / "data", dir / "data", fs::copy_options::recursive);
}

}  // namespace

void register_report_figures(const fs::path& module) {
  if (module.extension() != ".py" || !fs::is_regular_file(module))
    throw std::invalid_argument("lnsgd::cli::register_report_figures: " + module.string() +
                                " is not an existing .py file");
  extra_figures().push_back(fs::absolute(module));
}

int report_command(const report_options& o, std::ostream& out, std::ostream& err, bool interactive) {
  std::vector<const checks::claim*> claims;
  if (o.from.empty()) {
    if (auto unknown = checks::select_claims(o.claims, "", claims)) {
      err << "lnsgd report: " << one_line(*unknown) << "\n";
      return exit_code::usage_error;
    }
  }
  // Before any long run: can the figures be drawn at all?
  if (auto problem = run_script({"check-deps"})) {
    err << "lnsgd report: " << one_line(*problem) << "\n";
    return exit_code::usage_error;
  }
  try {
    output_dir dir(o.out, "report");
    if (o.from.empty())
      run_claims(claims, o, dir.staging(), err, interactive && !o.quiet);
    else
      copy_inputs(o.from, dir.staging());
    if (interactive && !o.quiet) err << "drawing the figures ..." << std::flush;
    std::vector<std::string> render{"render", dir.staging().string()};
    for (const auto& module : extra_figures()) render.insert(render.end(), {"--figures", module.string()});
    auto problem = run_script(render);
    if (interactive && !o.quiet) err << "\r" << std::string(24, ' ') << "\r" << std::flush;
    if (problem) {
      const std::string shown = replace_all(*problem, dir.staging().string(), o.from.empty() ? o.out : o.from);
      err << "lnsgd report: " << one_line(shown) << " (nothing written to " << one_line(o.out) << ")\n";
      return exit_code::usage_error;
    }
    dir.commit();
    std::ifstream summary(dir.final_path() / "summary.md");
    out << summary.rdbuf() << "\nreport: " << one_line((dir.final_path() / "index.html").string())
        << "\n";
  } catch (const std::exception& e) {
    err << "lnsgd report: invalid " << one_line(e.what()) << "\n";
    return exit_code::usage_error;
  }
  return exit_code::ok;
}

}  // namespace lnsgd::cli
