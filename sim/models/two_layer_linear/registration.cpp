// The main paper's model in the registry: the two-layer linear net f(x) = a^T W x on its synthetic data (Zhang et
// al. 2026, Eq. 2), run by its own driver (sim/src/simulation_impl.hpp: the lazy-regime tracking, the block kernels,
// the CUDA ensemble). Its summary names the paper's time scales (theory/).
#include <iomanip>
#include <sstream>

#include "lnsgd/sim/cuda/ensemble.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "lnsgd/sim/engine/stepping.hpp"
#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "parameters.hpp"

namespace lnsgd::sim::models {
namespace {

using json = nlohmann::json;

parameter_table<simulation_config> table() {
  parameter_table<simulation_config> t;
  visit_simulation_fields([&](const char* name, auto member, const char* help) {
    t.add(name, member, help, std::string(name) == "theta_star_norm");
  });
  return t;
}

// The paper's time scales for this configuration (only meaningful for label-noise SGD with sigma > 0).
json time_scales(const simulation_config& c) {
  const double m = double(c.m);
  json t = {{"lazy_radius", theory::lazy_radius(m)},
            {"eta_times_m", theory::stability_product(m, c.eta)},
            {"eta_times_m_note",
             "batch-1 SGD at NTK init is stable for eta*m <~ 2 (derived, docs/derivations.md section 7)"}};
  if (c.dynamics == "label-noise-sgd" && c.sigma > 0) {
    t["escape_time_bound_T1"] = theory::escape_time_bound(m, c.eta, c.sigma);
    t["escape_time_heuristic"] = theory::escape_time_heuristic(m, c.eta, c.sigma);
  }
  return t;
}

json to_json(const simulation_config& c, const trajectory_summary& s) {
  json j = {{"trajectory", s.trajectory},
            {"status", s.diverged ? "diverged" : "completed"},
            {"steps_done", s.steps_done},
            {"escaped_neurons", s.escaped_neurons},
            {"first_escape_step", s.first_escape_step >= 0 ? json(s.first_escape_step) : json(nullptr)},
            {"median_escape_step", s.median_escape_step >= 0 ? json(s.median_escape_step) : json(nullptr)},
            {"all_escaped_step", s.all_escaped_step >= 0 ? json(s.all_escaped_step) : json(nullptr)},
            {"half_escaped_step", s.half_escaped_step >= 0 ? json(s.half_escaped_step) : json(nullptr)}};
  if (c.stop_escaped_fraction > 0) j["stopped"] = s.stopped;  // false: the step cap came first
  if (s.diverged) j["divergence"] = {{"step", s.diverged_step}, {"reason", s.divergence_reason}};
  json fin = json::object();
  for (const auto& [k, v] : s.final_values) fin[k] = v;
  j["final"] = fin;
  if (s.lazy_phase_delta_w) {
    const auto& d = *s.lazy_phase_delta_w;
    j["lazy_phase_delta_w"] = {{"count", d.count},
                               {"frac_nonpositive", d.frac_nonpositive},
                               {"frac_below_sigma4", d.frac_below_sigma4},
                               {"max_positive", d.max_positive ? json(*d.max_positive) : json(nullptr)}};
  }
  if (s.max_identity_step_residual)
    j["identity_residuals"] = {{"step_identity_max", *s.max_identity_step_residual},
                               {"norm_decomposition_max", *s.max_identity_norm_residual}};
  return j;
}

std::string stringify(const std::string& label, double value) {
  std::ostringstream s;
  s << label << std::setprecision(4) << value;
  return s.str();
}

void print_trajectory(std::ostream& out, const simulation_config& c, const trajectory_summary& s) {
  out << "  trajectory " << s.trajectory << ": ";
  if (s.diverged) {
    out << "DIVERGED at step " << s.diverged_step << " (" << s.divergence_reason << ")\n";
    return;
  }
  auto value = [&](const std::string& key) {
    for (const auto& [name, v] : s.final_values)
      if (name == key) return v;
    return std::nan("");
  };
  out << stringify("train loss ", value("train_loss")) << stringify(", test loss ", value("test_loss"))
      << stringify(", mean ||w_i||^2 ", value("mean_w_norm2")) << stringify(", ||theta - theta*|| ", value("theta_error"))
      << stringify(", min |cos(w_i, theta*)| ", value("min_abs_cos")) << "\n";
  out << "    lazy regime (Def. 4.1): ";
  if (s.all_escaped_step >= 0)
    out << "all " << c.m << " neurons escaped by step " << s.all_escaped_step << " (first at " << s.first_escape_step
        << ", median " << s.median_escape_step << ")";
  else
    out << s.escaped_neurons << " of " << c.m << " neurons escaped"
        << (s.first_escape_step >= 0 ? " (first at step " + std::to_string(s.first_escape_step) + ")" : "");
  if (c.stop_escaped_fraction > 0)
    out << (s.stopped ? "; stopped at step " + std::to_string(s.steps_done) + " (stop_escaped_fraction reached)"
                      : "; NOT stopped: the step cap came before stop_escaped_fraction");
  out << "\n";
  if (s.max_identity_step_residual)
    out << "    exact identities: max relative residual " << std::setprecision(2) << *s.max_identity_step_residual
        << " (Delta a step), " << *s.max_identity_norm_residual << " (norm decomposition)\n";
}

std::string summary(const simulation_config& c, const simulation_result& r, const json& scales) {
  std::ostringstream out;
  out << "lnsgd simulate: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << ", two-layer linear net m="
      << c.m << " d=" << c.d << " n=" << c.n << ", eta=" << c.eta << " sigma=" << c.sigma << " B="
      << (c.full_batch ? c.n : c.batch) << ", " << c.steps << " steps, " << c.precision << ", seed " << c.seed << ", "
      << c.trajectories << " trajectory(ies)\n";
  if (scales.contains("escape_time_bound_T1"))
    out << "  time scales: T1 (Thm 4.2) = " << std::setprecision(4) << scales["escape_time_bound_T1"].get<double>()
        << " steps; heuristic 2/(sqrt(m) eta^2 sigma^2) = " << scales["escape_time_heuristic"].get<double>()
        << " steps; eta*m = " << scales["eta_times_m"].get<double>() << "\n";
  const std::size_t shown = std::min<std::size_t>(r.trajectories.size(), 5);
  for (std::size_t k = 0; k < shown; ++k) print_trajectory(out, c, r.trajectories[k]);
  if (shown < r.trajectories.size()) out << "  ... " << r.trajectories.size() - shown << " more in metadata.json\n";
  return out.str();
}

std::optional<std::string> resolve(const parameter_table<simulation_config>& t, json& values,
                                   const std::set<std::string>& given) {
  auto cfg = t.read(values);
  if (auto error = resolve_defaults(cfg, given.count("m") > 0)) return error;
  if (auto error = validate(cfg)) return error;
  if (cfg.backend == "cuda")
    if (auto why = cuda::unavailable()) return "backend = cuda: " + *why + " (accepted: cpu)";
  values = t.write(cfg);
  return std::nullopt;
}

run_outcome run(const parameter_table<simulation_config>& t, const json& values, const std::filesystem::path& dir,
                progress_counter* progress) {
  const auto cfg = t.read(values);
  const auto result = run_simulation(cfg, dir, progress);
  run_outcome o;
  json trajectories = json::array();
  for (const auto& s : result.trajectories) {
    trajectories.push_back(to_json(cfg, s));
    if (s.diverged && !o.first_divergence) o.first_divergence = {{s.trajectory, s.diverged_step, s.divergence_reason}};
  }
  o.results = {{"status", result.any_diverged() ? "diverged" : "completed"}, {"trajectories", trajectories}};
  o.extra["time_scales"] = time_scales(cfg);
  o.precision_description = result.precision_description;
  o.threads_used = result.threads_used;
  o.summary = summary(cfg, result, o.extra["time_scales"]);
  return o;
}

// Trajectory k step by step (engine/stepping.hpp): the data, model and initialisation of run(), in double; the
// oscillation chain is not an engine stepper and is refused.
std::unique_ptr<stepping_session> start_session(const simulation_config& c, std::uint64_t k) {
  const auto data = [&] {
    return make_synthetic_data<double>(c.n, c.n_test, c.d, theta_star_norm_value(c),
                                       static_cast<std::uint64_t>(c.data_seed));
  };
  const squared_loss<double> loss{};
  return start_engine_session(
      c, data, [&](const regression_data<double>&) { return two_layer_linear<double>(c.m, c.d); }, loss,
      [&](const auto& model, const auto& d) {
        return loss_observables<two_layer_linear<double>, squared_loss<double>>(model, d, loss);
      },
      k);
}

}  // namespace

model_entry two_layer_linear_entry() {
  static const auto t = table();
  model_entry e;
  e.name = "two-layer-linear";
  e.description = "the main paper's two-layer linear net f(x) = a^T W x (Zhang et al. 2026, Eq. 2) on synthetic "
                  "data y = theta*^T x";
  e.parameters = t.parameters();
  e.dynamics = {"label-noise-sgd", "sam", "gradient-flow", "sde", "sde-full", "oscillation"};
  e.small_run = {{"m", 6},
                 {"d", 5},
                 {"n", 8},
                 {"n_test", 8},
                 {"steps", 60},
                 {"sigma", 0.5},
                 {"trajectories", 3},
                 {"record_points", 20}};
  e.tables = {{"trajectory.csv", "one row per record point and trajectory (columns: docs/simulate.md)"},
              {"neurons.csv", "per-neuron snapshots: ||w_i||, <w_i, theta*>, a_i, ||w_i - w_i(0)||"},
              {"escape.csv", "first step at which each neuron left the lazy regime (empty: never)"}};
  e.resolve = [](json& values, const std::set<std::string>& given) { return resolve(t, values, given); };
  e.memory_needed = [](const json& values, std::int64_t concurrent) {
    return sim::memory_needed(t.read(values), concurrent);
  };
  e.run = [](const json& values, const std::filesystem::path& dir, progress_counter* progress) {
    return run(t, values, dir, progress);
  };
  e.start_session = [](const json& values, std::uint64_t k) { return start_session(t.read(values), k); };
  return e;
}

}  // namespace lnsgd::sim::models
