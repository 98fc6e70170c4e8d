#pragma once
// lnsgd's commands called from another program (the Python module, python/): what they print is captured, never
// written to the process's streams, and no call exits the process. Every call runs the same code as the command
// line: the same parameters, defaults, validation, outputs and exit codes (lnsgd/cli/app.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/stepping.hpp"

namespace lnsgd::cli {

struct captured_call {
  int code = 0;     // the command's exit code (exit_code in app.hpp)
  std::string out;  // what it printed on stdout
  std::string err;  // what it printed on stderr: one line per error
};

// "VERSION (git describe)", as lnsgd --version prints it after "lnsgd ".
std::string version();

// The command line `lnsgd ARGS...` in-process, quiet (no progress display).
captured_call run_captured(const std::vector<std::string>& args);

// `lnsgd simulate` with its parameters as one JSON object in text: the keys of a --config file (docs/simulate.md),
// "model" among them (default: the default model), validated as a --config file is, with "simulate()" naming the
// source in errors. Malformed JSON, an unknown model or key, or a value its parameter does not accept: exit 2 and one
// line on err; nothing written.
captured_call simulate_from_json(const std::string& parameters);

// Trajectory `trajectory` of the run simulate_from_json(parameters) would make, as a session to advance step by
// step (sim/engine/stepping.hpp; the Python module's lnsgd.trajectory). The same parsing, defaults and validation;
// on bad input `session` is empty and `error` the one line simulate_from_json would print (a model without
// sessions, another precision or a dynamics a session lacks are refused the same way).
struct started_session {
  std::unique_ptr<sim::stepping_session> session;
  std::string error;
};
started_session start_trajectory(const std::string& parameters, std::uint64_t trajectory);

}  // namespace lnsgd::cli
