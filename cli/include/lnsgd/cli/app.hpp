#pragma once
// The lnsgd command line as a function, so tests run it in-process.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace lnsgd::cli {

// Exit codes of every lnsgd command; interrupted: a run stopped by sim::request_interrupt() (the Python module on
// Ctrl-C), its output removed, the code a shell gives SIGINT.
enum exit_code : int { ok = 0, failure = 1, usage_error = 2, diverged = 3, interrupted = 130 };

// Call first in main(), before any thread starts: SIGINT, SIGTERM and SIGHUP then remove unfinished outputs and
// kill child processes before lnsgd exits with 128 + the signal number.
void install_interrupt_handling();

// args excludes the program name. `interactive`: stderr is a terminal (progress is shown unless --quiet).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool interactive = false);

// A whole lnsgd program: install_interrupt_handling(), then run() on argv[1..] with the standard streams (progress
// when stderr is a terminal). lnsgd's own main() is this; a program that registers its own models and papers
// (sim::register_model, checks::register_paper) calls it after them (docs/library.md).
int main_program(int argc, char** argv);

// Adds a Python module of report figures (a FIGURES list of functions, as in scripts/report/figures/) that
// `report` draws after lnsgd's own, for claims registered from outside lnsgd. Throws std::invalid_argument if
// `module` is not an existing .py file.
void register_report_figures(const std::filesystem::path& module);

}  // namespace lnsgd::cli
