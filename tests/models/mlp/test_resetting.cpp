// Stochastic resetting of SGD (Bae, Song, Jeong, Algorithm 1; sim/models/mlp/resetting.hpp, docs/models.md "mlp"):
// with r = 0 the trajectory is plain SGD and theta_best is the validation-loss minimum of the rows; with r = 1 the
// run stays at theta_best once resetting starts (early stopping); resets of the later layers leave the first layer
// moving; runs are the same bits for any thread count; bad resetting input is one line and exit 2.
#include <nlohmann/json.hpp>

#include "mlp/gradient_bias.hpp"
#include "mlp/series.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using sim::models::mlp_config;

namespace {

mlp_config corrupted_teacher() {
  mlp_config c;
  c.data = "teacher";
  c.input_dim = 6;
  c.n = 64;
  c.n_validation = 64;
  c.n_test = 200;
  c.corruption = 0.4;
  c.hidden = {32};
  c.activation = "relu";
  c.parameterisation = "standard";
  c.batch = 8;
  c.eta = 0.1;
  c.epochs = 60;
  c.record_every = 5;
  c.trajectories = 2;
  c.prune_keep = {100};
  c.validate_every = 8;  // one epoch: every record step is a validation step
  c.patience = 40;
  REQUIRE(!sim::models::resolve_mlp(c));
  return c;
}

std::vector<sim::models::mlp_series> run(const mlp_config& c) {
  return sim::models::run_mlp_series(c, sim::data::make_task(sim::models::mlp_task(c)));
}

}  // namespace

TEST_CASE("resetting at r = 0 is plain SGD, and theta_best is the least validation loss seen", "[mlp][resetting]") {
  auto c = corrupted_teacher();
  const auto selected = run(c);
  c.validate_every = 0;
  const auto plain = run(c);
  for (std::size_t k = 0; k < plain.size(); ++k) {
    const auto& s = selected[k];
    REQUIRE(s.rows.size() == plain[k].rows.size());
    double least = s.at("val_loss", 0), least_test_acc = s.at("test_acc", 0);
    for (long i = 0; i < long(s.rows.size()); ++i) {
      CHECK(s.at("test_loss", i) == plain[k].at("test_loss", i));  // the same trajectory
      CHECK(s.at("resets", i) == 0);
      // Validations at every record step after the row is taken: the best is the minimum of the rows before it
      // (with the validations between records, it can only be lower).
      CHECK(s.at("best_val_loss", i) <= least);
      if (s.at("best_val_loss", i) == least) CHECK(s.at("best_test_acc", i) == least_test_acc);
      if (s.at("val_loss", i) < least) least = s.at("val_loss", i), least_test_acc = s.at("test_acc", i);
    }
    CHECK(s.at("memorised", -1) > s.at("best_memorised", -1));  // 40% corruption: SGD memorises, theta_best less
  }
}

TEST_CASE("resetting at r = 1 holds the run at theta_best once the validation loss stalls (early stopping)",
          "[mlp][resetting]") {
  auto c = corrupted_teacher();
  c.reset_prob = 1;
  for (const auto& s : run(c)) {
    CHECK(s.at("resets", -1) > 0);
    CHECK(s.at("val_loss", -1) == s.at("best_val_loss", -1));
    CHECK(s.at("test_acc", -1) == s.at("best_test_acc", -1));
    CHECK(s.at("memorised", -1) == s.at("best_memorised", -1));
  }
  // Control: resetting only the later layers leaves the first layer training, so the run leaves theta_best.
  c.reset_layers = "later";
  for (const auto& s : run(c)) {
    CHECK(s.at("resets", -1) > 0);
    CHECK(s.at("val_loss", -1) != s.at("best_val_loss", -1));
  }
}

TEST_CASE("resetting draws U from its own stream: a small r resets about r per step, the same for any thread count",
          "[mlp][resetting]") {
  auto c = corrupted_teacher();
  c.reset_prob = 0.05;
  c.patience = 0;  // resetting from the first validation on
  c.trajectories = 3;
  c.threads = 1;
  const auto one = run(c);
  c.threads = 2;
  const auto two = run(c);
  const double steps = double(c.steps() - c.validate_every);
  for (std::size_t k = 0; k < one.size(); ++k) {
    CHECK(one[k].rows == two[k].rows);
    const double resets = one[k].at("resets", -1);
    CHECK(std::abs(resets - c.reset_prob * steps) < 4 * std::sqrt(c.reset_prob * steps));  // binomial, 4 sd
  }
}

