// lnsgd with one more model and one more paper: the whole command line (simulate, check, report, sweep, ...) of
// an installed lnsgd, run after registering them. LNSGD_EXAMPLE_FIGURES is this folder's figures.py.
#include <lnsgd/checks/paper_registration.hpp>
#include <lnsgd/cli/app.hpp>
#include <lnsgd/sim/engine/model_registration.hpp>

#include "example.hpp"

int main(int argc, char** argv) {
  lnsgd::sim::register_model(example::linear_regression_entry());
  lnsgd::checks::register_paper(example::example_paper());
  lnsgd::cli::register_report_figures(LNSGD_EXAMPLE_FIGURES);
  return lnsgd::cli::main_program(argc, argv);
}
