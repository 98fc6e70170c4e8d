#include "resetting_sgd.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "resetting_decisions.hpp"

namespace lnsgd::checks::resetting {

using sim::models::mlp_config;

namespace {

// The Fashion-MNIST arm: 784 inputs make a step about 30 times dearer, so fewer images and steps.
void fashion_mnist_scale(bool full, mlp_config& c) {
  c.data = "fashion-mnist";
  c.n = full ? 1000 : 200;
  c.n_validation = c.n;
  c.n_test = full ? 2000 : 500;
  c.hidden = {full ? 128 : 64};
  c.epochs = std::max<std::int64_t>(1, (full ? 8000 : 2000) / c.steps_per_epoch());
  c.record_every = std::max<std::int64_t>(1, c.epochs / 40);
  c.validate_every = 50;
  c.patience = full ? 1000 : 300;
  c.trajectories = full ? 8 : 5;
  c.gradient_bias = false;  // its line search over 784-d images is not needed by the claim
}

}  // namespace

mlp_config arm_config(profile p, const arm_spec& s) {
  const bool full = p == profile::full;
  mlp_config c;
  c.data = "teacher";
  c.input_dim = 20;
  c.n = full ? 500 : 250;
  c.n_validation = full ? 500 : 250;
  c.n_test = full ? 4000 : 2000;
  c.corruption = s.tau;
  c.hidden = {full ? 256 : 128};
  c.activation = "relu";
  c.parameterisation = "standard";
  c.loss = "cross-entropy";
  c.eta = 0.05;
  c.batch = s.batch;
  c.sampling = "replacement";
  const std::int64_t steps = full ? 20000 : 6000;
  c.epochs = std::max<std::int64_t>(1, steps / c.steps_per_epoch());
  c.record_every = std::max<std::int64_t>(1, c.epochs / 40);
  c.prune_keep = {100};
  c.validate_every = 10;
  c.patience = full ? 500 : 300;
  c.reset_prob = s.reset_prob;
  c.reset_layers = s.layers;
  c.gradient_bias = s.tau > 0;  // cos phi_cw and the Langevin reduction at theta_best
  c.trajectories = full ? 12 : 5;
  c.seed = s.seed;
  c.data_seed = 1;
  if (s.data == "fashion-mnist") fashion_mnist_scale(full, c);
  return c;
}

namespace {

arm train_arm(profile p, const arm_spec& s) {
  const auto c = arm_config(p, s);
  arm a{s, sim::models::run_mlp_series(c, sim::data::make_task(sim::models::mlp_task(c))), {}, {}, {}, {}};
  for (const auto& series : a.series) {
    a.accuracy.push_back(series.at("best_test_acc", -1));
    a.memorised.push_back(s.tau > 0 ? series.at("memorised", -1) : 0.0);
    a.resets.push_back(series.at("resets", -1));
    a.peclet.push_back(c.gradient_bias ? series.at("peclet", -1) : std::nan(""));
  }
  return a;
}

}  // namespace

const arm& run_arm(profile p, const arm_spec& s) {
  using key = std::tuple<int, double, std::int64_t, double, std::string, std::int64_t, std::string>;
  static std::mutex m;
  static std::map<key, std::unique_ptr<arm>> kept;
  const key k{int(p), s.tau, s.batch, s.reset_prob, s.layers, s.seed, s.data};
  std::lock_guard lock(m);
  auto& slot = kept[k];
  if (!slot) slot = std::make_unique<arm>(train_arm(p, s));
  return *slot;
}

const arm& placebo_arm(profile p, double tau, std::int64_t batch) { return run_arm(p, {tau, batch, 0, "all", 1000}); }

std::vector<double> gain(const arm& with, const arm& without) { return relative_gain(with.accuracy, without.accuracy); }

nlohmann::json arm_json(const arm& a) {
  return {{"tau", a.spec.tau},       {"batch", a.spec.batch},       {"reset_prob", a.spec.reset_prob},
          {"layers", a.spec.layers}, {"best_test_acc", a.accuracy}, {"memorised", a.memorised},
          {"resets", a.resets}};
}

nlohmann::json setup_json(profile p) {
  auto j = mlp_config_json(arm_config(p, {}));
  const auto c = arm_config(p, {});
  j["n_validation"] = c.n_validation;
  j["validate_every"] = c.validate_every;
  j["patience"] = c.patience;
  j["steps_per_arm"] = "about " + std::to_string(p == profile::full ? 20000 : 6000) + " (whole epochs of n/B steps)";
  return j;
}

data_table curve_table() {
  return data_table("curves",
                    "ensemble means per record epoch: the current theta's memorisation and test accuracy, and "
                    "theta_best's test accuracy",
                    {"reset_prob", "epoch", "memorised", "test_acc", "best_test_acc"});
}

void add_curves(data_table& t, double label, const arm& a) {
  const auto mem = mean_curve(a.series, "memorised"), acc = mean_curve(a.series, "test_acc"),
             best = mean_curve(a.series, "best_test_acc");
  for (std::size_t r = 0; r < mem.size(); ++r)
    t.add({label, a.series.front().at("epoch", long(r)), mem[r], acc[r], best[r]});
}

}  // namespace lnsgd::checks::resetting
