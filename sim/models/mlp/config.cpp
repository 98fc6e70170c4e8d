#include "mlp/config.hpp"

#include <cmath>

#include "lnsgd/sim/engine/validation_text.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim::models {

using detail::bad;
using detail::one_of;
using detail::show;

parameter_table<mlp_config> mlp_parameters() {
  using C = mlp_config;
  parameter_table<C> t;
  t.add("model", &C::model, "the model (lnsgd models lists them)")
      .add("data", &C::data,
           "fashion-mnist (Debian's dataset-fashion-mnist), teacher (a teacher perceptron) or mixture")
      .add("data_dir", &C::data_dir, "folder of the Fashion-MNIST IDX files (gzipped or plain)")
      .add("labels", &C::labels, "Fashion-MNIST labels: classes (10) or even-odd (class id mod 2)")
      .add("n", &C::n, "training images (class-balanced subset)")
      .add("n_validation", &C::n_validation, "validation images (disjoint, from the training split)")
      .add("n_test", &C::n_test, "test images")
      .add("input_dim", &C::input_dim, "teacher, mixture: input dimension (Fashion-MNIST: 784)")
      .add("classes", &C::classes, "mixture: number of classes (teacher: 2)")
      .add("separation", &C::separation, "mixture: distance of each class mean from the origin, in noise units")
      .add("corruption", &C::corruption, "fixed symmetric corruption of the training labels at this rate")
      .add("data_seed", &C::data_seed, "seed of the task: subset, inputs, corruption (-1: the seed)")
      .add("hidden", &C::hidden, "widths of the hidden layers (one or two)")
      .add("activation", &C::activation, "relu, erf or gelu")
      .add("parameterisation", &C::parameterisation, "ntk (W ~ N(0,1), scaled by W_std/sqrt(fan_in)) or standard")
      .add("biases", &C::biases, "layers have biases")
      .add("weight_std", &C::weight_std, "W_std of the initialisation")
      .add("bias_std", &C::bias_std, "b_std of the initialisation")
      .add("loss", &C::loss, "cross-entropy (softmax) or mse (one-hot targets, (1/2) sum_c (f_c - [c = y])^2)")
      .add("dynamics", &C::dynamics, "label-noise-sgd (--tau 0: SGD; --full-batch: GD) or sam")
      .add("eta", &C::eta, "step size")
      .add("rho", &C::rho, "SAM perturbation radius")
      .add("tau", &C::tau, "label-noise rate: per step and sample, the label is redrawn with this probability")
      .add("label_noise", &C::label_noise,
           "algorithm1 (a uniformly drawn different class, the paper's Algorithm 1) or notebook (any class)")
      .add("batch", &C::batch, "batch size")
      .add("full_batch", &C::full_batch, "all n images every step (GD; one step per epoch)")
      .add("sampling", &C::sampling, "shuffle (epochs without replacement) or replacement (Algorithm 1 as printed)")
      .add("epochs", &C::epochs, "epochs (floor(n / batch) steps each; full batch: one)")
      .add("record_every", &C::record_every, "record a row every this many epochs (and at the last)")
      .add("linearised", &C::linearised,
           "also train the network linearised at theta(0) on the same batches: none, clean (GD/SGD, no label noise, "
           "no SAM) or same (the same dynamics)")
      .add("prune_keep", &C::prune_keep, "percentages of weights kept by global magnitude pruning at the end")
      .add("validate_every", &C::validate_every,
           "every this many steps, keep theta_best, the least validation loss so far; the best_ columns report it "
           "(0: off)")
      .add("reset_prob", &C::reset_prob,
           "stochastic resetting (Bae et al., Algorithm 1): per step, the probability of returning to the checkpoint "
           "theta_c (needs validate_every)")
      .add("patience", &C::patience,
           "steps without a new validation minimum before theta_c <- theta_best (resetting starts; then theta_c "
           "follows theta_best)")
      .add("reset_layers", &C::reset_layers, "what a reset restores: all (every layer) or later (all but the first)")
      .add("gradient_bias", &C::gradient_bias,
           "with --corruption: cos_grad_cw (correct- against wrong-label gradient) per row and, with validate_every, "
           "the Langevin reduction at theta_best (peclet, pe_drift, pe_diffusion, pe_distance)")
      .add("seed", &C::seed, "seed of initialisation and noise (trajectory k uses stream k)")
      .add("trajectories", &C::trajectories, "ensemble size (seeds)")
      .add("threads", &C::threads, "OpenMP threads over trajectories (0: all cores); results never depend on it")
      .add("precision", &C::precision, "double, long-double or float50 (50 decimal digits)")
      .add("out", &C::out, "output directory (replaced only if it holds exactly a previous lnsgd output)")
      .add("quiet", &C::quiet, "no progress display");
  return t;
}

