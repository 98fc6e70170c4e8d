#include "simulate_command.hpp"

#include <CLI/Version.hpp>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <thread>

#include "config_json.hpp"
#include "lnsgd/cli/app.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "lnsgd/sim/simulation.hpp"
#include "lnsgd/theory/escape_time.hpp"
#include "lnsgd/theory/lazy_regime.hpp"
#include "build_metadata.hpp"
#include "output/atomic_file.hpp"
#include "output/output_dir.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

using json = nlohmann::json;

std::string stringify(const std::string& label, double value) {
  std::ostringstream s;
  s << label << std::setprecision(4) << value;
  return s.str();
}

// The paper's time scales for this configuration (only meaningful for label-noise SGD with sigma > 0).
json time_scales(const sim::simulation_config& c) {
  const double m = double(c.m);
  json t = {{"lazy_radius", theory::lazy_radius(m)},
            {"eta_times_m", theory::stability_product(m, c.eta)},
            {"eta_times_m_note", "batch-1 SGD at NTK init is stable for eta*m <~ 2 (derived, digest 5.5)"}};
  if (c.dynamics == "label-noise-sgd" && c.sigma > 0) {
    t["escape_time_bound_T1"] = theory::escape_time_bound(m, c.eta, c.sigma);
    t["escape_time_heuristic"] = theory::escape_time_heuristic(m, c.eta, c.sigma);
  }
  return t;
}

json to_json(const sim::trajectory_summary& s) {
  json j = {{"trajectory", s.trajectory},
            {"status", s.diverged ? "diverged" : "completed"},
            {"steps_done", s.steps_done},
            {"escaped_neurons", s.escaped_neurons},
            {"first_escape_step", s.first_escape_step >= 0 ? json(s.first_escape_step) : json(nullptr)},
            {"median_escape_step", s.median_escape_step >= 0 ? json(s.median_escape_step) : json(nullptr)},
            {"all_escaped_step", s.all_escaped_step >= 0 ? json(s.all_escaped_step) : json(nullptr)}};
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

void print_summary(std::ostream& out, const sim::simulation_config& c, const sim::simulation_result& r,
                   const json& scales) {
  out << "lnsgd simulate: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << ", two-layer linear net m="
      << c.m << " d=" << c.d << " n=" << c.n << ", eta=" << c.eta << " sigma=" << c.sigma << " B="
      << (c.full_batch ? c.n : c.batch) << ", " << c.steps << " steps, " << c.precision << ", seed " << c.seed
      << ", " << c.trajectories << " trajectory(ies)\n";
  if (scales.contains("escape_time_bound_T1"))
    out << "  time scales: T1 (Thm 4.2) = " << std::setprecision(4) << scales["escape_time_bound_T1"].get<double>()
        << " steps; heuristic 2/(sqrt(m) eta^2 sigma^2) = " << scales["escape_time_heuristic"].get<double>()
        << " steps; eta*m = " << scales["eta_times_m"].get<double>() << "\n";
  const std::size_t shown = std::min<std::size_t>(r.trajectories.size(), 5);
  for (std::size_t k = 0; k < shown; ++k) {
    const auto& s = r.trajectories[k];
    out << "  trajectory " << s.trajectory << ": ";
    if (s.diverged) {
      out << "DIVERGED at step " << s.diverged_step << " (" << s.divergence_reason << ")\n";
      continue;
    }
    auto value = [&](const std::string& key) {
      for (const auto& [name, v] : s.final_values)
        if (name == key) return v;
      return std::nan("");
    };
    out << stringify("train loss ", value("train_loss")) << stringify(", test loss ", value("test_loss"))
        << stringify(", mean ||w_i||^2 ", value("mean_w_norm2"))
        << stringify(", ||theta - theta*|| ", value("theta_error"))
        << stringify(", min |cos(w_i, theta*)| ", value("min_abs_cos")) << "\n";
    out << "    lazy regime (Def. 4.1): ";
    if (s.all_escaped_step >= 0)
      out << "all " << c.m << " neurons escaped by step " << s.all_escaped_step << " (first at "
          << s.first_escape_step << ", median " << s.median_escape_step << ")";
    else
      out << s.escaped_neurons << " of " << c.m << " neurons escaped"
          << (s.first_escape_step >= 0 ? " (first at step " + std::to_string(s.first_escape_step) + ")" : "");
    out << "\n";
    if (s.max_identity_step_residual)
      out << "    exact identities: max relative residual " << std::setprecision(2)
          << *s.max_identity_step_residual << " (Delta a step), " << *s.max_identity_norm_residual
          << " (norm decomposition)\n";
  }
  if (shown < r.trajectories.size()) out << "  ... " << r.trajectories.size() - shown << " more in metadata.json\n";
}

// Progress on the terminal: steps done, rate, ETA; redrawn five times a second on stderr.
class progress_display {
 public:
  progress_display(sim::progress_counter& counter, std::ostream& err, bool enabled) {
    if (!enabled) return;
    thread_ = std::jthread([&counter, &err](std::stop_token stop) {
      const auto start = std::chrono::steady_clock::now();
      while (!stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double done = double(counter.done.load()), total = double(std::max<std::uint64_t>(counter.total, 1));
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double rate = done / std::max(secs, 1e-9);
        err << "\r  " << std::fixed << std::setprecision(1) << 100.0 * done / total << "%  " << std::scientific
            << std::setprecision(2) << rate << " steps/s  ETA " << std::fixed << std::setprecision(0)
            << (rate > 0 ? (total - done) / rate : 0.0) << " s   " << std::flush;
      }
      err << "\r" << std::string(60, ' ') << "\r" << std::defaultfloat << std::flush;
    });
  }

 private:
  std::jthread thread_;
};

}  // namespace

