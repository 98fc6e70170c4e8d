#include "lnsgd/cli/app.hpp"

#include <omp.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <type_traits>

#include "check_commands.hpp"
#include "config_json.hpp"
#include "interrupts.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "lnsgd/sim/cuda/ensemble.hpp"
#include "memory_check.hpp"
#include "option_checks.hpp"
#include "report_command.hpp"
#include "simulate_command.hpp"
#include "simulation_fields.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

namespace oc = option_checks;

const std::vector<std::string> command_names = {"simulate", "list", "regime", "check", "report"};

std::string flag_name(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return "--" + name;
}

// Every option of the command line, as the parser fills them in.
struct inputs {
  sim::simulation_config flags;
  std::string config_path;
  std::map<std::string, CLI::Option*> simulate_options;
  bool list_json = false;
  checks::parameter_set regime;
  std::int64_t regime_m = 1000, regime_n = 200, regime_d = 20, regime_seed = 1;
  bool regime_json = false;
  std::vector<std::string> check_ids;
  std::string check_profile = "quick", check_json;
  report_options report;
};

CLI::App* add_simulate(CLI::App& app, inputs& in) {
  auto* simulate = app.add_subcommand(
      "simulate", "Simulate the main paper's dynamics (default: its synthetic setup, label-noise SGD) and write "
                  "trajectory.csv, neurons.csv, escape.csv and metadata.json to --out");
  simulate->add_option("--config", in.config_path,
                       "JSON file of parameters (keys: the flag names with '_' for '-'); flags override it")
      ->check(oc::existing_file());
  // A flag given twice takes its last value (so scripts can append overrides); lists take every value.
  simulate->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  visit_simulation_fields([&](const char* name, auto member, const char* help) {
    using T = std::remove_reference_t<decltype(in.flags.*member)>;
    if constexpr (std::is_same_v<T, bool>) {
      in.simulate_options[name] = simulate->add_flag(flag_name(name), in.flags.*member, help);
    } else {
      auto* opt = simulate->add_option(flag_name(name), in.flags.*member, help)->capture_default_str();
      opt->check(oc::for_type<T>());
      if constexpr (std::is_same_v<T, std::vector<std::int64_t>>)
        opt->delimiter(',')->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      in.simulate_options[name] = opt;
    }
  });
  return simulate;
}

CLI::App* add_regime(CLI::App& app, inputs& in) {
  auto* regime = app.add_subcommand(
      "regime", "Condition 1 (A1-A6) for a parameter set: which assumptions hold, which bounds are vacuous, T1, T2, t3");
  auto& p = in.regime;
  p.max_x_norm = -1;
  regime->add_option("--m", in.regime_m, "width")->capture_default_str()->check(oc::positive_integer());
  regime->add_option("--eta", p.eta, "step size")->capture_default_str()->check(oc::finite_positive());
  regime->add_option("--sigma", p.sigma, "label-noise level")->capture_default_str()->check(oc::finite_nonnegative());
  regime->add_option("--n", in.regime_n, "training samples")->capture_default_str()->check(oc::positive_integer());
  regime->add_option("--d", in.regime_d, "input dimension")->capture_default_str()->check(oc::positive_integer());
  regime->add_option("--theta-star-norm", p.theta_star_norm, "||theta*||")
      ->capture_default_str()
      ->check(oc::finite_positive());
  regime->add_option("--max-x-norm", p.max_x_norm,
                     "max_i ||x_i|| (default: of the synthetic training set drawn with --seed)")
      ->check(oc::finite_positive());
  regime->add_option("--seed", in.regime_seed, "seed of the synthetic data")->capture_default_str()->check(oc::integer());
  regime->add_flag("--json", in.regime_json, "print JSON");
  return regime;
}

CLI::App* add_check(CLI::App& app, inputs& in) {
  auto* check = app.add_subcommand("check", "Run claims and print verdicts (exit 0: nothing violated; 1: something "
                                            "violated or a control not flagged; 2: usage)");
  check->add_option("ids", in.check_ids, "claim ids (default: all; see lnsgd list)");
  check->add_option("--profile", in.check_profile, "quick (seconds) or full (the paper's setup, larger ensembles)")
      ->capture_default_str()
      ->check(oc::one_of({"quick", "full"}));
  check->add_option("--json", in.check_json, "also write every verdict with its evidence to this file");
  return check;
}

