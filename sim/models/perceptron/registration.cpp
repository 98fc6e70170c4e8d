// The perceptron of Sclocchi, Geiger, Wyart in the registry (--model perceptron; docs/models.md, "perceptron"):
// Delta w trained by SGD on the hinge relu(1 - alpha o y)/alpha from 0 until every training point is fitted or the
// step cap, on the depleted_sign task; trajectory.csv on a log grid of steps and at the stop, and per trajectory the
// summary (norms, amplification, steps, training time, test error, converged) in metadata.json. A run that hits the
// cap is reported as not converged.
#include <iomanip>
#include <sstream>

#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/stopped_ensemble.hpp"
#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "perceptron/summary.hpp"

namespace lnsgd::sim::models {
namespace {

using detail::bad;
using detail::show;

struct perceptron_config {
  std::string model = "perceptron";
  std::string dynamics = "sgd";
  std::string data = "depleted-sign";
  std::string output = "centred";
  double chi = 0, alpha = 32768, eta = 0.5;
  std::int64_t d = 128, n = 1024, n_test = 10000, batch = 2;
  std::int64_t steps = 10000000;  // the cap
  std::int64_t record_points = 40;
  std::int64_t seed = 1, data_seed = -1, init_seed = -1, trajectories = 1, threads = 0;
  bool record_delta_w = false;
  std::string precision = "double";
  std::string out = "lnsgd-out";
  bool quiet = false;
};

const parameter_table<perceptron_config>& table() {
  using C = perceptron_config;
  static const auto t = [] {
    parameter_table<C> p;
    p.add("model", &C::model, "the model (lnsgd models lists them)")
        .add("dynamics", &C::dynamics, "sgd: B distinct indices per step, Delta w += (dt/B) sum_unfit y x/sqrt(d)")
        .add("data", &C::data, "depleted-sign: x_1 = +-sqrt(2 Gamma((chi+1)/2, 1)), x_i~N(0,1), y = sign(x_1)")
        .add("output", &C::output,
             "centred: o = (w - w0).x/sqrt(d), the authors' (w0 plays no role); uncentred: o = w.x/sqrt(d)")
        .add("chi", &C::chi, "chi >= 0: the density of x_1 near 0 is proportional to |x_1|^chi")
        .add("alpha", &C::alpha, "alpha > 0: the loss relu(1 - alpha o y)/alpha (margin 1/alpha on o)")
        .add("eta", &C::eta, "dt > 0: the step (temperature T = dt/B)")
        .add("d", &C::d, "input dimension (>= 2)")
        .add("n", &C::n, "P: training points")
        .add("n_test", &C::n_test, "test points (fresh draws)")
        .add("batch", &C::batch, "B: distinct training indices per step (1 <= B <= P)")
        .add("steps", &C::steps, "step cap: a run not fitted by then is reported as not converged")
        .add("record_points", &C::record_points, "rows of trajectory.csv on a log grid of steps (and the last step)")
        .add("seed", &C::seed, "seed of the batches (trajectory k uses stream k)")
        .add("data_seed", &C::data_seed, "seed of the training and test sets (-1: the seed)")
        .add("init_seed", &C::init_seed, "seed of w0 ~ N(0, I) (-1: the seed; trajectory k uses stream k)")
        .add("record_delta_w", &C::record_delta_w, "also write Delta w itself per trajectory in metadata.json")
        .add("trajectories", &C::trajectories, "ensemble size (batch sequences on the same data)")
        .add("threads", &C::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it")
        .add("precision", &C::precision, "double, long-double or float50 (50 decimal digits)")
        .add("out", &C::out, "output directory (replaced only if it holds exactly a previous lnsgd output)")
        .add("quiet", &C::quiet, "no progress display");
    return p;
  }();
  return t;
}

std::optional<std::string> validate(perceptron_config& c) {
  if (c.data_seed == -1) c.data_seed = c.seed;
  if (c.init_seed == -1) c.init_seed = c.seed;
  if (c.dynamics != "sgd") return bad("dynamics", c.dynamics, "sgd");
  if (c.data != "depleted-sign") return bad("data", c.data, "depleted-sign");
  if (c.output != "centred" && c.output != "uncentred") return bad("output", c.output, "centred, uncentred");
  if (!std::isfinite(c.chi) || c.chi < 0) return bad("chi", show(c.chi), "a finite number >= 0");
  if (!std::isfinite(c.alpha) || c.alpha <= 0) return bad("alpha", show(c.alpha), "a finite number > 0");
  if (!std::isfinite(c.eta) || c.eta <= 0) return bad("eta", show(c.eta), "a finite number > 0");
  if (c.d < 2 || c.d > 100000) return bad("d", show(c.d), "an integer 2 <= d <= 1e5");
  if (c.n < 1 || c.n > 10000000) return bad("n", show(c.n), "an integer 1 <= n <= 1e7");
  if (c.n_test < 1 || c.n_test > 10000000) return bad("n_test", show(c.n_test), "an integer 1 <= n_test <= 1e7");
  if (c.batch < 1 || c.batch > c.n) return bad("batch", show(c.batch), "an integer 1 <= batch <= n = " + show(c.n));
  if (c.steps < 0 || c.steps > 1000000000000) return bad("steps", show(c.steps), "an integer 0 <= steps <= 1e12");
  if (c.record_points < 1 || c.record_points > 100000)
    return bad("record_points", show(c.record_points), "an integer 1 <= record_points <= 1e5");
  if (c.seed < 0) return bad("seed", show(c.seed), "an integer >= 0");
  if (c.data_seed < 0) return bad("data_seed", show(c.data_seed), "an integer >= 0, or -1 for the seed");
  if (c.init_seed < 0) return bad("init_seed", show(c.init_seed), "an integer >= 0, or -1 for the seed");
  if (c.record_delta_w && double(c.d) * double(c.trajectories) > 1e7)
    return bad("record_delta_w", "true", "false when d x trajectories > 1e7 (metadata.json would be too large)");
  if (c.trajectories < 1 || c.trajectories > 100000)
    return bad("trajectories", show(c.trajectories), "an integer 1 <= trajectories <= 1e5");
  if (c.threads < 0 || c.threads > 4096) return bad("threads", show(c.threads), "an integer 0 <= threads <= 4096");
  if (!parse_precision(c.precision)) return bad("precision", c.precision, "double, long-double, float50");
  if (c.out.empty()) return bad("out", "\"\"", "a directory path");
  return std::nullopt;
}

nlohmann::json summary_json(const perceptron_config& c, const perceptron_run& r, const perceptron_summary& s,
                            std::uint64_t k) {
  nlohmann::json j = {{"trajectory", k},
                      {"status", r.diverged ? "diverged" : "completed"},
                      {"converged", r.converged},
                      {"steps", r.steps},
                      {"training_time", double(r.steps) * c.eta},
                      {"delta_w_norm", s.delta_w_norm},
                      {"delta_w_1", s.delta_w_1},
                      {"delta_w_perp_norm", s.delta_w_perp_norm},
                      {"amplification", s.amplification},
                      {"unfit", s.unfit},
                      {"test_error", s.test_error}};
  if (r.diverged)
    j["divergence"] = {{"step", r.diverged_step}, {"reason", "Delta w overflowed (non-finite or > 1e100)"}};
  return j;
}

// One trajectory: its rows into the trajectory part, its summary returned.
template <class Scalar>
nlohmann::json run_one(const perceptron_config& c, const sign_task<Scalar>& train, const sign_task<Scalar>& test,
                       std::uint64_t k, std::ofstream& rows) {
  perceptron_problem<Scalar> p{train, Scalar(c.alpha), c.batch, philox_noise(std::uint64_t(c.seed), k)};
  const auto w0 = perceptron_w0<Scalar>(philox_noise(std::uint64_t(c.init_seed), k), c.d);
  if (c.output == "uncentred") p.offset = initial_output(train, w0);
  const auto records = record_steps(spacing::log, std::uint64_t(c.record_points), std::uint64_t(c.steps));
  std::size_t next = 0;
  const auto row = [&](const vector_t<Scalar>& dw, std::uint64_t t) {
    const auto s = summarise(p, dw, w0, test);
    rows << k << ',' << t << ',' << double(t) * c.eta << ',' << s.delta_w_norm << ',' << s.delta_w_1 << ','
         << s.delta_w_perp_norm << ',' << s.unfit << ',' << s.test_error << '\n';
  };
  vector_t<Scalar> dw;
  std::uint64_t last = 0;
  const auto r =
      run_perceptron(p, Scalar(c.eta), std::uint64_t(c.steps), dw, [&](const vector_t<Scalar>& state, std::uint64_t t) {
        last = t;
        if ((t & 4095) == 0) throw_if_interrupted();  // a run is one trajectory: poll within it
        while (next < records.size() && records[next] < t) ++next;
        if (next < records.size() && records[next] == t) row(state, t);
      });
  if (next >= records.size() || records[next] != last) row(dw, r.steps);  // the stop, if not on the grid
  auto j = summary_json(c, r, summarise(p, dw, w0, test), k);
  if (c.record_delta_w) {
    std::vector<double> values(std::size_t(dw.size()));
    for (Eigen::Index i = 0; i < dw.size(); ++i) values[std::size_t(i)] = double(dw[i]);
    j["delta_w"] = values;
  }
  return j;
}

template <class Scalar>
run_outcome run(const perceptron_config& c, const std::filesystem::path& dir, progress_counter* progress) {
  const auto train = depleted_sign<Scalar>(c.n, c.d, c.chi, std::uint64_t(c.data_seed), stream::train_inputs);
  const auto test = depleted_sign<Scalar>(c.n_test, c.d, c.chi, std::uint64_t(c.data_seed), stream::test_inputs);
  const auto count = std::uint64_t(c.trajectories);
  const int threads = ensemble_threads(c.threads, c.trajectories);
  auto o = run_stopped_ensemble(
      count, threads, dir, progress, "trajectory,step,time,delta_w_norm,delta_w_1,delta_w_perp_norm,unfit,test_error",
      "Delta w overflowed (non-finite or > 1e100)",
      [&](std::uint64_t k, std::ofstream& rows) { return run_one<Scalar>(c, train, test, k, rows); });
  o.extra = {{"temperature", c.eta / double(c.batch)}};
  o.precision_description = describe_scalar<Scalar>();
  return o;
}

std::string summary(const perceptron_config& c, const run_outcome& o) {
  std::ostringstream out;
  out << std::setprecision(4) << "lnsgd simulate: perceptron d=" << c.d << " P=" << c.n << " chi=" << c.chi
      << " alpha=" << c.alpha << " dt=" << c.eta << " B=" << c.batch << " (T = " << c.eta / double(c.batch) << "), "
      << c.precision << ", seed " << c.seed << ", " << c.trajectories << " trajectory(ies)\n";
  for (const auto& t : o.results["trajectories"])
    out << "  trajectory " << t["trajectory"].get<std::uint64_t>() << ": "
        << (t["status"] == "diverged"    ? "DIVERGED"
            : t["converged"].get<bool>() ? "fitted"
                                         : "NOT converged (the step cap)")
        << " after " << t["steps"].get<std::uint64_t>() << " steps, |Delta w| " << t["delta_w_norm"].get<double>()
        << ", Delta w_1 " << t["delta_w_1"].get<double>() << ", test error " << t["test_error"].get<double>() << "\n";
  return out.str();
}

}  // namespace

model_entry perceptron_entry() {
  model_entry e;
  e.name = "perceptron";
  e.description =
      "the perceptron of Sclocchi, Geiger, Wyart: SGD on a hinge with margin 1/alpha from w0, B distinct indices "
      "per step, on data depleted near the boundary (|x_1|^chi), to zero training loss";
  e.parameters = table().parameters();
  e.tables = {{"trajectory.csv",
               "per trajectory on a log grid of steps and at the stop: time, |Delta w|, Delta w_1, |Delta w_perp|, "
               "training points unfitted, test error"}};
  e.dynamics = {"sgd"};
  e.small_run = {{"d", 4}, {"n", 16}, {"n_test", 20}, {"steps", 60}, {"trajectories", 3}, {"alpha", 4.0}};
  e.resolve = [](nlohmann::json& values, const std::set<std::string>&) -> std::optional<std::string> {
    auto c = table().read(values);
    if (auto error = validate(c)) return error;
    values = table().write(c);
    return std::nullopt;
  };
  e.memory_needed = [](const nlohmann::json& values, std::int64_t) {
    const auto c = table().read(values);
    return scalar_bytes(c.precision) * double(c.n + c.n_test) * double(c.d + 1);
  };
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
