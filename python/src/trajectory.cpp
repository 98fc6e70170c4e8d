// lnsgd.trajectory's compiled half (docs/python.md, "Step by step"): a stepping session (sim/engine/stepping.hpp)
// as a Python object whose state and data are NumPy arrays viewing the session's memory (no copy; each array keeps
// the session alive). advance() releases the GIL and checks for Ctrl-C between chunks of steps: the state is then
// that of the last whole chunk and KeyboardInterrupt is raised.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>

#include "lnsgd/cli/embedded.hpp"

namespace py = pybind11;

namespace {

using lnsgd::sim::stepping_session;

constexpr std::uint64_t chunk_steps = 1 << 14;  // steps between two looks for Ctrl-C

// A NumPy view of n doubles at data (rows x cols when cols > 0), owned by `owner`.
py::array view(const double* data, py::ssize_t rows, py::ssize_t cols, py::handle owner, bool writeable) {
  py::array a = cols > 0
                    ? py::array_t<double>(
                          {rows, cols}, {cols * py::ssize_t(sizeof(double)), py::ssize_t(sizeof(double))}, data, owner)
                    : py::array_t<double>({rows}, {py::ssize_t(sizeof(double))}, data, owner);
  if (!writeable) a.attr("setflags")(py::arg("write") = false);
  return a;
}

py::dict advance(stepping_session& s, std::uint64_t steps) {
  lnsgd::sim::integrate_result last;
  std::uint64_t done = 0;
  while (done < steps) {
    const std::uint64_t chunk = std::min(chunk_steps, steps - done);
    {
      py::gil_scoped_release free;
      last = s.advance(chunk);
    }
    done += last.steps_done;
    if (last.diverged) break;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  py::dict r;
  r["steps_done"] = done;
  r["t"] = s.step_index();
  r["diverged"] = last.diverged;
  r["diverged_step"] = last.diverged ? py::object(py::int_(last.diverged_step)) : py::object(py::none());
  r["reason"] = last.diverged ? py::object(py::str(last.reason)) : py::object(py::none());
  return r;
}

// Read-only views of the session's data: a matrix (row-major, C order) or a vector.
py::array rows_view(py::object self, const lnsgd::sim::rows_t<double>& x) {
  return view(x.data(), py::ssize_t(x.rows()), py::ssize_t(x.cols()), self, false);
}
py::array vector_view(py::object self, const lnsgd::sim::vector_t<double>& v) {
  return view(v.data(), py::ssize_t(v.size()), 0, self, false);
}
const lnsgd::sim::regression_data<double>& data_of(py::object& self) {
  return self.cast<const stepping_session&>().data();
}

}  // namespace

void add_trajectory(py::module_& m) {
  py::class_<stepping_session>(m, "Session", "one trajectory advanced step by step; use lnsgd.trajectory()")
      .def_property_readonly(
          "theta",
          [](py::object self) {
            auto span = self.cast<stepping_session&>().state();
            return view(span.data(), py::ssize_t(span.size()), 0, self, true);
          },
          "the state theta(t) as a writable float64 view (no copy)")
      .def_property_readonly("t", &stepping_session::step_index, "the steps done")
      .def("advance", &advance, py::arg("steps") = 1, "advance `steps` steps; a dict of what happened")
      .def_property_readonly("columns", &stepping_session::columns)
      .def("observe", &stepping_session::observe, "the model's observables at theta(t), in `columns` order")
      .def_property_readonly("x_train", [](py::object self) { return rows_view(self, data_of(self).x_train); })
      .def_property_readonly("x_test", [](py::object self) { return rows_view(self, data_of(self).x_test); })
      .def_property_readonly("y_train", [](py::object self) { return vector_view(self, data_of(self).y_train); })
      .def_property_readonly("y_test", [](py::object self) { return vector_view(self, data_of(self).y_test); })
      .def_property_readonly("theta_star", [](py::object self) { return vector_view(self, data_of(self).theta_star); });
  m.def(
      "start_trajectory",
      [](const std::string& parameters, std::uint64_t trajectory) {
        auto started = lnsgd::cli::start_trajectory(parameters, trajectory);
        if (!started.session) throw py::value_error(started.error);
        return std::unique_ptr<stepping_session>(std::move(started.session));
      },
      py::arg("parameters"), py::arg("trajectory") = 0,
      "a session for one trajectory of lnsgd simulate's parameters (a JSON object); ValueError naming a bad field");
}
