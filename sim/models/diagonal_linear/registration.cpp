// The diagonal linear network in the registry (--model diagonal-linear): its config, parameters, data, loss and
// observables; the engine (engine/run_model.hpp) does the rest. Loss (1/4n) ||X beta - y||^2 (related-work digest
// E.1; docs/models.md).
#include <cmath>
#include <iomanip>
#include <sstream>

#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "diagonal_linear/observables.hpp"
#include "lnsgd/sim/engine/recipe_helpers.hpp"
#include "lnsgd/sim/engine/run_model.hpp"

namespace lnsgd::sim::models {
namespace {

struct diagonal_config : engine_config {
  diagonal_config() {
    model = "diagonal-linear";
    eta = 0.05;  // digest E.3's gamma
    sigma = 1;   // its delta
    steps = 100000;
  }
  std::int64_t d = 60;
  std::int64_t n = 30;
  std::int64_t n_test = 1000;
  std::int64_t sparsity = 3;
  double alpha = 0.1;
  bool is_signed = false;
  double loss_scale = 0.25;
  double active_threshold = 1e-3;
};

struct diagonal_recipe {
  using config = diagonal_config;
  template <class Scalar>
  using model = diagonal_linear<Scalar>;
  static constexpr const char* name = "diagonal-linear";
  static constexpr const char* description =
      "the diagonal linear network f(x) = <u.u, x> (or <u.u - v.v, x>) on sparse regression, n < d "
      "(Pillaud-Vivien et al.; HaoChen et al.)";

  static parameter_table<config> parameters() {
    parameter_table<config> t;
    add_engine_parameters(t);
    t.add("d", &config::d, "input dimension (coordinates of beta)")
        .add("n", &config::n, "training samples (n < d: overparametrised)")
        .add("n_test", &config::n_test, "test samples")
        .add("sparsity", &config::sparsity, "s: non-zero entries of beta* = (1, 1 - 0.9/s, ...) >= 0")
        .add("alpha", &config::alpha, "initial scale: u(0) = v(0) = alpha 1")
        .add("signed", &config::is_signed, "beta = u.u - v.v (any sign) instead of u.u (beta >= 0)")
        .add("loss_scale", &config::loss_scale, "l = scale (f - y)^2: 0.25 is (1/4n)||X beta - y||^2, 0.5 the paper's")
        .add("active_threshold", &config::active_threshold, "|beta_j| above this counts as active");
    return t;
  }

  static std::vector<std::pair<std::string, std::string>> tables() {
    return {{"trajectory.csv",
             "one row per record point and trajectory: losses, ||beta - beta*||, ||beta||_1, active "
             "count, min beta on beta*'s support, max |beta| off it (docs/models.md)"},
            {"beta.csv", "beta_j of every coordinate at the snapshot steps"}};
  }

  static std::optional<std::string> validate(const config& c) {
    if (c.d < 1 || c.d > 1000000) return invalid_value("d", std::to_string(c.d), "an integer 1 <= d <= 1e6");
    if (c.n < 1) return invalid_value("n", std::to_string(c.n), "an integer >= 1");
    if (c.n_test < 1) return invalid_value("n_test", std::to_string(c.n_test), "an integer >= 1");
    if (c.sparsity < 0 || c.sparsity > c.d)
      return invalid_value("sparsity", std::to_string(c.sparsity),
                           "an integer 0 <= sparsity <= d = " + std::to_string(c.d));
    if (!std::isfinite(c.alpha) || c.alpha <= 0)
      return invalid_value("alpha", std::to_string(c.alpha), "a finite number > 0");
    if (!std::isfinite(c.loss_scale) || c.loss_scale <= 0)
      return invalid_value("loss_scale", std::to_string(c.loss_scale), "a finite number > 0");
    if (!std::isfinite(c.active_threshold) || c.active_threshold < 0)
      return invalid_value("active_threshold", std::to_string(c.active_threshold), "a finite number >= 0");
    if (!c.full_batch && c.batch > c.n)
      return invalid_value("batch", std::to_string(c.batch), "an integer 1 <= batch <= n = " + std::to_string(c.n));
    return std::nullopt;
  }

  static double memory_needed(const config& c, std::int64_t concurrent) {
    const double scalar = scalar_bytes(c.precision);
    const double copies = c.dynamics == "gradient-flow" ? 24 : 6;  // theta, workspace, stepper buffers (stages)
    const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
    return scalar * ((double(c.n) + double(c.n_test) + 1) * (double(c.d) + 1) + copies * 2 * double(c.d) * in_flight);
  }

  template <class Scalar>
  static regression_data<Scalar> make_data(const config& c) {
    return make_sparse_regression<Scalar>(c.n, c.n_test, c.d, c.sparsity, static_cast<std::uint64_t>(c.data_seed));
  }
  template <class Scalar>
  static model<Scalar> make_model(const config& c, const regression_data<Scalar>&) {
    return model<Scalar>(c.d, c.is_signed, Scalar(c.alpha));
  }
  template <class Scalar>
  static squared_loss<Scalar> loss(const config& c) {
    return {Scalar(c.loss_scale)};
  }
  template <class Scalar>
  static diagonal_observables<Scalar> make_observables(const config& c, const model<Scalar>& m,
                                                       const regression_data<Scalar>& data) {
    return {m, data, loss<Scalar>(c), Scalar(c.active_threshold)};
  }

  static std::string summary(const config& c, const run_outcome& o) {
    std::ostringstream out;
    out << "lnsgd simulate: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << ", diagonal linear net "
        << (c.is_signed ? "u.u - v.v" : "u.u") << " d=" << c.d << " n=" << c.n << " s=" << c.sparsity
        << " alpha=" << c.alpha << ", eta=" << c.eta << " sigma=" << c.sigma << " B=" << (c.full_batch ? c.n : c.batch)
        << ", " << c.steps << " steps, " << c.precision << ", seed " << c.seed << ", " << c.trajectories
        << " trajectory(ies)\n";
    out << trajectory_lines(o, [&](const auto& value) {
      std::ostringstream line;
      line << std::setprecision(4) << "train loss " << value("train_loss") << ", test loss " << value("test_loss")
           << ", ||beta - beta*|| " << value("beta_error") << ", active " << value("active_count") << " of " << c.d
           << " (beta* has " << c.sparsity << ")";
      return line.str();
    });
    return out.str();
  }
};

}  // namespace

model_entry diagonal_linear_entry() { return engine_entry<diagonal_recipe>(); }

}  // namespace lnsgd::sim::models