namespace {

std::optional<std::string> validate_network(const mlp_config& c) {
  if (c.hidden.empty() || c.hidden.size() > 2)
    return bad("hidden", show(c.hidden.size()) + " widths", "one or two widths");
  for (auto h : c.hidden)
    if (h < 1 || h > 100000) return bad("hidden", show(h), "widths 1 <= width <= 1e5");
  if (!parse_activation(c.activation)) return bad("activation", c.activation, "relu, erf, gelu");
  if (!one_of(c.parameterisation, {"ntk", "standard"}))
    return bad("parameterisation", c.parameterisation, "ntk, standard");
  if (!std::isfinite(c.weight_std) || c.weight_std <= 0)
    return bad("weight_std", show(c.weight_std), "a finite number > 0");
  if (!std::isfinite(c.bias_std) || c.bias_std < 0) return bad("bias_std", show(c.bias_std), "a finite number >= 0");
  return std::nullopt;
}

std::optional<std::string> validate_training(const mlp_config& c) {
  if (!one_of(c.loss, {"cross-entropy", "mse"})) return bad("loss", c.loss, "cross-entropy, mse");
  if (!one_of(c.dynamics, {"label-noise-sgd", "sam"})) return bad("dynamics", c.dynamics, "label-noise-sgd, sam");
  if (!std::isfinite(c.eta) || c.eta <= 0) return bad("eta", show(c.eta), "a finite number > 0");
  if (!std::isfinite(c.rho) || c.rho < 0) return bad("rho", show(c.rho), "a finite number >= 0");
  if (!(c.tau >= 0 && c.tau <= 1)) return bad("tau", show(c.tau), "a rate 0 <= tau <= 1");
  if (!one_of(c.label_noise, {"algorithm1", "notebook"}))
    return bad("label_noise", c.label_noise, "algorithm1, notebook");
  if (!c.full_batch && (c.batch < 1 || c.batch > c.n))
    return bad("batch", show(c.batch), "an integer 1 <= batch <= n = " + show(c.n));
  if (!one_of(c.sampling, {"shuffle", "replacement"})) return bad("sampling", c.sampling, "shuffle, replacement");
  if (c.epochs < 0 || c.epochs > 1000000) return bad("epochs", show(c.epochs), "an integer 0 <= epochs <= 1e6");
  if (c.record_every < 1) return bad("record_every", show(c.record_every), "an integer >= 1");
  if (!one_of(c.linearised, {"none", "clean", "same"})) return bad("linearised", c.linearised, "none, clean, same");
  for (auto k : c.prune_keep)
    if (k < 1 || k > 100) return bad("prune_keep", show(k), "percentages 1 <= keep <= 100");
  return std::nullopt;
}

std::optional<std::string> validate_resetting(const mlp_config& c) {
  if (c.validate_every < 0) return bad("validate_every", show(c.validate_every), "an integer >= 0 (0: off)");
  if (c.selects_best() && c.n_validation < 1)
    return bad("n_validation", show(c.n_validation), "at least 1 image when validate_every > 0");
  if (!(c.reset_prob >= 0 && c.reset_prob <= 1))
    return bad("reset_prob", show(c.reset_prob), "a probability 0 <= reset_prob <= 1");
  if (c.reset_prob > 0 && !c.selects_best())
    return bad("validate_every", show(c.validate_every), "an integer >= 1 when reset_prob > 0");
  if (c.reset_prob > 0 && c.linearised != "none")
    return bad("linearised", c.linearised, "none when reset_prob > 0 (the twin is not reset)");
  if (c.patience < 0) return bad("patience", show(c.patience), "an integer >= 0");
  if (!one_of(c.reset_layers, {"all", "later"})) return bad("reset_layers", c.reset_layers, "all, later");
  if (c.gradient_bias && !(c.corruption > 0))
    return bad("gradient_bias", "true", "false when corruption = 0 (there is no wrong-label gradient)");
  return std::nullopt;
}

std::optional<std::string> validate_run(const mlp_config& c) {
  if (c.seed < 0) return bad("seed", show(c.seed), "an integer >= 0");
  if (c.data_seed < 0) return bad("data_seed", show(c.data_seed), "an integer >= 0, or -1 for the seed");
  if (c.trajectories < 1 || c.trajectories > 100000)
    return bad("trajectories", show(c.trajectories), "an integer 1 <= trajectories <= 1e5");
  if (c.threads < 0 || c.threads > 4096) return bad("threads", show(c.threads), "an integer 0 <= threads <= 4096");
  if (!parse_precision(c.precision)) return bad("precision", c.precision, "double, long-double, float50");
  if (c.out.empty()) return bad("out", "\"\"", "a directory path");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> resolve_mlp(mlp_config& c) {
  if (c.data_seed == -1) c.data_seed = c.seed;
  if (auto e = data::validate(mlp_task(c))) return e;
  if (auto e = validate_network(c)) return e;
  if (auto e = validate_training(c)) return e;
  if (auto e = validate_resetting(c)) return e;
  return validate_run(c);
}

resetting_options mlp_resetting(const mlp_config& c) {
  return {c.reset_prob, std::uint64_t(c.patience), std::uint64_t(std::max<std::int64_t>(1, c.validate_every)),
          c.reset_layers == "later"};
}

data::task_spec mlp_task(const mlp_config& c) {
  data::task_spec s;
  s.source = c.data;
  s.data_dir = c.data_dir;
  s.labels = c.labels;
  s.n_train = c.n;
  s.n_validation = c.n_validation;
  s.n_test = c.n_test;
  s.input_dim = c.input_dim;
  s.classes = c.classes;
  s.separation = c.separation;
  s.corruption = c.corruption;
  s.seed = static_cast<std::uint64_t>(c.data_seed);
  return s;
}

architecture mlp_architecture(const mlp_config& c, std::int64_t inputs, std::int64_t classes) {
  architecture a;
  a.inputs = inputs;
  a.hidden = c.hidden;
  a.classes = classes;
  a.act = *parse_activation(c.activation);
  a.param = c.parameterisation == "ntk" ? parameterisation::ntk : parameterisation::standard;
  a.biases = c.biases;
  a.weight_std = c.weight_std;
  a.bias_std = c.bias_std;
  return a;
}

}  // namespace lnsgd::sim::models
