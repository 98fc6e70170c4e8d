#include "lnsgd/cli/embedded.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "config_json.hpp"
#include "lnsgd/cli/app.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "simulate_command.hpp"
#include "simulate_options.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

captured_call usage_error_call(const std::string& message) {
  return {exit_code::usage_error, "", "lnsgd simulate: " + one_line(message) + "\n"};
}

// What command(out, err) returns and prints, captured.
template <class Command>
captured_call capture(Command&& command) {
  std::ostringstream out, err;
  captured_call c;
  c.code = command(out, err);
  c.out = out.str();
  c.err = err.str();
  return c;
}

}  // namespace

std::string version() { return std::string(build_info::version) + " (" + build_info::git + ")"; }

captured_call run_captured(const std::vector<std::string>& args) {
  return capture([&](std::ostream& out, std::ostream& err) { return run(args, out, err, false); });
}

namespace {

// The model and the values of a JSON object of parameters, as a --config file gives them (`source` names the caller
// in messages: "simulate()"), or the one-line error.
struct parsed_parameters {
  const sim::model_entry* model = nullptr;
  nlohmann::json values = nlohmann::json::object();
  std::set<std::string> given;
  std::string error;
};

parsed_parameters parse_parameters(const std::string& text, const std::string& source) {
  parsed_parameters p;
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    p.error = source + ": malformed parameters (" + what.substr(0, what.find('\n')) + ")";
    return p;
  }
  if (!config.is_object()) {
    p.error = source + ": parameters are not an object";
    return p;
  }
  std::string name = sim::default_model;
  if (config.contains("model")) {
    if (!config["model"].is_string()) {
      p.error = "invalid model = " + config["model"].dump() + " (accepted: a model name, see lnsgd.models())";
      return p;
    }
    name = config["model"].get<std::string>();
    config.erase("model");
  }
  const auto* model = choose_model({"--model", name}, p.error);  // the command line's message for an unknown name
  if (!model) return p;
  for (const auto& param : model->parameters) p.values[param.name] = param.default_value;
  p.values["model"] = model->name;
  if (auto bad = apply_config(*model, config, source, p.values, p.given)) {
    p.error = *bad;
    return p;
  }
  p.model = model;
  return p;
}

}  // namespace

captured_call simulate_from_json(const std::string& parameters) {
  auto p = parse_parameters(parameters, "simulate()");
  if (!p.model) return usage_error_call(p.error);
  return capture([&](std::ostream& out, std::ostream& err) {
    return resolve_and_simulate(*p.model, std::move(p.values), p.given, out, err, false);
  });
}

started_session start_trajectory(const std::string& parameters, std::uint64_t trajectory) {
  auto p = parse_parameters(parameters, "trajectory()");
  if (!p.model) return {nullptr, p.error};
  if (auto bad = p.model->resolve(p.values, p.given)) return {nullptr, *bad};
  if (!p.model->start_session)
    return {nullptr, "model = " + p.model->name +
                         " (accepted step by step: the models whose lnsgd models --json "
                         "entry has step_by_step true)"};
  try {
    return {p.model->start_session(p.values, trajectory), ""};
  } catch (const std::invalid_argument& e) {
    return {nullptr, e.what()};
  }
}

}  // namespace lnsgd::cli
