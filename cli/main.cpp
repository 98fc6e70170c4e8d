#include <unistd.h>

#include <iostream>

#include "lnsgd/cli/app.hpp"

int main(int argc, char** argv) {
  lnsgd::cli::install_interrupt_handling();  // first: every thread started later inherits the blocked signals
  const std::vector<std::string> args(argv + 1, argv + argc);
  return lnsgd::cli::run(args, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
}
