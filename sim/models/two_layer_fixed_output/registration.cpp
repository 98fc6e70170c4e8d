// The two-layer network with fixed output weights in the registry (--model two-layer-fixed-output; Gatmiry et
// al.; related-work digest B; docs/models.md): its config, parameters, data, loss and observables; the engine
// (engine/run_model.hpp) does the rest. Loss (1/2n) sum_i (f_i - y_i)^2, as the closed forms of theory/gatmiry/.
#include <cmath>
#include <iomanip>
#include <sstream>

#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/run_model.hpp"
#include "two_layer_fixed_output/data.hpp"
#include "two_layer_fixed_output/model.hpp"
#include "two_layer_fixed_output/observables.hpp"

namespace lnsgd::sim::models {
namespace {

struct fixed_output_config : engine_config {
  fixed_output_config() {  // the paper's Fig. 1 (digest B.4)
    model = "two-layer-fixed-output";
    eta = 0.05;
    sigma = 0.03;
    steps = 1000000;
  }
  std::int64_t m = 10;
  std::int64_t d = 3;
  std::int64_t n = 3;
  std::string activation = "cubic";
  double output_weight = 1;
};

struct fixed_output_recipe {
  using config = fixed_output_config;
  template <class Scalar>
  using model = two_layer_fixed_output<Scalar>;
  static constexpr const char* name = "two-layer-fixed-output";
  static constexpr const char* description =
      "f(x) = sum_j c phi(theta_j . x), output weights fixed, on n <= d linearly independent inputs (Gatmiry et al.; "
      "n > d is exploratory)";

  static parameter_table<config> parameters() {
    parameter_table<config> t;
    add_engine_parameters(t);
    t.add("m", &config::m, "neurons")
        .add("d", &config::d, "input dimension")
        .add("n", &config::n,
             "training samples (n <= d: linearly independent inputs, the theorem's setting; n > d is exploratory: "
             "no theorem, and sharpness_min and agreement are then the n <= d formulas, not an end point)")
        .add("activation", &config::activation, "phi: cubic (z + z^3/3) or sinh (the paper needs phi' > 0, phi''' > 0)")
        .add("output_weight", &config::output_weight, "c, the fixed output weight of every neuron (> 0)");
    return t;
  }

  static std::vector<std::pair<std::string, std::string>> tables() {
    return {{"trajectory.csv",
             "one row per record point and trajectory: train loss, tr Hessian L and its minimum, "
             "orthogonal drift, rank ratio, agreement, the feature matrix's rank ratio and effective rank (docs/models.md)"}};
  }

  static std::optional<std::string> validate(const config& c) {
    if (c.m < 1 || c.m > 100000) return invalid_value("m", std::to_string(c.m), "an integer 1 <= m <= 1e5");
    if (c.d < 1 || c.d > 100000) return invalid_value("d", std::to_string(c.d), "an integer 1 <= d <= 1e5");
    if (c.n < 1 || c.n > 100000) return invalid_value("n", std::to_string(c.n), "an integer 1 <= n <= 1e5");
    if (!theory::gatmiry::parse_activation(c.activation))
      return invalid_value("activation", c.activation, theory::gatmiry::activation_names);
    if (!std::isfinite(c.output_weight) || c.output_weight <= 0)
      return invalid_value("output_weight", std::to_string(c.output_weight), "a finite number > 0");
    if (!c.full_batch && c.batch > c.n)
      return invalid_value("batch", std::to_string(c.batch), "an integer 1 <= batch <= n = " + std::to_string(c.n));
    return std::nullopt;
  }

  static double memory_needed(const config& c, std::int64_t concurrent) {
    const double scalar = scalar_bytes(c.precision);
    const double copies = c.dynamics == "gradient-flow" ? 24 : 8;  // theta, gradient, stepper buffers (stages)
    const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
    return scalar *
           (double(c.n) * double(c.d + 1) + double(c.d) * double(c.d) + copies * double(c.m) * double(c.d) * in_flight);
  }

  template <class Scalar>
  static regression_data<Scalar> make_data(const config& c) {
    return make_uniform_regression<Scalar>(c.n, c.d, static_cast<std::uint64_t>(c.data_seed));
  }
  template <class Scalar>
  static model<Scalar> make_model(const config& c, const regression_data<Scalar>&) {
    return model<Scalar>(c.m, c.d, vector_t<Scalar>::Constant(c.m, Scalar(c.output_weight)),
                         *theory::gatmiry::parse_activation(c.activation));
  }
  template <class Scalar>
  static squared_loss<Scalar> loss(const config&) {
    return {Scalar(0.5)};
  }
  template <class Scalar>
  static fixed_output_observables<Scalar> make_observables(const config& c, const model<Scalar>& m,
                                                           const regression_data<Scalar>& data) {
    return {m, data, loss<Scalar>(c), Scalar(c.output_weight)};
  }

  static std::string summary(const config& c, const run_outcome& o) {
    std::ostringstream out;
    out << "lnsgd simulate: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << ", fixed-output net m=" << c.m
        << " d=" << c.d << " n=" << c.n << " phi=" << c.activation << " c=" << c.output_weight << ", eta=" << c.eta
        << " sigma=" << c.sigma << " B=" << (c.full_batch ? c.n : c.batch) << ", " << c.steps << " steps, "
        << c.precision << ", seed " << c.seed << ", " << c.trajectories << " trajectory(ies)\n";
    out << trajectory_lines(o, [&](const auto& value) {
      std::ostringstream line;
      line << std::setprecision(4) << "train loss " << value("train_loss") << ", tr Hessian - minimum "
           << value("sharpness_gap") << " (minimum " << value("sharpness_min") << "), rank ratio "
           << value("rank_ratio") << ", agreement " << value("agreement");
      return line.str();
    });
    return out.str();
  }
};

}  // namespace

model_entry two_layer_fixed_output_entry() { return engine_entry<fixed_output_recipe>(); }

}  // namespace lnsgd::sim::models
