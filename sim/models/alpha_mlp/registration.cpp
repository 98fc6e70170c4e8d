// The alpha-trick MLP of Sclocchi, Geiger, Wyart in the registry (--model alpha-mlp; docs/models.md, "alpha-mlp"):
// an MLP without biases, phi(W z/sqrt(fan_in)) with phi normalised, a mean-field 1/h output, trained by SGD on the
// hinge relu(1 - F y)/alpha of F = alpha (f(w) - f(w0)) until zero training hinge loss or the step cap, on
// Fashion-MNIST even vs odd or a teacher task; trajectory.csv on a log grid of steps and at the stop, and per
// trajectory the summary (relative weight change, layer by layer, steps, training time, temperature, test error,
// converged) in metadata.json. A run that hits the cap is reported as not converged.
#include <iomanip>
#include <sstream>

#include "alpha_mlp/config.hpp"
#include "alpha_mlp/normalised_activation.hpp"
#include "alpha_mlp/summary.hpp"
#include "lnsgd/sim/data/idx_file.hpp"
#include "lnsgd/sim/data/task.hpp"
#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/stopped_ensemble.hpp"
#include "lnsgd/sim/record_schedule.hpp"

namespace lnsgd::sim::models {
namespace {

using config = alpha_mlp_config;

data::task_spec task(const config& c) {
  data::task_spec s;
  s.source = c.data;
  s.data_dir = c.data_dir;
  s.labels = c.data == "fashion-mnist" ? "even-odd" : "classes";
  s.n_train = c.n;
  s.n_validation = 0;
  s.n_test = c.n_test;
  s.input_dim = c.input_dim;
  s.classes = 2;
  s.seed = std::uint64_t(c.data_seed);
  return s;
}

architecture network(const config& c, std::int64_t inputs) {
  architecture a;
  a.inputs = inputs;
  a.hidden = c.hidden;
  a.classes = 1;
  a.act = *parse_activation(c.activation);
  a.param = parameterisation::ntk;  // W ~ N(0, 1), scaled by 1/sqrt(fan_in)
  a.biases = false;
  a.mean_field_output = true;
  a.activation_gain = normalising_gain(a.act);
  return a;
}

nlohmann::json summary_json(const config& c, const alpha_run& r, const alpha_summary& s, std::uint64_t k) {
  nlohmann::json layers = nlohmann::json::object();
  for (std::size_t l = 0; l < s.layer_relative_change.size(); ++l)
    layers[std::to_string(l + 1)] = s.layer_relative_change[l];
  nlohmann::json j = {{"trajectory", k},
                      {"status", r.diverged ? "diverged" : "completed"},
                      {"converged", r.converged},
                      {"steps", r.steps},
                      {"training_time", double(r.steps) * c.eta},
                      {"temperature", c.temperature_of_step()},
                      {"delta_w_norm", s.delta_w_norm},
                      {"w0_norm", s.w0_norm},
                      {"relative_change", s.relative_change},
                      {"layer_relative_change", layers},
                      {"unfit", s.unfit},
                      {"train_loss", s.train_loss},
                      {"test_error", s.test_error}};
  if (r.diverged) j["divergence"] = {{"step", r.diverged_step}, {"reason", "w overflowed (non-finite or > 1e100)"}};
  return j;
}

// One trajectory: its rows into the trajectory part, its summary returned.
template <class Scalar>
nlohmann::json run_one(const config& c, const mlp<Scalar>& net, const binary_set<Scalar>& train,
                       const binary_set<Scalar>& test, std::uint64_t k, std::ofstream& rows) {
  vector_t<Scalar> w0;
  net.initialize(w0, philox_noise(std::uint64_t(c.init_seed), k));
  const vector_t<Scalar> f0 = network_outputs(net, w0, train.x), test_f0 = network_outputs(net, w0, test.x);
  const alpha_problem<Scalar> p{
      net, train.x, train.y, f0, Scalar(c.alpha), c.batch, philox_noise(std::uint64_t(c.seed), k)};
  const auto records = record_steps(spacing::log, std::uint64_t(c.record_points), std::uint64_t(c.steps));
  std::size_t next = 0;
  const auto row = [&](const vector_t<Scalar>& w, std::uint64_t t) {
    const auto s = summarise(p, w, w0, test, test_f0);
    rows << k << ',' << t << ',' << double(t) * c.eta << ',' << s.delta_w_norm << ',' << s.relative_change << ','
         << s.unfit << ',' << s.train_loss << ',' << s.test_error << '\n';
  };
  vector_t<Scalar> w = w0;
  std::uint64_t last = 0;
  const auto r =
      run_alpha_trick(p, Scalar(c.eta), std::uint64_t(c.steps), w, [&](const vector_t<Scalar>& state, std::uint64_t t) {
        last = t;
        if ((t & 4095) == 0) throw_if_interrupted();  // a run is one trajectory: poll within it
        while (next < records.size() && records[next] < t) ++next;
        if (next < records.size() && records[next] == t) row(state, t);
      });
  if (next >= records.size() || records[next] != last) row(w, r.steps);  // the stop, if not on the grid
  return summary_json(c, r, summarise(p, w, w0, test, test_f0), k);
}

template <class Scalar>
run_outcome run(const config& c, const std::filesystem::path& dir, progress_counter* progress) {
  const auto d = data::cast<Scalar>(data::make_task(task(c)));
  const auto train = binary_labels(d.train), test = binary_labels(d.test);
  const mlp<Scalar> net(network(c, d.input_dim()));
  const auto count = std::uint64_t(c.trajectories);
  const int threads = ensemble_threads(c.threads, c.trajectories);
  auto o = run_stopped_ensemble(
      count, threads, dir, progress, "trajectory,step,time,delta_w_norm,relative_change,unfit,train_loss,test_error",
      "w overflowed (non-finite or > 1e100)",
      [&](std::uint64_t k, std::ofstream& rows) { return run_one<Scalar>(c, net, train, test, k, rows); });
  o.extra = {{"task", d.description},
             {"parameter_count", net.parameter_count()},
             {"temperature", c.temperature_of_step()},
             {"activation_gain", net.arch().activation_gain}};
  o.precision_description = describe_scalar<Scalar>();
  return o;
}

std::string summary(const config& c, const run_outcome& o) {
  std::ostringstream out;
  out << std::setprecision(4) << "lnsgd simulate: alpha-mlp " << o.extra["parameter_count"].get<std::int64_t>()
      << " parameters (" << c.activation << ", " << c.hidden.size() << " hidden layer(s), h = " << c.hidden.back()
      << ") on " << o.extra["task"].get<std::string>() << ", alpha=" << c.alpha << " dt=" << c.eta << " B=" << c.batch
      << " (T = " << c.temperature_of_step() << "), " << c.precision << ", seed " << c.seed << ", " << c.trajectories
      << " trajectory(ies)\n";
  for (const auto& t : o.results["trajectories"])
    out << "  trajectory " << t["trajectory"].get<std::uint64_t>() << ": "
        << (t["status"] == "diverged"    ? "DIVERGED"
            : t["converged"].get<bool>() ? "zero training loss"
                                         : "NOT converged (the step cap)")
        << " after " << t["steps"].get<std::uint64_t>() << " steps, |w - w0|/|w0| "
        << t["relative_change"].get<double>() << ", test error " << t["test_error"].get<double>() << "\n";
  return out.str();
}

std::optional<std::string> resolve(nlohmann::json& values, const std::set<std::string>& given) {
  auto c = alpha_mlp_parameters().read(values);
  if (auto error = resolve_alpha_mlp(c, given)) return error;
  if (c.data == "fashion-mnist") {  // the files are read now, so a missing package fails before anything is written
    try {
      data::load_fashion_mnist(c.data_dir);
    } catch (const data::data_error& e) {
      return "data_dir = " + c.data_dir + ": " + e.what();
    }
  }
  if (auto error = data::validate(task(c))) return error;
  values = alpha_mlp_parameters().write(c);
  return std::nullopt;
}

double memory_needed(const nlohmann::json& values, std::int64_t concurrent) {
  const auto c = alpha_mlp_parameters().read(values);
  const double inputs = c.data == "fashion-mnist" ? 784 : double(c.input_dim);
  double params = 0, fan_in = inputs, widest = 0;
  for (auto h : c.hidden) {
    params += fan_in * double(h);
    fan_in = double(h);
    widest = std::max(widest, double(h));
  }
  params += fan_in;
  const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
  const double raw_images = c.data == "fashion-mnist" ? 70000 * 785 : 0;
  const double per_trajectory = 4 * params + 3 * double(c.n + c.n_test) + 4 * 256 * (inputs + 2 * widest);
  return raw_images + scalar_bytes(c.precision) * (double(c.n + c.n_test) * inputs + in_flight * per_trajectory);
}

}  // namespace

model_entry alpha_mlp_entry() {
  model_entry e;
  e.name = "alpha-mlp";
  e.description =
      "the alpha-trick MLP of Sclocchi, Geiger, Wyart: F = alpha (f(w) - f(w0)) with a mean-field 1/h output, SGD "
      "on the hinge relu(1 - F y)/alpha at temperature T = dt/(h B) to zero training loss (lazy vs feature regime)";
  e.parameters = alpha_mlp_parameters().parameters();
  e.tables = {{"trajectory.csv",
               "per trajectory on a log grid of steps and at the stop: time, |w - w0|, |w - w0|/|w0|, training "
               "points unfitted, training hinge loss, test error"}};
  e.dynamics = {"sgd"};
  e.small_run = {{"n", 16},     {"n_test", 20}, {"input_dim", 4},    {"hidden", {6}},      {"batch", 4},
                 {"steps", 60}, {"alpha", 4.0}, {"trajectories", 3}, {"record_points", 20}};
  e.resolve = resolve;
  e.memory_needed = memory_needed;
  e.run = [](const nlohmann::json& values, const std::filesystem::path& dir, progress_counter* progress) {
    const auto c = alpha_mlp_parameters().read(values);
    auto o =
        with_precision(*parse_precision(c.precision), [&](auto zero) { return run<decltype(zero)>(c, dir, progress); });
    o.summary = summary(c, o);
    return o;
  };
  return e;
}

}  // namespace lnsgd::sim::models
