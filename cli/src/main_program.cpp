// A whole lnsgd program (lnsgd's main(), and that of a program with models of its own: docs/library.md).
#include <unistd.h>

#include <iostream>

#include "lnsgd/cli/app.hpp"

namespace lnsgd::cli {

int main_program(int argc, char** argv) {
  install_interrupt_handling();  // first: every thread started later inherits the blocked signals
  const std::vector<std::string> args(argv + 1, argv + argc);
  return run(args, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
}

}  // namespace lnsgd::cli
