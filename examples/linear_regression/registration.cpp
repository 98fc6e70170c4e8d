// The linear-regression model's entry for lnsgd's registry (--model linear-regression): its config, parameters,
// data, loss and observables; lnsgd's engine (lnsgd/sim/engine/run_model.hpp) does the rest, as for a built-in
// model.
#include <iomanip>
#include <lnsgd/sim/engine/recipe_helpers.hpp>
#include <lnsgd/sim/engine/run_model.hpp>
#include <sstream>

#include "example.hpp"
#include "observables.hpp"

namespace example {
namespace {

struct recipe {
  using config = linear_config;
  template <class Scalar>
  using model = linear_regression<Scalar>;
  static constexpr const char* name = "linear-regression";
  static constexpr const char* description =
      "linear regression f(x) = <w, x> on x ~ N(0, I_d), y = theta*^T x (an out-of-tree model: examples/)";

  static lnsgd::sim::parameter_table<config> parameters() {
    lnsgd::sim::parameter_table<config> t;
    lnsgd::sim::add_engine_parameters(t);
    t.add("d", &config::d, "input dimension")
        .add("n", &config::n, "training samples")
        .add("n_test", &config::n_test, "test samples")
        .add("target_norm", &config::target_norm, "||theta*||");
    return t;
  }

  static std::vector<std::pair<std::string, std::string>> tables() {
    return {{"trajectory.csv",
             "one row per record point and trajectory: train and test loss, ||w - theta*||^2, ||w|| (examples/)"}};
  }

  static std::optional<std::string> validate(const config& c) {
    using lnsgd::sim::invalid_value;
    if (c.d < 1 || c.d > 100000) return invalid_value("d", std::to_string(c.d), "an integer 1 <= d <= 1e5");
    if (c.n < 1 || c.n > 10000000) return invalid_value("n", std::to_string(c.n), "an integer 1 <= n <= 1e7");
    if (c.n_test < 1 || c.n_test > 10000000)
      return invalid_value("n_test", std::to_string(c.n_test), "an integer 1 <= n_test <= 1e7");
    if (!std::isfinite(c.target_norm) || c.target_norm < 0)
      return invalid_value("target_norm", std::to_string(c.target_norm), "a finite number >= 0");
    if (!c.full_batch && c.batch > c.n)
      return invalid_value("batch", std::to_string(c.batch), "an integer 1 <= batch <= n = " + std::to_string(c.n));
    return std::nullopt;
  }

  static double memory_needed(const config& c, std::int64_t concurrent) {
    const double scalar = lnsgd::sim::scalar_bytes(c.precision);
    const double in_flight = double(std::max<std::int64_t>(1, std::min(concurrent, c.trajectories)));
    return scalar * ((double(c.n) + double(c.n_test) + 1) * (double(c.d) + 1) + 24 * double(c.d) * in_flight);
  }

  template <class Scalar>
  static lnsgd::sim::regression_data<Scalar> make_data(const config& c) {
    return make_linear_data<Scalar>(c);
  }
  template <class Scalar>
  static model<Scalar> make_model(const config& c, const lnsgd::sim::regression_data<Scalar>&) {
    return model<Scalar>(c.d);
  }
  template <class Scalar>
  static lnsgd::sim::squared_loss<Scalar> loss(const config&) {
    return {Scalar(0.5)};  // l = (f - y)^2 / 2
  }
  template <class Scalar>
  static linear_observables<Scalar> make_observables(const config&, const model<Scalar>&,
                                                     const lnsgd::sim::regression_data<Scalar>& data) {
    return linear_observables<Scalar>(data);
  }

  static std::string summary(const config& c, const lnsgd::sim::run_outcome& o) {
    std::ostringstream out;
    out << "linear-regression: " << c.dynamics << (c.full_batch ? " (full batch)" : "") << ", d=" << c.d << " n=" << c.n
        << ", eta=" << c.eta << " sigma=" << c.sigma << ", " << c.steps << " steps, " << c.precision << ", seed "
        << c.seed << ", " << c.trajectories << " trajectory(ies)\n";
    out << lnsgd::sim::trajectory_lines(o, [](const auto& value) {
      std::ostringstream line;
      line << std::setprecision(4) << "train loss " << value("train_loss") << ", ||w - theta*||^2 "
           << value("distance_sq");
      return line.str();
    });
    return out.str();
  }
};

}  // namespace

lnsgd::sim::model_entry linear_regression_entry() { return lnsgd::sim::engine_entry<recipe>(); }

}  // namespace example
