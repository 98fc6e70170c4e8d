// The compiled half of the Python module `lnsgd` (docs/python.md): lnsgd's commands in-process, with the GIL
// released while they run. Python's side (python/lnsgd/__init__.py) turns their outputs into NumPy arrays and dicts
// and their errors into exceptions; a C++ exception that escapes becomes a Python RuntimeError, never an abort.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "lnsgd/cli/embedded.hpp"

namespace py = pybind11;

namespace {

py::tuple as_tuple(const lnsgd::cli::captured_call& c) { return py::make_tuple(c.code, c.out, c.err); }

}  // namespace

PYBIND11_MODULE(_lnsgd, m) {
  m.doc() = "lnsgd's commands in-process; use the package lnsgd, not this module";
  m.attr("version") = lnsgd::cli::version();
  m.def(
      "run",
      [](const std::vector<std::string>& args) {
        lnsgd::cli::captured_call c;
        {
          py::gil_scoped_release free;
          c = lnsgd::cli::run_captured(args);
        }
        return as_tuple(c);
      },
      py::arg("args"), "lnsgd ARGS... in-process: (exit code, stdout, stderr)");
  m.def(
      "simulate_json",
      [](const std::string& parameters) {
        lnsgd::cli::captured_call c;
        {
          py::gil_scoped_release free;
          c = lnsgd::cli::simulate_from_json(parameters);
        }
        return as_tuple(c);
      },
      py::arg("parameters"), "lnsgd simulate with a JSON object of parameters: (exit code, stdout, stderr)");
}
