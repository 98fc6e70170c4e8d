// The compiled half of the Python module `lnsgd` (docs/python.md): lnsgd's commands in-process. Each call runs on a
// worker thread while the calling thread, the GIL released, waits and looks for signals every 50 ms: on Ctrl-C it
// requests an interrupt (sim/engine/interruption.hpp), waits for the run to stop and remove its unfinished output,
// and raises KeyboardInterrupt. Python's side (python/lnsgd/__init__.py) turns the outputs into NumPy arrays and
// dicts and the errors into exceptions; a C++ exception that escapes becomes a Python RuntimeError, never an abort.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <future>
#include <thread>

#include "lnsgd/cli/embedded.hpp"
#include "lnsgd/sim/engine/interruption.hpp"

namespace py = pybind11;

namespace {

using lnsgd::cli::captured_call;

template <class Call>
py::tuple interruptible(Call call) {
  lnsgd::sim::clear_interrupt();
  std::packaged_task<captured_call()> task(std::move(call));
  auto done = task.get_future();
  bool interrupted = false;
  {
    py::gil_scoped_release free;
    std::thread worker(std::move(task));
    while (done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire hold;
      if (PyErr_CheckSignals() != 0) {  // a KeyboardInterrupt (or another handler's error) is now set
        interrupted = true;
        lnsgd::sim::request_interrupt();
        break;
      }
    }
    worker.join();
  }
  lnsgd::sim::clear_interrupt();
  if (interrupted) throw py::error_already_set();
  const captured_call c = done.get();  // rethrows what the call threw
  return py::make_tuple(c.code, c.out, c.err);
}

}  // namespace

void add_theory(py::module_& parent);  // theory.cpp
void add_trajectory(py::module_& m);   // trajectory.cpp

PYBIND11_MODULE(_lnsgd, m) {
  m.doc() = "lnsgd's commands in-process; use the package lnsgd, not this module";
  m.attr("version") = lnsgd::cli::version();
  m.def(
      "run",
      [](const std::vector<std::string>& args) {
        return interruptible([args] { return lnsgd::cli::run_captured(args); });
      },
      py::arg("args"), "lnsgd ARGS... in-process: (exit code, stdout, stderr); Ctrl-C raises KeyboardInterrupt");
  m.def(
      "simulate_json",
      [](const std::string& parameters) {
        return interruptible([parameters] { return lnsgd::cli::simulate_from_json(parameters); });
      },
      py::arg("parameters"),
      "lnsgd simulate with a JSON object of parameters: (exit code, stdout, stderr); Ctrl-C raises KeyboardInterrupt");
  add_theory(m);
  add_trajectory(m);
}
