#include "alpha_mlp/config.hpp"

#include <cmath>

#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/precision.hpp"
#include "mlp/activation.hpp"

namespace lnsgd::sim::models {

using detail::bad;
using detail::show;

const parameter_table<alpha_mlp_config>& alpha_mlp_parameters() {
  using C = alpha_mlp_config;
  static const auto t = [] {
    parameter_table<C> p;
    p.add("model", &C::model, "the model (lnsgd models lists them)")
        .add("dynamics", &C::dynamics, "sgd: B distinct indices per step, w += (dt/B) sum_unfit y grad f(w; x)")
        .add("data", &C::data,
             "fashion-mnist (even vs odd class id, y = +1 for even) or teacher (a teacher perceptron)")
        .add("data_dir", &C::data_dir, "folder of the Fashion-MNIST IDX files (gzipped or plain)")
        .add("n", &C::n, "P: training points (class-balanced subset)")
        .add("n_test", &C::n_test, "test points")
        .add("input_dim", &C::input_dim, "teacher: input dimension (Fashion-MNIST: 784)")
        .add("hidden", &C::hidden, "widths of the hidden layers (1 to 5); the last is h of the 1/h output")
        .add("activation", &C::activation, "relu, gelu or erf, normalised so that E[phi(z)^2] = 1")
        .add("alpha", &C::alpha, "alpha > 0: F = alpha (f(w) - f(w0)), loss relu(1 - F y)/alpha")
        .add("eta", &C::eta, "dt > 0: the step (temperature T = dt/(h B))")
        .add("temperature", &C::temperature, "T > 0 sets dt = T h B (-1: dt is eta)")
        .add("batch", &C::batch, "B: distinct training indices per step (1 <= B <= P)")
        .add("steps", &C::steps, "step cap: a run not at zero training loss by then is reported as not converged")
        .add("record_points", &C::record_points, "rows of trajectory.csv on a log grid of steps (and the last step)")
        .add("seed", &C::seed, "seed of the batches (trajectory k uses stream k)")
        .add("data_seed", &C::data_seed, "seed of the task: subset, teacher, inputs (-1: the seed)")
        .add("init_seed", &C::init_seed, "seed of w0, N(0, 1) entries (-1: the seed; trajectory k uses stream k)")
        .add("trajectories", &C::trajectories, "ensemble size (batch sequences and w0 on the same data)")
        .add("threads", &C::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it")
        .add("precision", &C::precision, "double, long-double or float50 (50 decimal digits)")
        .add("out", &C::out, "output directory (replaced only if it holds exactly a previous lnsgd output)")
        .add("quiet", &C::quiet, "no progress display");
    return p;
  }();
  return t;
}

namespace {

std::optional<std::string> check_network(const alpha_mlp_config& c) {
  if (c.hidden.empty() || c.hidden.size() > 5)
    return bad("hidden", show(c.hidden.size()) + " widths", "one to five widths");
  for (auto h : c.hidden)
    if (h < 1 || h > 100000) return bad("hidden", show(h), "widths 1 <= width <= 1e5");
  if (!parse_activation(c.activation)) return bad("activation", c.activation, "relu, gelu, erf");
  if (!std::isfinite(c.alpha) || c.alpha <= 0) return bad("alpha", show(c.alpha), "a finite number > 0");
  return std::nullopt;
}

// eta from the temperature, or the temperature checked against eta when both are given.
std::optional<std::string> resolve_step(alpha_mlp_config& c, const std::set<std::string>& given) {
  if (c.temperature == -1) return std::nullopt;
  if (!std::isfinite(c.temperature) || c.temperature <= 0)
    return bad("temperature", show(c.temperature), "a finite number > 0, or -1 for eta's");
  const double dt = c.temperature * c.width() * double(c.batch);
  if (given.count("eta") && c.eta != dt)
    return bad("temperature", show(c.temperature),
               "eta/(h B) = " + show(c.temperature_of_step()) + " when eta is given too, or one of them alone");
  c.eta = dt;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> resolve_alpha_mlp(alpha_mlp_config& c, const std::set<std::string>& given) {
  if (c.data_seed == -1) c.data_seed = c.seed;
  if (c.init_seed == -1) c.init_seed = c.seed;
  if (c.dynamics != "sgd") return bad("dynamics", c.dynamics, "sgd");
  if (c.data != "fashion-mnist" && c.data != "teacher") return bad("data", c.data, "fashion-mnist, teacher");
  if (c.n < 2 || c.n > 60000) return bad("n", show(c.n), "an integer 2 <= n <= 60000");
  if (c.n_test < 1 || c.n_test > 10000) return bad("n_test", show(c.n_test), "an integer 1 <= n_test <= 10000");
  if (c.input_dim < 1 || c.input_dim > 100000)
    return bad("input_dim", show(c.input_dim), "an integer 1 <= input_dim <= 1e5");
  if (auto error = check_network(c)) return error;
  if (c.batch < 1 || c.batch > c.n) return bad("batch", show(c.batch), "an integer 1 <= batch <= n = " + show(c.n));
  if (auto error = resolve_step(c, given)) return error;
  if (!std::isfinite(c.eta) || c.eta <= 0) return bad("eta", show(c.eta), "a finite number > 0");
  if (c.steps < 0 || c.steps > 1000000000000) return bad("steps", show(c.steps), "an integer 0 <= steps <= 1e12");
  if (c.record_points < 1 || c.record_points > 100000)
    return bad("record_points", show(c.record_points), "an integer 1 <= record_points <= 1e5");
  if (c.seed < 0) return bad("seed", show(c.seed), "an integer >= 0");
  if (c.data_seed < 0) return bad("data_seed", show(c.data_seed), "an integer >= 0, or -1 for the seed");
  if (c.init_seed < 0) return bad("init_seed", show(c.init_seed), "an integer >= 0, or -1 for the seed");
  if (c.trajectories < 1 || c.trajectories > 100000)
    return bad("trajectories", show(c.trajectories), "an integer 1 <= trajectories <= 1e5");
  if (c.threads < 0 || c.threads > 4096) return bad("threads", show(c.threads), "an integer 0 <= threads <= 4096");
  if (!parse_precision(c.precision)) return bad("precision", c.precision, "double, long-double, float50");
  if (c.out.empty()) return bad("out", "\"\"", "a directory path");
  return std::nullopt;
}

}  // namespace lnsgd::sim::models
