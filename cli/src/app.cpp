#include "lnsgd/cli/app.hpp"

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
#include "memory_check.hpp"
#include "models_command.hpp"
#include "option_checks.hpp"
#include "report_command.hpp"
#include "simulate_command.hpp"
#include "simulate_options.hpp"
#include "sweep_command.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

namespace oc = option_checks;

const std::vector<std::string> command_names = {"simulate", "sweep", "models", "list", "regime", "check", "report"};

// Every option of the command line, as the parser fills them in.
struct inputs {
  simulate_flags simulate;
  bool list_json = false;
  std::vector<std::string> model_names;
  bool models_json = false;
  checks::parameter_set regime;
  std::int64_t regime_m = 1000, regime_n = 200, regime_d = 20, regime_seed = 1;
  bool regime_json = false;
  std::vector<std::string> check_ids;
  std::string check_profile = "quick", check_json, check_paper;
  report_options report;
  sweep_flags sweep;
};

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
  check->add_option("--paper", in.check_paper, "run one paper's claims (lnsgd list shows the papers)");
  return check;
}

CLI::App* add_report(CLI::App& app, inputs& in) {
  auto* report = app.add_subcommand(
      "report", "Run the claims and write the bound-vs-simulation report: index.html with figures, results.json, the "
                "CSV behind every figure and summary.md (exit 0: written; 2: bad input or no matplotlib)");
  auto& o = in.report;
  report->add_option("--profile", o.profile, "full (the papers' setups, ~50 minutes on 2 cores) or quick (seconds)")
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

CLI::App* add_sweep(CLI::App& app, inputs& in) {
  auto* sweep = app.add_subcommand(
      "sweep",
      "Run one model over a grid (or list) of parameter values and seeds: one tidy table sweep.csv, each "
      "run's metadata under cells/, resumable after a kill (exit 0: all finished; 3: some cells failed or "
      "diverged, see their rows; 2: bad spec or --out). Spec: {\"base\": {config keys}, \"grid\": "
      "{\"key\": [values]}, \"seeds\": [...]} or \"list\": [{...}] (docs/sweep.md)");
  auto& f = in.sweep;
  sweep->add_option("spec", f.spec, "the sweep's JSON spec")->required()->check(oc::existing_file());
  sweep->add_option("--out", f.out, "sweep folder (run again with the same spec to resume)")->capture_default_str();
  sweep->add_option("--threads", f.threads, "cells run at once (0: every core); the table never depends on it")
      ->capture_default_str()
      ->check(oc::integer());
  sweep->add_flag("--quiet", f.quiet, "no progress display");
  return sweep;
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

// The first argument no option took, as a one-line error with the nearest option name, or the model that takes it;
// nullopt if none.
std::optional<std::string> unexpected_argument(const CLI::App& app, const CLI::App* command,
                                               const sim::model_entry& model) {
  const auto left = app.remaining(true);
  if (left.empty()) return std::nullopt;
  const std::string& arg = left.front();
  std::string hint;
  if (command && command->get_name() == "simulate" && arg.rfind("--", 0) == 0) {
    std::string key = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
    std::replace(key.begin(), key.end(), '-', '_');
    if (const std::string other = model_accepting(key, model); !other.empty())
      hint = " (a parameter of " + other + ", not of " + model.name + ": choose one with --model)";
  }
  if (hint.empty()) {
    std::vector<std::string> names;
    if (command)
      for (const auto* opt : command->get_options())
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    if (const std::string guess = nearest(arg, names); !guess.empty()) hint = " (did you mean " + guess + "?)";
  }
  return "unknown argument " + one_line(arg) + hint + " (see lnsgd " + (command ? command->get_name() + " " : "") +
         "--help)";
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
  const auto fail = [&](const std::string& message) {
    err << "lnsgd simulate: " << one_line(message) << "\n";
    return exit_code::usage_error;
  };
  const auto& model = *in.simulate.model;
  nlohmann::json values;
  std::set<std::string> given;
  if (auto error = collect_values(in.simulate, values, given)) return fail(*error);
  return resolve_and_simulate(model, std::move(values), given, out, err, interactive);
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
  if (!args.empty() && args.front() == "simulate") {
    std::string error;
    in.simulate.model = choose_model(args, error);
    if (!in.simulate.model) {
      err << "lnsgd simulate: " << error << "\n";
      return exit_code::usage_error;
    }
  } else {
    in.simulate.model = sim::find_model(sim::default_model);
  }
  auto* simulate = add_simulate(app, in.simulate);
  auto* models = app.add_subcommand("models", "List the models lnsgd simulates; with a name, that model's parameters");
  models->add_option("names", in.model_names, "model names (default: all)");
  models->add_flag("--json", in.models_json, "print JSON");
  auto* list = app.add_subcommand("list", "List every claim: id, paper reference, one-line statement");
  list->add_flag("--json", in.list_json, "print JSON");
  auto* regime = add_regime(app, in);
  auto* check = add_check(app, in);
  auto* report = add_report(app, in);
  auto* sweep = add_sweep(app, in);
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
  if (auto error = unexpected_argument(app, subs.empty() ? nullptr : subs.front(), *in.simulate.model)) {
    err << "lnsgd" << (subs.empty() ? "" : " " + subs.front()->get_name()) << ": " << *error << "\n";
    return exit_code::usage_error;
  }

  if (simulate->parsed()) return run_simulate(in, out, err, interactive);
  if (sweep->parsed()) return sweep_command(in.sweep, out, err, interactive);
  if (list->parsed()) return list_command(out, in.list_json);
  if (models->parsed()) return models_command(in.model_names, in.models_json, out, err);
  if (regime->parsed()) return run_regime(in, out, err);
  if (report->parsed()) {
    if (!in.report.from.empty() && !in.report.claims.empty()) {
      err << "lnsgd report: --claims = " << one_line(in.report.claims.front())
          << " cannot be used with --from (accepted: one of them)\n";
      return exit_code::usage_error;
    }
    return report_command(in.report, out, err, interactive);
  }
  if (check->parsed()) return check_command(in.check_ids, in.check_paper, in.check_profile, in.check_json, out, err);
  return exit_code::usage_error;
}

}  // namespace lnsgd::cli