int simulate_command(const sim::simulation_config& cfg, std::ostream& out, std::ostream& err, bool show_progress) {
  try {
    std::optional<output_dir> dir;
    try {
      dir.emplace(cfg.out, "simulate");
    } catch (const std::exception& e) {
      err << "lnsgd simulate: invalid " << one_line(e.what()) << "\n";
      return exit_code::usage_error;
    }
    sim::progress_counter counter;
    const auto start = std::chrono::steady_clock::now();
    sim::simulation_result result;
    {
      progress_display display(counter, err, show_progress);
      result = sim::run_simulation(cfg, dir->staging(), &counter);
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const json scales = time_scales(cfg);
    json meta;
    meta["command"] = "simulate";
    meta["config"] = config_to_json(cfg);
    meta["seed"] = cfg.seed;
    meta["precision"] = {{"name", cfg.precision}, {"scalar", result.precision_description}};
    meta["libraries"] = libraries();
    meta["time_scales"] = scales;
    meta["files"] = {{"trajectory.csv", "one row per record point and trajectory (columns: docs/simulate.md)"},
                     {"neurons.csv", "per-neuron snapshots: ||w_i||, <w_i, theta*>, a_i, ||w_i - w_i(0)||"},
                     {"escape.csv", "first step at which each neuron left the lazy regime (empty: never)"}};
    json trajectories = json::array();
    for (const auto& s : result.trajectories) trajectories.push_back(to_json(s));
    meta["results"] = {{"status", result.any_diverged() ? "diverged" : "completed"}, {"trajectories", trajectories}};
    // Everything above is a pure function of the config; what follows describes this particular execution.
    meta["run"] = {{"wall_time_s", wall}, {"threads", result.threads_used}, {"finished_utc", utc_now()}};
    output::write_atomically(dir->staging() / "metadata.json", meta.dump(2) + "\n");
    dir->commit();

    print_summary(out, cfg, result, scales);
    out << "wrote " << one_line((dir->final_path() / "metadata.json").string()) << ", trajectory.csv, neurons.csv, escape.csv in "
        << std::setprecision(3) << wall << " s\n";
    if (result.any_diverged()) {
      for (const auto& s : result.trajectories)
        if (s.diverged) {
          err << "lnsgd simulate: trajectory " << s.trajectory << " diverged at step " << s.diverged_step << ": "
              << s.divergence_reason << "\n";
          break;
        }
      return exit_code::diverged;
    }
    return exit_code::ok;
  } catch (const std::exception& e) {
    err << "lnsgd simulate: " << one_line(e.what()) << "\n";
    return exit_code::failure;
  }
}

}  // namespace lnsgd::cli
