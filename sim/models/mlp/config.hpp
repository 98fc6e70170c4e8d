#pragma once
// What a run of `--model mlp` accepts (docs/models.md, "mlp"): the task, the network, the training dynamics and
// label noise, the lazy twin, pruning, and the run's seeds, ensemble, precision and output. Fields, defaults and
// help live in one table (mlp_parameters) that the command line, config files and metadata all read.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/data/fashion_mnist.hpp"
#include "lnsgd/sim/data/task.hpp"
#include "lnsgd/sim/engine/parameters.hpp"
#include "mlp/network.hpp"
#include "mlp/resetting.hpp"

namespace lnsgd::sim::models {

struct mlp_config {
  std::string model = "mlp";
  // The task (sim/data/task.hpp).
  std::string data = "teacher";  // fashion-mnist | teacher | mixture
  std::string data_dir = data::fashion_mnist_package_dir;
  std::string labels = "classes";  // classes | even-odd (Fashion-MNIST)
  std::int64_t n = 256, n_validation = 256, n_test = 1000;
  std::int64_t input_dim = 20, classes = 2;
  double separation = 2, corruption = 0;
  std::int64_t data_seed = -1;  // -1: the seed
  // The network (mlp/network.hpp).
  std::vector<std::int64_t> hidden = {256};
  std::string activation = "erf";
  std::string parameterisation = "ntk";
  bool biases = true;
  double weight_std = 1, bias_std = 1;
  // Training.
  std::string loss = "cross-entropy";        // cross-entropy | mse (one-hot)
  std::string dynamics = "label-noise-sgd";  // label-noise-sgd | sam
  double eta = 0.1, rho = 0.05, tau = 0;
  std::string label_noise = "algorithm1";  // algorithm1 | notebook
  std::int64_t batch = 64;
  bool full_batch = false;
  std::string sampling = "shuffle";  // shuffle | replacement
  std::int64_t epochs = 20, record_every = 1;
  std::string linearised = "none";  // none | clean | same
  std::vector<std::int64_t> prune_keep = {100, 50, 20, 10, 5, 2, 1};
  // Model selection on the validation loss and stochastic resetting (Bae et al., Algorithm 1; mlp/resetting.hpp).
  std::int64_t validate_every = 0;  // 0: off
  double reset_prob = 0;
  std::int64_t patience = 500;
  std::string reset_layers = "all";  // all | later
  bool gradient_bias = false;        // the latent gradient bias columns (mlp/gradient_bias.hpp)
  // The run.
  std::int64_t seed = 1, trajectories = 1, threads = 0;
  std::string precision = "double";
  std::string out = "lnsgd-out";
  bool quiet = false;

  std::int64_t steps_per_epoch() const { return full_batch ? 1 : std::max<std::int64_t>(1, n / batch); }
  std::int64_t steps() const { return epochs * steps_per_epoch(); }
  bool selects_best() const { return validate_every > 0; }
};

parameter_table<mlp_config> mlp_parameters();

// data_seed = seed when -1; then "field = value (accepted: ...)" for the first field out of range, or nullopt.
// Reads no files (the task is built, and its files checked, by mlp_task).
std::optional<std::string> resolve_mlp(mlp_config& c);

// The task spec and the architecture of a resolved config.
data::task_spec mlp_task(const mlp_config& c);
architecture mlp_architecture(const mlp_config& c, std::int64_t inputs, std::int64_t classes);
resetting_options mlp_resetting(const mlp_config& c);

}  // namespace lnsgd::sim::models