TEST_CASE("bad resetting input is one line naming the field, exit 2, nothing written", "[mlp][resetting][cli]") {
  test::scratch_dir tmp;
  const std::vector<std::string> base = {
      "simulate", "--model",  "mlp", "--n",     "24", "--n-validation", "8", "--n-test", "8",     "--input-dim",
      "4",        "--hidden", "4",   "--batch", "4",  "--epochs",       "2", "--quiet",  "--out", tmp / "o"};
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--reset-prob", "1.5", "--validate-every", "1"}, "reset_prob = 1.5 (accepted: a probability"},
      {{"--reset-prob", "-0.1", "--validate-every", "1"}, "reset_prob = -0.1"},
      {{"--reset-prob", "0.1"}, "validate_every = 0 (accepted: an integer >= 1 when reset_prob > 0)"},
      {{"--validate-every", "-3"}, "validate_every = -3"},
      {{"--validate-every", "1", "--n-validation", "0"}, "n_validation = 0"},
      {{"--reset-prob", "0.1", "--validate-every", "1", "--patience", "-1"}, "patience = -1"},
      {{"--reset-prob", "0.1", "--validate-every", "1", "--reset-layers", "first"}, "reset_layers = first"},
      {{"--reset-prob", "0.1", "--validate-every", "1", "--linearised", "clean"}, "linearised = clean"},
      {{"--gradient-bias"}, "gradient_bias = true"}};
  for (const auto& [more, message] : cases) {
    auto args = base;
    args.insert(args.end(), more.begin(), more.end());
    const auto r = test::run_cli(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(test::lines(r.err) == 1);
    CHECK(r.err.find(message) != std::string::npos);
  }
  CHECK(!std::filesystem::exists(tmp.path / "o"));
  auto args = base;
  args.insert(args.end(), {"--reset-prob", "0.2", "--validate-every", "2", "--patience", "0", "--corruption", "0.3",
                           "--gradient-bias"});
  const auto r = test::run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "o/metadata.json"));
  CHECK(meta["results"]["trajectories"][0]["resets"].get<int>() > 0);
  CHECK(meta["results"]["trajectories"][0]["final"].contains("best_test_acc"));
  CHECK(meta["results"]["trajectories"][0]["final"].contains("cos_grad_cw"));
  CHECK(meta["results"]["trajectories"][0]["final"].contains("peclet"));
}

TEST_CASE("the latent gradient bias: the split recombines to the gradient, and the reduction's D scales as 1/B",
          "[mlp][resetting][gradient-bias]") {
  auto c = corrupted_teacher();
  c.n = 24;
  c.hidden = {6};
  c.input_dim = 3;
  const auto d = sim::data::make_task(sim::models::mlp_task(c));
  const sim::models::mlp<double> net(sim::models::mlp_architecture(c, d.input_dim(), d.classes));
  sim::vector_t<double> theta;
  net.initialize(theta, sim::philox_noise(3, 0));
  const sim::softmax_cross_entropy<double> loss;
  const auto split = sim::models::split_gradient(net, theta, d, loss);
  double wrong = 0;
  for (bool b : d.corrupted) wrong += b;
  const double f = wrong / double(d.train.n());
  REQUIRE(f > 0);
  std::vector<Eigen::Index> all(std::size_t(d.train.n())), one(1);
  std::iota(all.begin(), all.end(), Eigen::Index(0));
  const auto full = sim::models::mean_gradient(net, theta, d.train.x, d.train.labels, all, loss);
  CHECK(((1 - f) * split.correct + f * split.wrong - full).norm() < 1e-14 * full.norm());
  CHECK(std::abs(split.cos_cw) <= 1);
  const auto r8 = sim::models::reduce_along_clean_descent(net, theta, d, loss, 0.1, 8);
  const auto r32 = sim::models::reduce_along_clean_descent(net, theta, d, loss, 0.1, 32);
  CHECK(r8.diffusion == Approx(4 * r32.diffusion).epsilon(1e-12));
  CHECK(r8.peclet == Approx(r32.peclet / 4).epsilon(1e-12));
  CHECK(r8.distance >= 0);
  // The per-sample projections by one JVP agree with per-sample backpropagation.
  const sim::vector_t<double> u = -split.true_risk.normalized();
  double mean = 0, square = 0;
  for (Eigen::Index k = 0; k < d.train.n(); ++k) {
    one[0] = k;
    const double g = sim::models::mean_gradient(net, theta, d.train.x, d.train.labels, one, loss).dot(u);
    mean += g / double(d.train.n());
    square += g * g / double(d.train.n());
  }
  CHECK(r8.diffusion == Approx(0.1 * (square - mean * mean) / 16).epsilon(1e-10));
  CHECK(r8.drift == Approx(-full.dot(u)).epsilon(1e-12));
}
