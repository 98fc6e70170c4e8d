#include "lnsgd/cli/app.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <type_traits>

#include "check_commands.hpp"
#include "config_json.hpp"
#include "lnsgd/sim/cuda/ensemble.hpp"
#include "report_command.hpp"
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
                  "trajectory.csv, neurons.csv, escape.csv and metadata.json to --out");
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

  auto* list = app.add_subcommand("list", "List every claim: id, paper reference, one-line statement");
  bool list_json = false;
  list->add_flag("--json", list_json, "print JSON");

  auto* regime = app.add_subcommand(
      "regime", "Condition 1 (A1-A6) for a parameter set: which assumptions hold, which bounds are vacuous, T1, T2, t3");
  checks::parameter_set regime_params;
  regime_params.max_x_norm = -1;
  std::int64_t regime_seed = 1;
  bool regime_json = false;
  regime->add_option("--m", regime_params.m, "width")->capture_default_str()->check(CLI::PositiveNumber);
  regime->add_option("--eta", regime_params.eta, "step size")->capture_default_str()->check(CLI::PositiveNumber);
  regime->add_option("--sigma", regime_params.sigma, "label-noise level")->capture_default_str()->check(CLI::NonNegativeNumber);
  regime->add_option("--n", regime_params.n, "training samples")->capture_default_str()->check(CLI::PositiveNumber);
  regime->add_option("--d", regime_params.d, "input dimension")->capture_default_str()->check(CLI::PositiveNumber);
  regime->add_option("--theta-star-norm", regime_params.theta_star_norm, "||theta*||")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  regime->add_option("--max-x-norm", regime_params.max_x_norm,
                     "max_i ||x_i|| (default: of the synthetic training set drawn with --seed)")
      ->check(CLI::PositiveNumber);
  regime->add_option("--seed", regime_seed, "seed of the synthetic data")->capture_default_str()->check(CLI::NonNegativeNumber);
  regime->add_flag("--json", regime_json, "print JSON");

  auto* check = app.add_subcommand("check", "Run claims and print verdicts (exit 0: nothing violated; 1: something "
                                            "violated or a control not flagged; 2: usage)");
  std::vector<std::string> check_ids;
  std::string check_profile = "quick", check_json;
  check->add_option("ids", check_ids, "claim ids (default: all; see lnsgd list)");
  check->add_option("--profile", check_profile, "quick (seconds) or full (the paper's setup, larger ensembles)")
      ->capture_default_str()
      ->check(CLI::IsMember({"quick", "full"}));
  check->add_option("--json", check_json, "also write every verdict with its evidence to this file");

  auto* report = app.add_subcommand(
      "report", "Run the claims and write the bound-vs-simulation report: index.html with figures, results.json, the "
                "CSV behind every figure and summary.md (exit 0: written; 2: bad input or no matplotlib)");
  report_options report_opts;
  report->add_option("--profile", report_opts.profile,
                     "full (the paper's setup, ~2.5 minutes on 2 cores) or quick (seconds, small sizes)")
      ->capture_default_str()
      ->check(CLI::IsMember({"quick", "full"}));
  report->add_option("--claims", report_opts.claims, "claim ids to run (default: all; see lnsgd list)");
  report->add_option("--out", report_opts.out, "report folder (replaced if it holds a previous report)")
      ->capture_default_str();
  report->add_option("--from", report_opts.from,
                     "redraw the figures and page from a previous report's results.json and data/ (runs nothing)")
      ->check(CLI::ExistingDirectory);
  report->add_flag("--quiet", report_opts.quiet, "no progress display");

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
    if (cfg.backend == "cuda") {
      if (auto why = sim::cuda::unavailable()) {
        err << "lnsgd simulate: invalid backend = cuda: " << *why << " (accepted: cpu)\n";
        return exit_code::usage_error;
      }
    }
    return simulate_command(cfg, out, err, interactive && !cfg.quiet);
  }
  if (list->parsed()) return list_command(out, list_json);
  if (regime->parsed()) return regime_command(regime_params, static_cast<std::uint64_t>(regime_seed), regime_json, out);
  if (report->parsed()) {
    if (!report_opts.from.empty() && !report_opts.claims.empty()) {
      err << "lnsgd report: --claims = " << report_opts.claims.front()
          << " cannot be used with --from (accepted: one of them)\n";
      return exit_code::usage_error;
    }
    return report_command(report_opts, out, err, interactive);
  }
  if (check->parsed()) return check_command(check_ids, check_profile, check_json, out, err);
  return exit_code::usage_error;
}

}  // namespace lnsgd::cli
