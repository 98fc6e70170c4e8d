#pragma once
// The lnsgd command line as a function, so tests run it in-process.
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

}  // namespace lnsgd::cli
