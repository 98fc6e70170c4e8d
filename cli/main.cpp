#include "lnsgd/cli/app.hpp"

int main(int argc, char** argv) { return lnsgd::cli::main_program(argc, argv); }
