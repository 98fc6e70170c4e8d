#include "lnsgd/cli/app.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <type_traits>

#include "config_json.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "simulate_command.hpp"
#include "simulation_fields.hpp"

namespace lnsgd::cli {
namespace {

std::string flag_name(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return "--" + name;
}

// A parse error on one line: CLI11's message, which names the option, plus where to look.
int parse_error(const CLI::ParseError& e, const CLI::App& app, std::ostream& out, std::ostream& err) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {  // --help, --version
    return app.exit(e, out, err) == 0 ? exit_code::ok : exit_code::usage_error;
  }
  err << "lnsgd: " << e.what() << " (see lnsgd --help)\n";
  return exit_code::usage_error;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool interactive) {
  CLI::App app{"lnsgd: executable checks and simulations for the theory of label-noise SGD", "lnsgd"};
  app.set_version_flag("--version", std::string("lnsgd ") + build_info::version + " (" + build_info::git + ")");
  app.require_subcommand(1);

  sim::simulation_config flags;
  std::string config_path;
  std::map<std::string, CLI::Option*> options;
  auto* simulate = app.add_subcommand(
      "simulate", "Simulate the main paper's dynamics (default: its synthetic setup, label-noise SGD) and write "
                  "trajectory.csv, neurons.csv and metadata.json to --out");
  simulate->add_option("--config", config_path,
                       "JSON file of parameters (keys: the flag names with '_' for '-'); flags override it")
      ->check(CLI::ExistingFile);
  // A flag given twice takes its last value (so scripts can append overrides); lists take every value.
  simulate->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  visit_simulation_fields([&](const char* name, auto member, const char* help) {
    using T = std::remove_reference_t<decltype(flags.*member)>;
    if constexpr (std::is_same_v<T, bool>) {
      options[name] = simulate->add_flag(flag_name(name), flags.*member, help);
    } else {
      auto* opt = simulate->add_option(flag_name(name), flags.*member, help)->capture_default_str();
      if constexpr (std::is_same_v<T, std::vector<std::int64_t>>)
        opt->delimiter(',')->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      options[name] = opt;
    }
  });

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the arguments in reverse order
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return parse_error(e, app, out, err);
  }

  if (simulate->parsed()) {
    sim::simulation_config cfg;
    std::set<std::string> given;
    if (!config_path.empty()) {
      if (auto error = load_config_json(config_path, cfg, given)) {
        err << "lnsgd simulate: " << *error << "\n";
        return exit_code::usage_error;
      }
    }
    visit_simulation_fields([&](const char* name, auto member, const char*) {
      if (options[name]->count() > 0) {
        cfg.*member = flags.*member;
        given.insert(name);
      }
    });
    sim::resolve_defaults(cfg, given.count("m") > 0);
    if (auto error = sim::validate(cfg)) {
      err << "lnsgd simulate: invalid " << *error << "\n";
      return exit_code::usage_error;
    }
    return simulate_command(cfg, out, err, interactive && !cfg.quiet);
  }
  return exit_code::usage_error;
}

}  // namespace lnsgd::cli
