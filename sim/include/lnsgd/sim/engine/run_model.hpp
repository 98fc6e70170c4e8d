#pragma once
// The engine's driver: any model that registers a recipe runs here, with every dynamics of the engine, in every
// precision, as an ensemble over OpenMP threads (the same bits for any thread count), through one step loop
// (integrate_steps) and one recorder. A recipe (docs/architecture.md) says how to build the model, its data, its
// loss and its observables from its config; nothing here knows a particular model.
#include <exception>
#include <iomanip>
#include <sstream>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/engine/dynamics.hpp"
#include "lnsgd/sim/engine/engine_config.hpp"
#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "lnsgd/sim/engine/recorder.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "lnsgd/sim/engine/stepping.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/record_schedule.hpp"

namespace lnsgd::sim {

namespace detail {

inline nlohmann::json trajectory_json(std::uint64_t k, const integrate_result& r,
                                      const std::vector<std::pair<std::string, double>>& last) {
  nlohmann::json j = {{"trajectory", k}, {"status", r.diverged ? "diverged" : "completed"}, {"steps_done", r.steps_done}};
  if (r.diverged) j["divergence"] = {{"step", r.diverged_step}, {"reason", r.reason}};
  if (r.resets > 0) j["resets"] = r.resets;
  nlohmann::json fin = nlohmann::json::object();
  for (const auto& [name, v] : last) fin[name] = v;
  j["final"] = fin;
  return j;
}

// One trajectory: initialise from its Philox stream, step, record.
template <class Recipe, class Scalar>
nlohmann::json run_one(const typename Recipe::config& c, const typename Recipe::template model<Scalar>& model,
                       const regression_data<Scalar>& data, const std::vector<std::uint64_t>& records,
                       const std::vector<std::uint64_t>& snapshots, std::uint64_t k, const std::filesystem::path& dir,
                       progress_counter* progress, integrate_result& result) {
  const problem<typename Recipe::template model<Scalar>> sys{model, data, philox_noise(static_cast<std::uint64_t>(c.seed), k)};
  typename Recipe::template model<Scalar>::vector_type theta;
  model.initialize(theta, sys.noise);
  auto obs = Recipe::template make_observables<Scalar>(c, model, data);
  recorder<Scalar, decltype(obs)> out(obs, records, snapshots, k, dir);
  std::uint64_t unreported = 0;
  const auto steps = static_cast<std::uint64_t>(c.steps);
  result = with_engine_stepper(c, model, data, Recipe::template loss<Scalar>(c), [&](auto& stepper) {
    return integrate_steps(stepper, sys, theta, 0, steps, Scalar(c.eta), [&](const auto& state, std::uint64_t t) {
      if (progress && t > 0 && ++unreported == 4096) {
        progress->add(unreported);
        unreported = 0;
      }
      out.write_due(state, t);
    });
  });
  if (progress) progress->add(unreported + (result.diverged ? steps - result.steps_done : 0));
  out.flush();
  return trajectory_json(k, result, out.last_values());
}

}  // namespace detail

// Runs every trajectory of c in Scalar precision into dir: trajectory.csv (and the observables' snapshot table).
template <class Recipe, class Scalar>
run_outcome run_model(const typename Recipe::config& c, const std::filesystem::path& dir, progress_counter* progress) {
  const auto data = Recipe::template make_data<Scalar>(c);
  const auto model = Recipe::template make_model<Scalar>(c, data);
  static_assert(Model<std::remove_cvref_t<decltype(model)>>);
  const auto steps = static_cast<std::uint64_t>(c.steps);
  const auto records = record_steps(c.record == "linear" ? spacing::linear : spacing::log,
                                    static_cast<std::uint64_t>(c.record_points), steps);
  std::vector<std::uint64_t> snapshots(c.snapshots.begin(), c.snapshots.end());
  std::sort(snapshots.begin(), snapshots.end());
  snapshots.erase(std::unique(snapshots.begin(), snapshots.end()), snapshots.end());
  const auto count = static_cast<std::uint64_t>(c.trajectories);
  const int threads = ensemble_threads(c.threads, c.trajectories);
  if (progress) progress->total = steps * count;

  std::vector<nlohmann::json> summaries(count);
  std::vector<integrate_result> results(count);
  std::vector<std::exception_ptr> errors(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(count); ++k) {
    try {
      summaries[k] = detail::run_one<Recipe, Scalar>(c, model, data, records, snapshots, std::uint64_t(k), dir, progress,
                                                     results[k]);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  const auto obs = Recipe::template make_observables<Scalar>(c, model, data);
  std::string header = "trajectory,step";
  for (const auto& col : obs.columns()) header += "," + col;
  merge_parts(dir, "trajectory", header, count);
  if constexpr (HasSnapshots<std::remove_cvref_t<decltype(obs)>>)
    merge_parts(dir, obs.snapshot_table(), obs.snapshot_header(), count);

  run_outcome o;
  nlohmann::json trajectories = nlohmann::json::array();
  for (std::uint64_t k = 0; k < count; ++k) {
    trajectories.push_back(summaries[k]);
    if (results[k].diverged && !o.first_divergence) o.first_divergence = {{k, results[k].diverged_step, results[k].reason}};
  }
  o.results = {{"status", o.first_divergence ? "diverged" : "completed"}, {"trajectories", trajectories}};
  o.precision_description = describe_scalar<Scalar>();
  o.threads_used = threads;
  o.summary = Recipe::summary(c, o);
  return o;
}

// The registry entry of a recipe: its parameters, tables and the engine's run in the precision the config asks.
template <class Recipe>
model_entry engine_entry() {
  static const auto table = Recipe::parameters();
  model_entry e;
  e.name = Recipe::name;
  e.description = Recipe::description;
  e.parameters = table.parameters();
  e.tables = Recipe::tables();
  e.dynamics = engine_dynamics;
  e.small_run = {{"m", 6},
                 {"d", 5},
                 {"n", 8},
                 {"n_test", 8},
                 {"steps", 60},
                 {"sparsity", 2},
                 {"sigma", 0.5},
                 {"trajectories", 3},
                 {"record_points", 20}};
  e.resolve = [](nlohmann::json& values, const std::set<std::string>&) -> std::optional<std::string> {
    auto c = table.read(values);
    resolve_engine_defaults(c);
    if (auto error = validate_engine(c, engine_dynamics)) return error;
    if (auto error = Recipe::validate(c)) return error;
    values = table.write(c);
    return std::nullopt;
  };
  e.memory_needed = [](const nlohmann::json& values, std::int64_t concurrent) {
    return Recipe::memory_needed(table.read(values), concurrent);
  };
  e.run = [](const nlohmann::json& values, const std::filesystem::path& dir, progress_counter* progress) {
    const auto c = table.read(values);
    return with_precision(*parse_precision(c.precision),
                          [&](auto zero) { return run_model<Recipe, decltype(zero)>(c, dir, progress); });
  };
  e.start_session = [](const nlohmann::json& values, std::uint64_t k) {
    const auto c = table.read(values);
    return start_engine_session(
        c, [&] { return Recipe::template make_data<double>(c); },
        [&](const regression_data<double>& data) { return Recipe::template make_model<double>(c, data); },
        Recipe::template loss<double>(c),
        [&](const auto& model, const auto& data) { return Recipe::template make_observables<double>(c, model, data); },
        k);
  };
  return e;
}

}  // namespace lnsgd::sim
