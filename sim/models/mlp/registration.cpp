// The MLP classifier in the registry (--model mlp): Fashion-MNIST or a synthetic task, a one- or two-hidden-layer
// network, label-noise SGD (the main paper's Algorithm 1) or SAM, with an optional linearised twin and magnitude
// pruning (docs/models.md, "mlp"). Its own entry (not engine_entry): it counts epochs, not steps, and trains
// classifiers; the step loop, recorder, part files and Philox streams are the engine's.
#include <iomanip>
#include <sstream>

#include "lnsgd/sim/data/idx_file.hpp"
#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "mlp/run.hpp"

namespace lnsgd::sim::models {
namespace {

const parameter_table<mlp_config>& table() {
  static const auto t = mlp_parameters();
  return t;
}

std::optional<std::string> resolve(nlohmann::json& values, const std::set<std::string>&) {
  auto c = table().read(values);
  if (auto error = resolve_mlp(c)) return error;
  if (c.data == "fashion-mnist") {  // the files are read now, so a missing package fails before anything is written
    try {
      data::load_fashion_mnist(c.data_dir);
    } catch (const data::data_error& e) {
      return "data_dir = " + c.data_dir + ": " + e.what();
    }
  }
  values = table().write(c);
  return std::nullopt;
}

double memory_needed(const nlohmann::json& values, std::int64_t concurrent) {
  const auto c = table().read(values);
  const double scalar = scalar_bytes(c.precision);
  const double inputs = c.data == "fashion-mnist" ? 784 : double(c.input_dim);
  double params = 0, widest = 0, fan_in = inputs;
  for (auto h : c.hidden) {
    params += (fan_in + 1) * double(h);
    widest = std::max(widest, double(h));
    fan_in = double(h);
  }
  params += (fan_in + 1) * double(std::max<std::int64_t>(10, c.classes));
  const double rows = double(c.n + c.n_validation + c.n_test);
  const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
  const double per_trajectory =
      (c.linearised == "none" ? 6 : 12) * params +
      4 * double(std::max<std::int64_t>(c.full_batch ? c.n : c.batch, evaluation_chunk)) * (inputs + 2 * widest);
  const double raw_images = c.data == "fashion-mnist" ? 70000 * 785 : 0;  // the package, read once as bytes
  return raw_images + scalar * (rows * inputs + in_flight * per_trajectory);
}

std::string summary(const mlp_config& c, const run_outcome& o) {
  std::ostringstream out;
  out << "lnsgd simulate: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << " tau=" << c.tau
      << (c.dynamics == "sam" ? " rho=" + std::to_string(c.rho) : std::string()) << ", mlp "
      << o.extra["parameter_count"].get<std::int64_t>() << " parameters (" << c.activation << ", " << c.parameterisation
      << ") on " << o.extra["task"].get<std::string>() << ", eta=" << c.eta << " B=" << (c.full_batch ? c.n : c.batch)
      << ", " << c.epochs << " epochs (" << c.steps() << " steps), " << c.precision << ", seed " << c.seed << ", "
      << c.trajectories << " trajectory(ies)\n";
  out << trajectory_lines(o, [&](const auto& value) {
    std::ostringstream line;
    line << std::setprecision(4) << "train loss " << value("train_loss") << ", test loss " << value("test_loss")
         << ", test accuracy " << value("test_acc") << ", ||W_1||_F " << value("w_norm_1");
    if (c.linearised != "none") line << ", distance to the linearised model " << value("lin_distance");
    return line.str();
  });
  return out.str();
}

}  // namespace

model_entry mlp_entry() {
  model_entry e;
  e.name = "mlp";
  e.description =
      "a one- or two-hidden-layer MLP classifier on Fashion-MNIST or a synthetic task, trained by label-noise SGD "
      "(Algorithm 1) or SAM, with its linearisation and magnitude pruning (Zhang et al. 2026, Figs. 1, 3, 5)";
  e.parameters = table().parameters();
  e.tables = {{"trajectory.csv",
               "one row per record epoch and trajectory: train/validation/test loss and accuracy, ||W_l||_F per layer, "
               "relative distance from theta(0), memorised corrupted labels, the linearised twin's losses and "
               "distance (docs/models.md)"},
              {"pruning.csv", "test loss and accuracy after global magnitude pruning, per kept percentage"}};
  e.dynamics = {"label-noise-sgd", "sam"};
  e.length_parameter = "epochs";
  e.small_run = {{"n", 12},    {"n_validation", 6}, {"n_test", 8}, {"input_dim", 4},    {"hidden", {5}},
                 {"batch", 4}, {"epochs", 6},       {"tau", 0.2},  {"trajectories", 3}, {"prune_keep", {100, 10}}};
  e.resolve = resolve;
  e.memory_needed = memory_needed;
  e.run = [](const nlohmann::json& values, const std::filesystem::path& dir, progress_counter* progress) {
    const auto c = table().read(values);
    auto o = with_precision(*parse_precision(c.precision),
                            [&](auto zero) { return run_mlp<decltype(zero)>(c, dir, progress); });
    o.summary = summary(c, o);
    return o;
  };
  return e;
}

}  // namespace lnsgd::sim::models
