// The first-passage searcher with Poisson resetting in the registry (--model drift-diffusion; Bae, Song, Jeong, Eq.
// 5; docs/models.md): an ensemble of searchers through the engine's step loop, with the first-passage stop
// predicate and the reset hook; passage.csv per trajectory, the first-passage summary (censored runs counted, never
// averaged in) and Eq. 5's prediction in metadata.json.
#include <iomanip>
#include <sstream>

#include "drift_diffusion/searcher.hpp"
#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/ensemble_mean.hpp"
#include "lnsgd/theory/bae_resetting/first_passage.hpp"
#include "lnsgd/theory/bae_resetting/sphere_passage.hpp"

namespace lnsgd::sim::models {
namespace {

using detail::bad;
using detail::show;

struct drift_diffusion_config {
  std::string model = "drift-diffusion";
  std::string dynamics = "exact-increments";
  double drift = 0.5, diffusion = 0.5, target = 1, reset_rate = 0.5, reset_point = 0, dt = 1e-3;
  std::int64_t dimension = 1;
  double target_radius = 0;
  std::int64_t steps = 1000000;  // the cap: a trajectory not at the target by steps * dt is censored
  bool bridge = true;
  std::int64_t path_steps = 100;
  std::int64_t seed = 1, trajectories = 1000, threads = 0;
  std::string precision = "double";
  std::string out = "lnsgd-out";
  bool quiet = false;
};

const parameter_table<drift_diffusion_config>& table() {
  using C = drift_diffusion_config;
  static const auto t = [] {
    parameter_table<C> p;
    p.add("model", &C::model, "the model (lnsgd models lists them)")
        .add("dynamics", &C::dynamics, "exact-increments (x += v dt + sqrt(2 D dt) xi, exact at the grid times)")
        .add("drift", &C::drift, "v: drift toward the target (<= 0: away from it, or none)")
        .add("diffusion", &C::diffusion, "D > 0: diffusion coefficient")
        .add("target", &C::target, "L > 0: distance of the target from the start (the reset point)")
        .add("dimension", &C::dimension,
             "d: 1 (a line, the target the half-line x >= L) or more (the target a ball of radius target_radius "
             "whose nearest point is at distance L along e_1; the drift along e_1)")
        .add("target_radius", &C::target_radius, "a > 0: the target ball's radius (dimension >= 2)")
        .add("reset_rate", &C::reset_rate, "gamma >= 0: Poisson resetting rate (per unit time)")
        .add("reset_point", &C::reset_point,
             "where a reset puts the searcher along e_1, < L (Eq. 5 assumes 0, the start; elsewhere no formula)")
        .add("dt", &C::dt, "time step")
        .add("steps", &C::steps, "step cap: a searcher not at the target by steps * dt is censored")
        .add("bridge", &C::bridge, "detect crossings inside a step by the Brownian-bridge probability")
        .add("path_steps", &C::path_steps, "trajectory.csv holds each searcher's path over its first path_steps steps")
        .add("seed", &C::seed, "seed of the increments and resets (trajectory k uses stream k)")
        .add("trajectories", &C::trajectories, "ensemble size")
        .add("threads", &C::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it")
        .add("precision", &C::precision, "double, long-double or float50 (50 decimal digits)")
        .add("out", &C::out, "output directory (replaced only if it holds exactly a previous lnsgd output)")
        .add("quiet", &C::quiet, "no progress display");
    return p;
  }();
  return t;
}

std::optional<std::string> validate(const drift_diffusion_config& c) {
  if (c.dynamics != "exact-increments") return bad("dynamics", c.dynamics, "exact-increments");
  if (!std::isfinite(c.drift)) return bad("drift", show(c.drift), "a finite number");
  if (!std::isfinite(c.diffusion) || c.diffusion <= 0)
    return bad("diffusion", show(c.diffusion), "a finite number > 0");
  if (!std::isfinite(c.target) || c.target <= 0) return bad("target", show(c.target), "a finite number > 0");
  if (c.dimension < 1 || c.dimension > 1000) return bad("dimension", show(c.dimension), "an integer 1 <= d <= 1000");
  if (c.dimension > 1 && (!std::isfinite(c.target_radius) || c.target_radius <= 0))
    return bad("target_radius", show(c.target_radius), "a finite number > 0 when dimension >= 2");
  if (!std::isfinite(c.reset_rate) || c.reset_rate < 0)
    return bad("reset_rate", show(c.reset_rate), "a finite number >= 0");
  if (!std::isfinite(c.reset_point) || c.reset_point >= c.target)
    return bad("reset_point", show(c.reset_point), "a finite number < target");
  if (!std::isfinite(c.dt) || c.dt <= 0) return bad("dt", show(c.dt), "a finite number > 0");
  if (c.steps < 0 || c.steps > 1000000000000) return bad("steps", show(c.steps), "an integer 0 <= steps <= 1e12");
  if (c.path_steps < 0) return bad("path_steps", show(c.path_steps), "an integer >= 0");
  if (c.seed < 0) return bad("seed", show(c.seed), "an integer >= 0");
  if (c.trajectories < 1 || c.trajectories > 100000000)
    return bad("trajectories", show(c.trajectories), "an integer 1 <= trajectories <= 1e8");
  if (c.threads < 0 || c.threads > 4096) return bad("threads", show(c.threads), "an integer 0 <= threads <= 4096");
  if (!parse_precision(c.precision)) return bad("precision", c.precision, "double, long-double, float50");
  if (c.out.empty()) return bad("out", "\"\"", "a directory path");
  return std::nullopt;
}

// One searcher: its path rows into the trajectory part.
template <class Scalar>
passage run_one(const drift_diffusion_config& c, std::uint64_t k, std::ofstream& path) {
  searcher<Scalar> s{Scalar(c.drift),
                     Scalar(c.diffusion),
                     Scalar(c.target),
                     Scalar(c.reset_rate),
                     c.bridge,
                     philox_noise(static_cast<std::uint64_t>(c.seed), k),
                     Scalar(c.reset_point)};
  s.dimension = int(c.dimension);
  s.target_radius = Scalar(c.target_radius);
  return run_searcher(
      s, Scalar(c.dt), std::uint64_t(c.steps), [&](const vector_t<Scalar>& x, std::uint64_t t, std::uint64_t resets) {
        if (t > std::uint64_t(c.path_steps)) return;
        const Scalar distance = s.dimension > 1 ? s.distance_to_target(x) : s.target - x[0];
        path << k << ',' << t << ',' << double(t) * c.dt << ',' << x[0] << ',' << distance << ',' << resets << '\n';
      });
}

nlohmann::json summary_json(const drift_diffusion_config& c, const std::vector<passage>& runs) {
  std::vector<double> times;
  for (const auto& p : runs)
    if (p.reached) times.push_back(double(p.steps_done) * c.dt);
  const auto m = mean_with_interval(times);
  const auto censored = runs.size() - times.size();
  namespace th = theory::bae_resetting;
  const double predicted = th::mean_first_passage(c.target, c.drift, c.diffusion, c.reset_rate);
  const auto finite_or_infinity = [](double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json("infinity");
  };
  nlohmann::json prediction;
  if (c.dimension == 1) prediction["peclet"] = th::peclet(c.target, c.drift, c.diffusion);
  if (c.reset_point != 0)
    prediction["prediction"] = "none: the formulas assume resets to the start (reset_point = 0)";
  else if (c.dimension == 1)
    prediction["eq5_prediction"] = finite_or_infinity(predicted);
  else if (c.dimension == 3 && c.drift == 0)
    prediction = {{"sphere3_prediction", finite_or_infinity(th::mean_first_passage_sphere3(
                                             c.target + c.target_radius, c.target_radius, c.diffusion, c.reset_rate))}};
  else
    prediction = {{"prediction", "none for this geometry (formulas: d = 1, and d = 3 without drift)"}};
  nlohmann::json j = {{"mean", times.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.mean)},
                      {"standard_error", times.size() < 2 ? nlohmann::json(nullptr) : nlohmann::json(m.standard_error)},
                      {"ci95", times.size() < 2 ? nlohmann::json(nullptr) : nlohmann::json({m.lower, m.upper})},
                      {"completed", times.size()},
                      {"censored", censored},
                      {"mean_is_of_completed_only", censored > 0},
                      {"dt", c.dt},
                      {"time_cap", double(c.steps) * c.dt},
                      {"bias",
                       "exact increments; crossings inside a step detected by the Brownian bridge (if bridge); the "
                       "passage time is the step's end and resets happen at step ends: an O(dt) bias"},
                      {"dimension", c.dimension}};
  if (c.dimension > 1) {
    j["target_radius"] = c.target_radius;
    j["bias"] = j["bias"].get<std::string>() + "; in d >= 2 the bridge uses the sphere's tangent plane";
  }
  j.update(prediction);
  return j;
}

template <class Scalar>
run_outcome run(const drift_diffusion_config& c, const std::filesystem::path& dir, progress_counter* progress) {
  const auto count = std::uint64_t(c.trajectories);
  if (progress) progress->total = std::uint64_t(c.steps) * count;
  // Searchers in blocks of 64, one part file per block and table (not per searcher: ensembles of 10^4 searchers
  // that each take microseconds would spend their time creating files), merged in searcher order.
  constexpr std::uint64_t block = 64;
  const std::uint64_t blocks = (count + block - 1) / block;
  const int threads = ensemble_threads(c.threads, std::int64_t(std::max<std::uint64_t>(blocks, 1)));
  std::vector<passage> runs(count);
  std::vector<std::exception_ptr> errors(blocks);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t b = 0; b < std::int64_t(blocks); ++b) {
    try {
      auto path = open_or_throw(part_path(dir, "trajectory", std::uint64_t(b)));
      path.precision(std::numeric_limits<Scalar>::max_digits10);
      auto row = open_or_throw(part_path(dir, "passage", std::uint64_t(b)));
      row.precision(17);
      for (std::uint64_t k = std::uint64_t(b) * block; k < std::min(count, std::uint64_t(b + 1) * block); ++k) {
        runs[k] = run_one<Scalar>(c, k, path);
        row << k << ',';
        if (runs[k].reached) row << double(runs[k].steps_done) * c.dt;
        row << ',' << (runs[k].reached ? 0 : 1) << ',' << runs[k].resets << ',' << runs[k].steps_done << '\n';
        if (progress) progress->add(std::uint64_t(c.steps));
      }
      if (!path.flush() || !row.flush())
        throw std::runtime_error("write failed for searchers from " + std::to_string(b * block));
    } catch (...) {
      errors[b] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  merge_parts(dir, "trajectory", "trajectory,step,time,x,distance,resets", blocks);
  merge_parts(dir, "passage", "trajectory,passage_time,censored,resets,steps", blocks);
  run_outcome o;
  o.extra = {{"first_passage", summary_json(c, runs)}};
  // The engine's per-trajectory summaries (a sweep's table rows): one, the ensemble's; the searchers are in
  // passage.csv.
  o.results = {{"status", "completed"},
               {"searchers", count},
               {"trajectories", nlohmann::json::array({o.extra["first_passage"]})}};
  o.precision_description = describe_scalar<Scalar>();
  o.threads_used = threads;
  return o;
}

// "Eq. 5: 1.71" (or the 3-d sphere's formula, or nothing where no formula applies).
std::string prediction_text(const nlohmann::json& f) {
  for (const auto& [key, name] : {std::pair{"eq5_prediction", "Eq. 5"}, std::pair{"sphere3_prediction", "3-d sphere"}})
    if (f.contains(key))
      return std::string("; ") + name + ": " +
             (f[key].is_string() ? std::string("infinity") : show(f[key].get<double>()));
  return "";
}

std::string summary(const drift_diffusion_config& c, const run_outcome& o) {
  const auto& f = o.extra["first_passage"];
  std::ostringstream out;
  out << std::setprecision(4) << "lnsgd simulate: drift-diffusion v=" << c.drift << " D=" << c.diffusion
      << " L=" << c.target << " gamma=" << c.reset_rate;
  if (c.reset_point != 0) out << " (resets to x=" << c.reset_point << ")";
  if (c.dimension == 1)
    out << " (Pe = " << f["peclet"].get<double>() << ")";
  else
    out << ", d=" << c.dimension << " target radius " << c.target_radius;
  out << ", dt=" << c.dt << (c.bridge ? " with the Brownian-bridge correction" : "") << ", " << c.trajectories
      << " searchers, " << c.precision << ", seed " << c.seed << "\n  mean first passage ";
  if (f["mean"].is_null())
    out << "undefined (no searcher reached the target)";
  else
    out << f["mean"].get<double>();
  if (!f["ci95"].is_null()) out << " [" << f["ci95"][0].get<double>() << ", " << f["ci95"][1].get<double>() << "]";
  out << " over " << f["completed"].get<std::uint64_t>() << " completed, " << f["censored"].get<std::uint64_t>()
      << " censored at time " << f["time_cap"].get<double>() << prediction_text(f) << "\n";
  return out.str();
}

}  // namespace

model_entry drift_diffusion_entry() {
  model_entry e;
  e.name = "drift-diffusion";
  e.description =
      "a searcher drifting and diffusing toward a target on a line (or a ball in d dimensions), with Poisson "
      "resetting to its start: first passage against Eq. 5 (Bae, Song, Jeong)";
  e.parameters = table().parameters();
  e.tables = {
      {"trajectory.csv",
       "each searcher's path over its first path_steps steps: time, x (its first coordinate), distance to the "
       "target, resets so far"},
      {"passage.csv", "per searcher: first-passage time (empty: censored at the cap), censored, resets, steps"}};
  e.dynamics = {"exact-increments"};
  e.small_run = {{"steps", 60}, {"trajectories", 3}, {"path_steps", 100}, {"target", 50.0}};
  e.resolve = [](nlohmann::json& values, const std::set<std::string>&) -> std::optional<std::string> {
    const auto c = table().read(values);
    if (auto error = validate(c)) return error;
    values = table().write(c);
    return std::nullopt;
  };
  e.memory_needed = [](const nlohmann::json&, std::int64_t concurrent) { return 4096.0 * double(concurrent); };
  e.run = [](const nlohmann::json& values, const std::filesystem::path& dir, progress_counter* progress) {
    const auto c = table().read(values);
    auto o =
        with_precision(*parse_precision(c.precision), [&](auto zero) { return run<decltype(zero)>(c, dir, progress); });
    o.summary = summary(c, o);
    return o;
  };
  return e;
}

}  // namespace lnsgd::sim::models
