// The command line: bad input is one line naming the field, a non-zero exit, and no output left behind;
// divergence is reported with its step; configs and flags combine as documented.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lnsgd/sim/cuda/ensemble.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> tiny = {"--m", "8", "--d", "3", "--n", "10", "--steps", "50", "--quiet"};

std::vector<std::string> simulate(std::vector<std::string> extra, const std::string& out) {
  std::vector<std::string> a = {"simulate"};
  a.insert(a.end(), tiny.begin(), tiny.end());
  a.insert(a.end(), extra.begin(), extra.end());
  a.insert(a.end(), {"--out", out});
  return a;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Nothing of a run may remain: neither the output directory nor a staging sibling.
bool nothing_written(const test::scratch_dir& tmp) {
  for (const auto& e : fs::directory_iterator(tmp.path))
    if (e.path().filename() != "cfg.json") return false;
  return true;
}

// The escape steps of trajectory k in an escape.csv, sorted (neurons that never escaped left out).
std::vector<std::int64_t> sorted_escape_steps(const fs::path& csv_path, const std::string& k) {
  std::istringstream csv(test::slurp(csv_path));
  std::string line;
  std::getline(csv, line);
  std::vector<std::int64_t> out;
  while (std::getline(csv, line)) {
    const auto c1 = line.find(','), c2 = line.rfind(',');
    if (line.substr(0, c1) == k && c2 + 1 < line.size()) out.push_back(std::stoll(line.substr(c2 + 1)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("invalid parameters give a one-line error naming the field", "[cli][input]") {
  struct bad_case {
    std::vector<std::string> args;
    std::string field;
  };
  const std::vector<bad_case> cases = {
      {{"--m", "0"}, "m = 0"},
      {{"--eta", "-1"}, "eta = -1"},
      {{"--eta", "0"}, "eta = 0"},
      {{"--eta", "nan"}, "eta = nan"},
      {{"--sigma", "-0.5"}, "sigma = -0.5"},
      {{"--batch", "11"}, "batch = 11"},
      {{"--precision", "quad"}, "precision = quad"},
      {{"--dynamics", "adam"}, "dynamics = adam"},
      {{"--theta-star-norm", "-2"}, "theta_star_norm = -2"},
      {{"--stop-escaped-fraction", "1.5"}, "stop_escaped_fraction = 1.5"},
      {{"--eta", "fast"}, "--eta"},
      {{"--no-such-flag", "1"}, "--no-such-flag"},
  };
  for (const auto& c : cases) {
    test::scratch_dir tmp;
    const auto r = test::run_cli(simulate(c.args, tmp / "out"));
    INFO(c.args[0] << " " << c.args[1] << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.field) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
    CHECK(nothing_written(tmp));
  }
}

TEST_CASE("bad JSON configs give a one-line error naming the file and key", "[cli][input][config]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"m\": 10,", "malformed JSON"},
      {"{\"m\": 10, \"learning_rate\": 0.1}", "unknown key 'learning_rate'"},
      {"{\"eta\": \"small\"}", "eta = \"small\""},
      {"{\"m\": 2.5}", "m = 2.5"},
      {"[1, 2]", "JSON object"},
      {"{\"sigma\": -3}", "sigma = -3"},
  };
  for (const auto& [text, expected] : cases) {
    test::scratch_dir tmp;
    write(tmp / "cfg.json", text);
    const auto r = test::run_cli({"simulate", "--config", tmp / "cfg.json", "--out", tmp / "out"});
    INFO(text << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(expected) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(nothing_written(tmp));
  }
}

TEST_CASE("an unwritable output directory is an error naming out", "[cli][input]") {
  test::scratch_dir tmp;
  write(tmp / "file", "not a directory");
  for (const std::string& out : std::vector<std::string>{"/proc/lnsgd-cannot-write-here", tmp / "file", tmp / "file/sub"}) {
    const auto r = test::run_cli(simulate({}, out));
    INFO(out << " -> " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find("out = ") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK(test::slurp(tmp / "file") == "not a directory");
}

TEST_CASE("divergence is detected and reported with its step, never as a number", "[cli][divergence]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli(simulate({"--eta", "2", "--steps", "2000"}, tmp / "out"));
  CHECK(r.code == 3);
  CHECK(r.err.find("diverged at step") != std::string::npos);
  const auto meta = nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"));
  CHECK(meta["results"]["status"] == "diverged");
  const auto& traj = meta["results"]["trajectories"][0];
  CHECK(traj["divergence"]["step"].get<int>() < 2000);
  const auto csv = test::slurp(tmp / "out/trajectory.csv");
  for (const char* bad : {"nan", "inf", "NaN", "Inf"}) CHECK(csv.find(bad) == std::string::npos);
}

TEST_CASE("a stable run is not reported as diverged", "[cli][divergence][control]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli(simulate({"--eta", "0.01"}, tmp / "out"));
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK(nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"))["results"]["status"] == "completed");
}

TEST_CASE("flags override the JSON config and metadata records the result", "[cli][config]") {
  test::scratch_dir tmp;
  write(tmp / "cfg.json", R"({"m": 12, "d": 3, "n": 10, "steps": 40, "sigma": 1.5, "theta_star_norm": 0.5})");
  const auto r = test::run_cli({"simulate", "--config", tmp / "cfg.json", "--steps", "60", "--out", tmp / "out"});
  REQUIRE(r.code == 0);
  const auto meta = nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"));
  CHECK(meta["config"]["m"] == 12);
  CHECK(meta["config"]["steps"] == 60);
  CHECK(meta["config"]["sigma"] == 1.5);
  CHECK(meta["config"]["theta_star_norm"] == "0.5");
  for (const char* key : {"config", "seed", "precision", "libraries", "results", "run"}) CHECK(meta.contains(key));
}

TEST_CASE("escape.csv agrees with the escape summary in metadata", "[cli][output][lazy]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli({"simulate", "--m", "30", "--d", "4", "--n", "20", "--eta", "0.01", "--steps", "3000",
                         "--trajectories", "2", "--out", tmp / "out"}).code == 0);
  std::istringstream csv(test::slurp(tmp / "out/escape.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "trajectory,neuron,escape_step");
  std::int64_t rows = 0, escaped0 = 0, first0 = -1;
  while (std::getline(csv, line)) {
    ++rows;
    const auto c1 = line.find(','), c2 = line.rfind(',');
    if (line.substr(0, c1) == "0" && c2 + 1 < line.size()) {
      const std::int64_t step = std::stoll(line.substr(c2 + 1));
      ++escaped0;
      first0 = first0 < 0 ? step : std::min(first0, step);
    }
  }
  CHECK(rows == 60);
  const auto meta = nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"));
  const auto& t0 = meta["results"]["trajectories"][0];
  CHECK(t0["escaped_neurons"] == escaped0);
  CHECK(escaped0 > 0);
  CHECK(t0["first_escape_step"] == first0);
}

TEST_CASE("stop_escaped_fraction ends a trajectory at the step its fraction of neurons escaped, the cap says so",
          "[cli][output][lazy]") {
  test::scratch_dir tmp;
  const std::vector<std::string> setup = {"simulate",       "--m", "30",     "--d", "4", "--n", "20", "--eta", "0.01",
                                          "--trajectories", "2",   "--quiet"};
  const auto run = [&](const std::string& out, std::vector<std::string> extra) {
    auto a = setup;
    a.insert(a.end(), extra.begin(), extra.end());
    a.insert(a.end(), {"--out", tmp / out});
    REQUIRE(test::run_cli(a).code == 0);
    return nlohmann::json::parse(test::slurp(fs::path(tmp / out) / "metadata.json"))["results"]["trajectories"];
  };
  const auto whole = run("whole", {"--steps", "3000"});
  const auto half = run("half", {"--steps", "3000", "--stop-escaped-fraction", "0.5"});
  const auto all = run("all", {"--steps", "3000", "--stop-escaped-fraction", "1"});
  for (int k = 0; k < 2; ++k) {
    // The stopped runs are the whole run's first steps, bit for bit: the same escapes up to the stop.
    const auto escapes = sorted_escape_steps(tmp / "whole/escape.csv", std::to_string(k));
    REQUIRE(escapes.size() == 30);
    CHECK(whole[k]["half_escaped_step"] == escapes[14]);  // the ceil(m/2)-th of the m neurons
    CHECK(half[k]["stopped"] == true);
    CHECK(half[k]["steps_done"] == escapes[14]);
    CHECK(half[k]["half_escaped_step"] == escapes[14]);
    CHECK(all[k]["steps_done"] == whole[k]["all_escaped_step"]);
    CHECK(all[k]["all_escaped_step"] == whole[k]["all_escaped_step"]);
  }
  // The run's last row is at the stop.
  const auto rows = test::slurp(tmp / "half/trajectory.csv");
  const auto last = rows.substr(rows.rfind('\n', rows.size() - 2) + 1);
  CHECK(last.rfind("1," + half[1]["steps_done"].dump() + ",", 0) == 0);
  // Control: a cap before the median escape; the run says it did not stop, and the median is undefined.
  const auto cap = half[0]["steps_done"].get<std::int64_t>() - 1;
  const auto capped = run("capped", {"--steps", std::to_string(cap), "--stop-escaped-fraction", "0.5"});
  CHECK(capped[0]["stopped"] == false);
  CHECK(capped[0]["steps_done"] == cap);
  CHECK(capped[0]["half_escaped_step"].is_null());
  CHECK(whole[0].count("stopped") == 0);  // no stop fraction: no such field
}

TEST_CASE("a rerun replaces its previous output whole", "[cli][output]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate({"--steps", "30"}, tmp / "out")).code == 0);
  REQUIRE(test::run_cli(simulate({"--steps", "60"}, tmp / "out")).code == 0);
  CHECK(nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"))["config"]["steps"] == 60);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path)) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("simulate --help lists every parameter with its default", "[cli][help]") {
  const auto r = test::run_cli({"simulate", "--help"});
  CHECK(r.code == 0);
  for (const char* flag : {"--m", "--d", "--n", "--eta", "--sigma", "--batch", "--rho", "--steps", "--seed",
                           "--precision", "--out", "--config", "--dynamics", "--schedule", "--trajectories"})
    CHECK(r.out.find(flag) != std::string::npos);
  CHECK(r.out.find("1000") != std::string::npos);  // default m
  CHECK(r.out.find("0.001") != std::string::npos);  // default eta
}

TEST_CASE("the oscillation dynamics defaults to m = 1/sqrt(eta)", "[cli][oscillation]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--dynamics", "oscillation", "--eta", "0.01", "--steps", "20", "--d",
                                "3", "--n", "10", "--out", tmp / "out"});
  REQUIRE(r.code == 0);
  CHECK(nlohmann::json::parse(test::slurp(tmp / "out/metadata.json"))["config"]["m"] == 10);
}

TEST_CASE("the gradient flow and the SDE run like any dynamics and their rows line up with GD's", "[cli][flows]") {
  test::scratch_dir tmp;
  // Rows are read as (step, train_loss) pairs from trajectory.csv.
  const auto rows = [](const std::string& csv_text) {
    std::istringstream csv(csv_text);
    std::string line;
    std::getline(csv, line);
    std::vector<std::pair<std::string, double>> out;
    while (std::getline(csv, line)) {
      std::istringstream cells(line);
      std::string trajectory, step, loss;
      std::getline(cells, trajectory, ',');
      std::getline(cells, step, ',');
      std::getline(cells, loss, ',');
      out.emplace_back(step, std::stod(loss));
    }
    return out;
  };
  const std::vector<std::string> common = {"--sigma", "0", "--eta", "0.002", "--steps", "400", "--record", "linear",
                                           "--record-points", "9"};
  auto args = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    return extra;
  };
  REQUIRE(test::run_cli(simulate(args({"--full-batch"}), tmp / "gd")).code == 0);
  REQUIRE(test::run_cli(simulate(args({"--dynamics", "gradient-flow"}), tmp / "flow")).code == 0);
  REQUIRE(test::run_cli(simulate(args({"--dynamics", "sde"}), tmp / "sde0")).code == 0);
  const auto gd = rows(test::slurp(tmp / "gd/trajectory.csv"));
  const auto flow = rows(test::slurp(tmp / "flow/trajectory.csv"));
  const auto sde0 = rows(test::slurp(tmp / "sde0/trajectory.csv"));
  REQUIRE(gd.size() == flow.size());
  REQUIRE(gd.size() == sde0.size());
  for (std::size_t k = 0; k < gd.size(); ++k) {
    CHECK(flow[k].first == gd[k].first);  // the same record steps: t = eta k
    // GD is the flow's Euler scheme: the losses agree to O(eta) relative (derived bound, far from rounding).
    CHECK(std::abs(flow[k].second - gd[k].second) <= 0.05 * gd[k].second + 1e-12);
    // sigma = 0: the SDE is GD with step eta/4, between GD and the flow.
    CHECK(std::abs(sde0[k].second - flow[k].second) <= std::abs(gd[k].second - flow[k].second) + 1e-12);
  }
  const auto meta = nlohmann::json::parse(test::slurp(tmp / "flow/metadata.json"));
  CHECK(meta["config"]["dynamics"] == "gradient-flow");
  // sde-full adds SGD's sampling noise: a different path from the label-noise SDE, even at sigma = 0.
  REQUIRE(test::run_cli(simulate(args({"--dynamics", "sde-full"}), tmp / "full0")).code == 0);
  const auto full0 = rows(test::slurp(tmp / "full0/trajectory.csv"));
  REQUIRE(full0.size() == sde0.size());
  CHECK(full0.back().second != sde0.back().second);
  const auto bad = test::run_cli(simulate({"--dynamics", "sde", "--substeps", "0"}, tmp / "bad"));
  CHECK(bad.code == 2);
  CHECK(bad.err.find("substeps") != std::string::npos);
}

TEST_CASE("the CUDA backend runs where a GPU is usable and is a clear error elsewhere", "[cli][cuda]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli(simulate({"--backend", "cuda", "--trajectories", "3"}, tmp / "out"));
  if (const auto why = sim::cuda::unavailable()) {
    CHECK(r.code == 2);
    CHECK(r.err.find("invalid backend = cuda: " + *why) != std::string::npos);
    CHECK(nothing_written(tmp));
  } else {
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(test::slurp(tmp / "out/trajectory.csv").find("\n2,50,") != std::string::npos);  // trajectory 2's last row
  }
  const auto bad = test::run_cli(simulate({"--backend", "cuda", "--precision", "float50"}, tmp / "out2"));
  CHECK(bad.code == 2);
  CHECK(bad.err.find("invalid backend = cuda (accepted: cpu; cuda needs precision double") != std::string::npos);
}