CLI::App* add_report(CLI::App& app, inputs& in) {
  auto* report = app.add_subcommand(
      "report", "Run the claims and write the bound-vs-simulation report: index.html with figures, results.json, the "
                "CSV behind every figure and summary.md (exit 0: written; 2: bad input or no matplotlib)");
  auto& o = in.report;
  report->add_option("--profile", o.profile, "full (the paper's setup, ~2.5 minutes on 2 cores) or quick (seconds)")
      ->capture_default_str()
      ->check(oc::one_of({"quick", "full"}));
  report->add_option("--claims", o.claims, "claim ids to run (default: all; see lnsgd list)");
  report->add_option("--out", o.out, "report folder (replaced only if it holds exactly a previous report)")
      ->capture_default_str();
  report->add_option("--from", o.from,
                     "redraw the figures and page from a previous report's results.json and data/ (runs nothing)")
      ->check(oc::existing_folder());
  report->add_flag("--quiet", o.quiet, "no progress display");
  return report;
}

// A parse error on one line: which option, which value, what is accepted, and where to look.
int parse_error(const CLI::ParseError& e, const CLI::App& app, const std::string& command, std::ostream& out,
                std::ostream& err) {
  if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))  // --help, --version
    return app.exit(e, out, err) == 0 ? exit_code::ok : exit_code::usage_error;
  std::string what = e.what();
  // Every validator's message is "<value> (accepted: ...)", which CLI11 prefixes with "<option>: ".
  if (dynamic_cast<const CLI::ValidationError*>(&e))
    if (const auto at = what.find(": "); at != std::string::npos) what = "invalid " + what.replace(at, 2, " = ");
  err << "lnsgd" << (command.empty() ? "" : " " + command) << ": " << one_line(what) << " (see lnsgd "
      << (command.empty() ? "" : command + " ") << "--help)\n";
  return exit_code::usage_error;
}

// The first argument no option took, as a one-line error with the nearest option name; nullopt if none.
std::optional<std::string> unexpected_argument(const CLI::App& app, const CLI::App* command) {
  const auto left = app.remaining(true);
  if (left.empty()) return std::nullopt;
  std::vector<std::string> names;
  if (command)
    for (const auto* opt : command->get_options())
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
  const std::string guess = nearest(left.front(), names);
  return "unknown argument " + one_line(left.front()) + (guess.empty() ? "" : " (did you mean " + guess + "?)") +
         " (see lnsgd " + (command ? command->get_name() + " " : "") + "--help)";
}

// args[0] when it is not a command (a typo such as "simulat"), as a one-line error; nullopt otherwise.
std::optional<std::string> unknown_command(const std::vector<std::string>& args) {
  std::string names;
  for (const auto& c : command_names) names.append(names.empty() ? "" : ", ").append(c);
  if (args.empty()) return "a command is required (accepted: " + names + "; see lnsgd --help)";
  const std::string& first = args.front();
  if (first.empty() || first[0] == '-' ||
      std::find(command_names.begin(), command_names.end(), first) != command_names.end())
    return std::nullopt;
  const std::string guess = nearest(first, command_names);
  return "unknown command " + one_line(first) + (guess.empty() ? "" : " (did you mean " + guess + "?)") +
         " (accepted: " + names + ")";
}

