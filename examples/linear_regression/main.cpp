// lnsgd with one more model and one more paper: the whole command line (simulate, check, report, sweep, ...) of
// an installed lnsgd, run after registering them. LNSGD_EXAMPLE_FIGURES is this folder's figures.py.
#include <lnsgd/checks/paper_registration.hpp>
#include <lnsgd/cli/app.hpp>
#include <lnsgd/sim/engine/model_registration.hpp>

#include <exception>
#include <iostream>

#include "example.hpp"

int main(int argc, char** argv) {
  try {  // each registration throws, registering nothing, on a malformed or taken name (docs/library.md)
    lnsgd::sim::register_model(example::linear_regression_entry());
    lnsgd::checks::register_paper(example::example_paper());
    lnsgd::cli::register_report_figures(LNSGD_EXAMPLE_FIGURES);
  } catch (const std::exception& e) {
    std::cerr << "lnsgd-example: " << e.what() << "\n";
    return 1;
  }
  return lnsgd::cli::main_program(argc, argv);
}
