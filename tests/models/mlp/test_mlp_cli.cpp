// `lnsgd simulate --model mlp` (sim/models/mlp/registration.cpp; docs/models.md, "mlp"): its tables and
// metadata, reproducibility across thread counts, the linearised twin, pruning, and one-line errors for bad input
// and a missing data package (exit 2, nothing written).
#include <nlohmann/json.hpp>

#include "lnsgd/sim/engine/registry.hpp"
#include "mlp/network.hpp"
#include "mlp/pruning.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> quick(const std::string& out, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {
      "simulate", "--model",        "mlp", "--data",   "mixture", "--classes", "3",  "--input-dim", "8", "--n",
      "48",       "--n-validation", "24",  "--n-test", "60",      "--hidden",  "16", "--batch",     "8", "--epochs",
      "4",        "--eta",          "1",   "--quiet",  "--out",   out};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> csv_lines(const fs::path& p) {
  std::istringstream in(test::slurp(p));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("mlp from the command line: per-epoch rows, pruning table, metadata", "[model][mlp][cli]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli(quick(tmp / "o", {"--trajectories", "2", "--tau", "0.2", "--linearised", "clean"}));
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("mlp") != std::string::npos);
  const auto rows = csv_lines(tmp.path / "o/trajectory.csv");
  REQUIRE(!rows.empty());
  CHECK(rows[0] ==
        "trajectory,step,epoch,train_loss,train_acc,val_loss,val_acc,test_loss,test_acc,w_norm_1,w_norm_2,"
        "theta_move,lin_train_loss,lin_test_loss,lin_test_acc,lin_distance,lin_move");
  CHECK(rows.size() == 1 + 2 * 5);  // epochs 0..4, two trajectories
  CHECK(rows[1].rfind("0,0,0,", 0) == 0);
  CHECK(rows[5].rfind("0,24,4,", 0) == 0);  // 48 / 8 = 6 steps per epoch
  const auto pruning = csv_lines(tmp.path / "o/pruning.csv");
  CHECK(pruning[0] == "trajectory,keep_percent,test_loss,test_acc");
  CHECK(pruning.size() == 1 + 2 * 7);
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "o/metadata.json"));
  CHECK(meta["config"]["model"] == "mlp");
  CHECK(meta["steps_per_epoch"] == 6);
  CHECK(meta["parameter_count"] == 8 * 16 + 16 + 16 * 3 + 3);
  CHECK(meta["task"].get<std::string>().find("mixture") != std::string::npos);
  const auto& last = meta["results"]["trajectories"][1]["final"];
  CHECK(last["lin_distance"].get<double>() > 0);  // label noise moves the net away from its clean twin
  CHECK(last["test_acc"].get<double>() > 0.4);    // three classes: chance is 1/3
}

TEST_CASE("mlp runs are the same bits for any thread count, and the twin of label-free GD is the net at epoch 0",
          "[model][mlp][cli]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(quick(tmp / "a", {"--trajectories", "3", "--threads", "1", "--tau", "0.1"})).code == 0);
  REQUIRE(test::run_cli(quick(tmp / "b", {"--trajectories", "3", "--threads", "2", "--tau", "0.1"})).code == 0);
  CHECK(test::slurp(tmp.path / "a/trajectory.csv") == test::slurp(tmp.path / "b/trajectory.csv"));
  CHECK(test::slurp(tmp.path / "a/pruning.csv") == test::slurp(tmp.path / "b/pruning.csv"));
  REQUIRE(test::run_cli(quick(tmp / "c", {"--linearised", "same", "--epochs", "0"})).code == 0);
  const auto rows = csv_lines(tmp.path / "c/trajectory.csv");
  REQUIRE(rows.size() == 2);                               // a header and epoch 0
  CHECK(rows[1].substr(rows[1].rfind(',') - 1) == "0,0");  // lin_distance and lin_move at theta(0)
}

TEST_CASE("mlp rejects bad input with one line naming the field, and a missing data package before writing",
          "[model][mlp][cli]") {
  test::scratch_dir tmp;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--hidden", "4,4,4"}, "widths (accepted: one or two widths)"},
      {{"--activation", "tanh"}, "activation = tanh (accepted: relu, erf, gelu)"},
      {{"--tau", "1.5"}, "tau = 1.5"},
      {{"--batch", "100"}, "batch = 100 (accepted: an integer 1 <= batch <= n = 48)"},
      {{"--loss", "hinge"}, "loss = hinge"},
      {{"--linearised", "yes"}, "linearised = yes"},
      {{"--prune-keep", "0"}, "prune_keep = 0"},
      {{"--label-noise", "gaussian"}, "label_noise = gaussian"}};
  for (const auto& [more, message] : cases) {
    const auto r = test::run_cli(quick(tmp / "o", more));
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(test::lines(r.err) == 1);
    CHECK(r.err.find(message) != std::string::npos);
  }
  const auto r = test::run_cli({"simulate", "--model", "mlp", "--data", "fashion-mnist", "--data-dir",
                                tmp / "no-such-folder", "--quiet", "--out", tmp / "f"});
  CHECK(r.code == 2);
  CHECK(test::lines(r.err) == 1);
  CHECK(r.err.find("no-such-folder") != std::string::npos);
  CHECK(r.err.find("--data-dir") != std::string::npos);
  CHECK(!fs::exists(tmp.path / "o"));
  CHECK(!fs::exists(tmp.path / "f"));
}

TEST_CASE("global magnitude pruning keeps exactly the largest weights and every bias", "[model][mlp]") {
  sim::models::architecture a;
  a.inputs = 3;
  a.hidden = {4};
  a.classes = 2;
  const sim::models::mlp<double> net(a);
  sim::vector_t<double> theta;
  net.initialize(theta, sim::philox_noise(3, 0));
  const auto pruned = sim::models::magnitude_pruned(net, theta, 0.25);  // 5 of the 20 weights
  std::vector<double> kept, dropped;
  for (Eigen::Index l = 0; l < net.layers(); ++l) {
    for (Eigen::Index j = 0; j < net.weight_count(l); ++j) {
      const auto q = net.weight_offset(l) + j;
      (pruned[q] == 0 ? dropped : kept).push_back(std::abs(theta[q]));
      if (pruned[q] != 0) CHECK(pruned[q] == theta[q]);
    }
    const auto b = net.weight_offset(l) + net.weight_count(l);
    const auto width = l == 0 ? 4 : 2;
    CHECK(pruned.segment(b, width) == theta.segment(b, width));
  }
  REQUIRE(kept.size() == 5);
  CHECK(*std::min_element(kept.begin(), kept.end()) >= *std::max_element(dropped.begin(), dropped.end()));
  CHECK(sim::models::magnitude_pruned(net, theta, 1.0) == theta);
}
