#pragma once
// Runs a program (no shell) and collects what it prints: the report's figures are drawn by a Python script.
#include <string>
#include <vector>

namespace lnsgd::cli {

struct child_result {
  bool started = false;  // false: the program could not be run (error says why)
  int exit_code = -1;    // the program's exit status; -1 if it was killed by a signal
  std::string output;    // its stdout and stderr, interleaved
  std::string error;
};

// argv[0] is the program's path (not searched in PATH). Blocks until the program exits. The child is killed
// when lnsgd ends: on SIGINT, SIGTERM or SIGHUP (interrupts.hpp), and by the kernel if lnsgd itself is killed
// (PR_SET_PDEATHSIG, tied to the calling thread: call it from a thread that outlives the child).
child_result run_child(const std::vector<std::string>& argv);

}  // namespace lnsgd::cli