int run_simulate(inputs& in, std::ostream& out, std::ostream& err, bool interactive) {
  sim::simulation_config cfg;
  std::set<std::string> given;
  const auto fail = [&](const std::string& message) {
    err << "lnsgd simulate: " << one_line(message) << "\n";
    return exit_code::usage_error;
  };
  if (!in.config_path.empty())
    if (auto error = load_config_json(in.config_path, cfg, given)) return fail(*error);
  visit_simulation_fields([&](const char* name, auto member, const char*) {
    if (in.simulate_options[name]->count() > 0) {
      cfg.*member = in.flags.*member;
      given.insert(name);
    }
  });
  if (auto error = sim::resolve_defaults(cfg, given.count("m") > 0)) return fail("invalid " + *error);
  if (auto error = sim::validate(cfg)) return fail("invalid " + *error);
  if (cfg.backend == "cuda")
    if (auto why = sim::cuda::unavailable()) return fail("invalid backend = cuda: " + *why + " (accepted: cpu)");
  const std::int64_t concurrent = cfg.threads > 0 ? cfg.threads : omp_get_max_threads();
  const std::string fields = "m = " + std::to_string(cfg.m) + ", d = " + std::to_string(cfg.d) + ", n = " +
                             std::to_string(cfg.n) + ", n_test = " + std::to_string(cfg.n_test) + ", trajectories = " +
                             std::to_string(cfg.trajectories) + ", precision = " + cfg.precision;
  if (auto error = too_big(sim::memory_needed(cfg, concurrent), fields,
                           "m, d, n, n_test, trajectories, threads or precision"))
    return fail("invalid " + *error);
  return simulate_command(cfg, out, err, interactive && !cfg.quiet);
}

int run_regime(inputs& in, std::ostream& out, std::ostream& err) {
  auto p = in.regime;
  p.m = double(in.regime_m);
  p.n = double(in.regime_n);
  p.d = double(in.regime_d);
  if (p.max_x_norm < 0) {  // the synthetic training set is drawn: it must fit
    const double bytes = 8.0 * (double(in.regime_n) + 1) * (double(in.regime_d) + 1) * 2;
    if (auto error = too_big(bytes, "n = " + std::to_string(in.regime_n) + ", d = " + std::to_string(in.regime_d),
                             "n or d, or give --max-x-norm")) {
      err << "lnsgd regime: invalid " << one_line(*error) << "\n";
      return exit_code::usage_error;
    }
  }
  return regime_command(p, static_cast<std::uint64_t>(in.regime_seed), in.regime_json, out);
}

}  // namespace

void install_interrupt_handling() { interrupts::install(); }

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool interactive) {
  if (auto error = unknown_command(args)) {
    err << "lnsgd: " << *error << "\n";
    return exit_code::usage_error;
  }
  CLI::App app{"lnsgd: executable checks and simulations for the theory of label-noise SGD", "lnsgd"};
  app.set_version_flag("--version", std::string("lnsgd ") + build_info::version + " (" + build_info::git + ")");
  app.require_subcommand(1);
  inputs in;
  auto* simulate = add_simulate(app, in);
  auto* list = app.add_subcommand("list", "List every claim: id, paper reference, one-line statement");
  list->add_flag("--json", in.list_json, "print JSON");
  auto* regime = add_regime(app, in);
  auto* check = add_check(app, in);
  auto* report = add_report(app, in);
  for (auto* sub : app.get_subcommands({})) sub->allow_extras();  // reported below, with the nearest option

  const std::string command = args.empty() ? "" : args.front();
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes the arguments in reverse order
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const bool known = std::find(command_names.begin(), command_names.end(), command) != command_names.end();
    return parse_error(e, app, known ? command : "", out, err);
  }
  const auto subs = app.get_subcommands();
  if (auto error = unexpected_argument(app, subs.empty() ? nullptr : subs.front())) {
    err << "lnsgd" << (subs.empty() ? "" : " " + subs.front()->get_name()) << ": " << *error << "\n";
    return exit_code::usage_error;
  }

  if (simulate->parsed()) return run_simulate(in, out, err, interactive);
  if (list->parsed()) return list_command(out, in.list_json);
  if (regime->parsed()) return run_regime(in, out, err);
  if (report->parsed()) {
    if (!in.report.from.empty() && !in.report.claims.empty()) {
      err << "lnsgd report: --claims = " << one_line(in.report.claims.front())
          << " cannot be used with --from (accepted: one of them)\n";
      return exit_code::usage_error;
    }
    return report_command(in.report, out, err, interactive);
  }
  if (check->parsed()) return check_command(in.check_ids, in.check_profile, in.check_json, out, err);
  return exit_code::usage_error;
}

}  // namespace lnsgd::cli
