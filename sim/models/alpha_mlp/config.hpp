#pragma once
// What a run of `--model alpha-mlp` accepts (docs/models.md, "alpha-mlp"): the binary task, the network, alpha, the
// step or the temperature, the batch and the step cap, and the run's seeds, ensemble, precision and output.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lnsgd/sim/data/fashion_mnist.hpp"
#include "lnsgd/sim/engine/parameters.hpp"

namespace lnsgd::sim::models {

struct alpha_mlp_config {
  std::string model = "alpha-mlp";
  std::string dynamics = "sgd";
  std::string data = "teacher";  // fashion-mnist (even-odd) | teacher
  std::string data_dir = data::fashion_mnist_package_dir;
  std::int64_t n = 256, n_test = 2000, input_dim = 20;
  std::vector<std::int64_t> hidden = {128};
  std::string activation = "relu";              // normalised: E[phi(z)^2] = 1
  double alpha = 1, eta = 1, temperature = -1;  // temperature > 0 sets eta = T h B
  std::int64_t batch = 16;
  std::int64_t steps = 1000000;  // the cap
  std::int64_t record_points = 40;
  std::int64_t seed = 1, data_seed = -1, init_seed = -1, trajectories = 1, threads = 0;
  std::string precision = "double";
  std::string out = "lnsgd-out";
  bool quiet = false;

  double width() const { return double(hidden.back()); }                          // h of the mean-field output
  double temperature_of_step() const { return eta / (width() * double(batch)); }  // T = dt/(h B)
};

const parameter_table<alpha_mlp_config>& alpha_mlp_parameters();

// Seeds -1 -> the seed; eta from a given temperature (eta = T h B; both given: they must agree); then
// "field = value (accepted: ...)" for the first field out of range, or nullopt. Reads no files.
std::optional<std::string> resolve_alpha_mlp(alpha_mlp_config& c, const std::set<std::string>& given);

}  // namespace lnsgd::sim::models
