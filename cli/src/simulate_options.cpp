#include "simulate_options.hpp"

#include <algorithm>

#include "config_json.hpp"
#include "option_checks.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

std::string flag_name(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return "--" + name;
}

std::string model_names() {
  std::string names;
  for (const auto& m : sim::all_models()) names.append(names.empty() ? "" : ", ").append(m.name);
  return names;
}

std::string default_text(const sim::parameter& p) {
  if (p.default_value.is_string()) return p.default_value.get<std::string>();
  if (p.default_value.is_array()) {
    std::string s;
    for (const auto& e : p.default_value) s.append(s.empty() ? "" : ",").append(e.dump());
    return s;
  }
  return p.default_value.dump();
}

}  // namespace

const sim::model_entry* choose_model(const std::vector<std::string>& args, std::string& error) {
  std::string name, config_path;
  for (std::size_t k = 0; k < args.size(); ++k) {
    if (args[k] == "--model" && k + 1 < args.size()) name = args[k + 1];
    if (args[k].rfind("--model=", 0) == 0) name = args[k].substr(8);
    if (args[k] == "--config" && k + 1 < args.size()) config_path = args[k + 1];
  }
  if (name.empty() && !config_path.empty()) {
    nlohmann::json config;
    if (!read_config_json(config_path, config) && config.contains("model") && config["model"].is_string())
      name = config["model"].get<std::string>();
  }
  if (name.empty()) name = sim::default_model;
  if (const auto* m = sim::find_model(name)) return m;
  std::vector<std::string> names;
  for (const auto& m : sim::all_models()) names.push_back(m.name);
  const std::string guess = nearest(name, names);
  error = "invalid model = " + one_line(name) + (guess.empty() ? "" : " (did you mean " + guess + "?)") +
          " (accepted: " + model_names() + ")";
  return nullptr;
}

CLI::App* add_simulate(CLI::App& app, simulate_flags& flags) {
  const auto& m = *flags.model;
  auto* simulate = app.add_subcommand(
      "simulate", "Simulate a model (default: the main paper's two-layer linear net at its synthetic setup) and write "
                  "its tables and metadata.json to --out. This model: " + m.name + ", " + m.description);
  simulate->footer("models: " + model_names() + " (lnsgd models describes them; lnsgd simulate --model NAME --help "
                   "lists one model's parameters)");
  simulate->add_option("--config", flags.config_path,
                       "JSON file of parameters (keys: the flag names with '_' for '-'); flags override it")
      ->check(option_checks::existing_file());
  // A flag given twice takes its last value (so scripts can append overrides); lists take every value.
  simulate->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  for (const auto& p : m.parameters) {
    CLI::Option* opt = nullptr;
    switch (p.kind) {
      case sim::parameter_kind::boolean:
        opt = simulate->add_flag(flag_name(p.name), flags.switches[p.name], p.help);
        break;
      case sim::parameter_kind::integer_list:
        opt = simulate->add_option(flag_name(p.name), flags.lists[p.name], p.help)
                  ->delimiter(',')
                  ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                  ->check(option_checks::integer());
        break;
      default:
        opt = simulate->add_option(flag_name(p.name), flags.text[p.name], p.help)->default_str(default_text(p));
        if (p.kind == sim::parameter_kind::integer) opt->check(option_checks::integer());
        if (p.kind == sim::parameter_kind::number) opt->check(option_checks::number());
        opt->type_name(p.kind == sim::parameter_kind::integer  ? "INT"
                       : p.kind == sim::parameter_kind::number ? "FLOAT"
                                                               : "TEXT");
    }
    flags.options[p.name] = opt;
  }
  return simulate;
}

std::optional<std::string> collect_values(const simulate_flags& flags, nlohmann::json& values,
                                          std::set<std::string>& given) {
  const auto& m = *flags.model;
  values = nlohmann::json::object();
  for (const auto& p : m.parameters) values[p.name] = p.default_value;
  values["model"] = m.name;
  if (!flags.config_path.empty()) {
    nlohmann::json config;
    if (auto error = read_config_json(flags.config_path, config)) return error;
    if (auto error = apply_config(m, config, "config " + flags.config_path, values, given)) return error;
  }
  for (const auto& p : m.parameters) {
    if (flags.options.at(p.name)->count() == 0) continue;
    given.insert(p.name);
    if (p.kind == sim::parameter_kind::boolean) {
      values[p.name] = flags.switches.at(p.name);
    } else if (p.kind == sim::parameter_kind::integer_list) {
      std::string joined;  // the items CLI11 split at commas, parsed as one list
      for (const auto& item : flags.lists.at(p.name)) joined.append(joined.empty() ? "" : ",").append(item);
      values[p.name] = sim::from_text(p, joined);
    } else {
      values[p.name] = sim::from_text(p, flags.text.at(p.name));
    }
  }
  return std::nullopt;
}

}  // namespace lnsgd::cli
