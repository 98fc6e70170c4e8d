#include "lnsgd/cli/embedded.hpp"

#include <nlohmann/json.hpp>
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

}  // namespace

std::string version() { return std::string(build_info::version) + " (" + build_info::git + ")"; }

captured_call run_captured(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  captured_call c;
  c.code = run(args, out, err, false);
  c.out = out.str();
  c.err = err.str();
  return c;
}

captured_call simulate_from_json(const std::string& parameters) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(parameters);
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    return usage_error_call("simulate(): malformed parameters (" + what.substr(0, what.find('\n')) + ")");
  }
  if (!config.is_object()) return usage_error_call("simulate(): parameters are not an object");
  std::string name = sim::default_model;
  if (config.contains("model")) {
    if (!config["model"].is_string())
      return usage_error_call("invalid model = " + config["model"].dump() +
                              " (accepted: a model name, see lnsgd.models())");
    name = config["model"].get<std::string>();
    config.erase("model");
  }
  std::string error;
  const auto* model = choose_model({"--model", name}, error);  // the command line's message for an unknown name
  if (!model) return usage_error_call(error);
  nlohmann::json values = nlohmann::json::object();
  for (const auto& p : model->parameters) values[p.name] = p.default_value;
  values["model"] = model->name;
  std::set<std::string> given;
  if (auto bad = apply_config(*model, config, "simulate()", values, given)) return usage_error_call(*bad);
  std::ostringstream out, err;
  captured_call c;
  c.code = resolve_and_simulate(*model, std::move(values), given, out, err, false);
  c.out = out.str();
  c.err = err.str();
  return c;
}

}  // namespace lnsgd::cli
