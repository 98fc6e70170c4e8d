// Issue #11: no input crashes lnsgd. Every rejection is one line naming the field, the value and what is accepted,
// exit 2, nothing written. Each case reproduces a defect of the issue (D7-D18).
#include <nlohmann/json.hpp>

#include "lnsgd/checks/claims.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
namespace fs = std::filesystem;

namespace {

void expect_rejected(const test::cli_result& r, const std::string& names, const test::scratch_dir& tmp) {
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find(names) != std::string::npos);
  CHECK(test::lines(r.err) == 1);
  CHECK(r.out.empty());
  for (const auto& e : fs::directory_iterator(tmp.path))
    CHECK(e.path().extension() == ".json");  // only the test's own config files
}

test::cli_result simulate_config(const test::scratch_dir& tmp, const std::string& text,
                                 std::vector<std::string> extra = {}) {
  std::ofstream(tmp / "cfg.json") << text;
  std::vector<std::string> args = {"simulate", "--config", tmp / "cfg.json", "--out", tmp / "out", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::run_cli(args);
}

}  // namespace

TEST_CASE("regime takes integers for m, n and d and finite numbers elsewhere", "[cli][input][D7][D10]") {
  test::scratch_dir tmp;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--n", "0.5"}, "--n = 0.5 (accepted: an integer >= 1)"},
      {{"--n", "1e30"}, "--n = 1e30"},
      {{"--m", "nan"}, "--m = nan"},
      {{"--d", "0.3"}, "--d = 0.3"},
      {{"--m", "0"}, "--m = 0 (accepted: an integer >= 1)"},
      {{"--eta", "nan"}, "--eta = nan (accepted: a finite number > 0)"},
      {{"--sigma", "inf"}, "--sigma = inf"},
      {{"--theta-star-norm", "-1"}, "--theta-star-norm = -1"},
      {{"--n", "1000000000000"}, "GB of memory"},  // the synthetic data would not fit
      {{"--d", "1000000000"}, "GB of memory"},
  };
  for (const auto& [flags, expected] : cases) {
    std::vector<std::string> args = {"regime"};
    args.insert(args.end(), flags.begin(), flags.end());
    const auto r = test::run_cli(args);
    expect_rejected(r, expected, tmp);
    CHECK(r.err.size() < 300);  // D18: no 310-digit range in the message
  }
  // Beyond the data's memory but with max ||x_i|| given, nothing is drawn: the regime is evaluated.
  CHECK(test::run_cli({"regime", "--n", "1000000000000", "--max-x-norm", "5"}).code == 0);
}

TEST_CASE("configs that crashed: an overflowing number, deep nesting, an unreadable file", "[cli][input][D7][config]") {
  test::scratch_dir tmp;
  expect_rejected(simulate_config(tmp, R"({"eta": 1e400})"), "1e400", tmp);
  expect_rejected(simulate_config(tmp, std::string(100000, '[') + std::string(100000, ']')), "nested deeper", tmp);
  std::string deep;
  for (int k = 0; k < 100000; ++k) deep += "{\"a\":";
  deep += "1" + std::string(100000, '}');
  expect_rejected(simulate_config(tmp, deep), "nested deeper", tmp);
  const auto r = test::run_cli({"simulate", "--config", "/proc/self/mem", "--out", tmp / "out"});
  expect_rejected(r, "config /proc/self/mem: cannot be read", tmp);
  expect_rejected(test::run_cli({"simulate", "--config", "/dev/null", "--out", tmp / "out"}), "--config = /dev/null", tmp);
  std::ofstream(tmp / "big.json") << std::string(2 << 20, ' ');
  expect_rejected(test::run_cli({"simulate", "--config", tmp / "big.json", "--out", tmp / "out"}), "larger than 1 MB",
                  tmp);
}

TEST_CASE("a run that cannot fit in memory is refused before allocating, naming the fields", "[cli][input][D8]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--m", "100000000", "--d", "1000000", "--out", tmp / "out"});
  expect_rejected(r, "m = 100000000, d = 1000000", tmp);
  CHECK(r.err.find("GB of memory") != std::string::npos);
  CHECK(r.err.find("reduce m, d") != std::string::npos);
  expect_rejected(test::run_cli({"simulate", "--record-points", "100000000", "--out", tmp / "out"}),
                  "record_points = 100000000 (accepted: an integer 2 <= record_points <= 1e7)", tmp);
  // Many record points on a short run hold one row per step, not one per point.
  const auto ok = test::run_cli({"simulate", "--record-points", "10000000", "--m", "5", "--d", "3", "--n", "10",
                                 "--steps", "200", "--quiet", "--out", tmp / "rp"});
  REQUIRE(ok.code == 0);
  const auto rows = test::lines(test::slurp(tmp.path / "rp/trajectory.csv"));
  CHECK(rows == 202);  // a header and steps 0..200
}

TEST_CASE("the oscillation chain's default width cannot overflow", "[cli][input][D9]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--dynamics", "oscillation", "--eta", "1e-300", "--out", tmp / "out"});
  expect_rejected(r, "eta = 1e-300 (accepted: eta >= 1e-16 for the oscillation chain", tmp);
}

TEST_CASE("integers never wrap or saturate", "[cli][input][D12]") {
  test::scratch_dir tmp;
  expect_rejected(simulate_config(tmp, R"({"m": 18446744073709551615})"), "m = 18446744073709551615", tmp);
  expect_rejected(simulate_config(tmp, R"({"data_seed": 18446744073709551615})"), "data_seed = 18446744073709551615",
                  tmp);
  expect_rejected(simulate_config(tmp, R"({"steps": 1e300})"), "steps = 1e+300", tmp);
  expect_rejected(test::run_cli({"simulate", "--steps", "9223372036854775808", "--out", tmp / "out"}),
                  "--steps = 9223372036854775808", tmp);
  expect_rejected(test::run_cli({"simulate", "--steps", "9223372036854775807", "--out", tmp / "out"}),
                  "steps = 9223372036854775807 (accepted: an integer 0 <= steps <= 1e15)", tmp);
  // An integral number written with an exponent is an integer.
  const auto r = simulate_config(tmp, R"({"steps": 1e2, "m": 4, "d": 3, "n": 10})");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(nlohmann::json::parse(test::slurp(tmp.path / "out/metadata.json"))["config"]["steps"] == 100);
}

TEST_CASE("a message built from input with control characters stays one line", "[cli][input][D13]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--precision", "quad\nx", "--out", tmp / "out"});
  expect_rejected(r, "precision = quad\\nx", tmp);
  const auto c = simulate_config(tmp, "{\"dynamics\": \"a\\nb\\u0001\"}");
  expect_rejected(c, "dynamics = a\\nb\\x01", tmp);
  const auto k = simulate_config(tmp, "{\"x\\ny\": 1}");
  expect_rejected(k, "unknown key 'x\\ny'", tmp);
}

TEST_CASE("a number is not accepted for a string field, except theta_star_norm", "[cli][input][D14]") {
  test::scratch_dir tmp;
  expect_rejected(simulate_config(tmp, R"({"out": 5})"), "out = 5 (accepted: a string)", tmp);
  expect_rejected(simulate_config(tmp, R"({"precision": 50})"), "precision = 50 (accepted: a string)", tmp);
  const auto r = simulate_config(tmp, R"({"theta_star_norm": 0.5, "m": 3, "d": 3, "n": 10, "steps": 3})");
  CHECK(r.code == 0);
}

TEST_CASE("messages name what is accepted, the unknown argument first, and the nearest command or option",
          "[cli][input][D18]") {
  test::scratch_dir tmp;
  expect_rejected(test::run_cli({"simulate", "--m", "nan", "--out", tmp / "out"}), "--m = nan (accepted: an integer",
                  tmp);
  const auto extra = test::run_cli({"simulate", "--frobnicate", "3", "--out", tmp / "out"});
  expect_rejected(extra, "unknown argument --frobnicate", tmp);
  const auto typo = test::run_cli({"simulate", "--sigam", "3", "--out", tmp / "out"});
  expect_rejected(typo, "unknown argument --sigam (did you mean --sigma?)", tmp);
  expect_rejected(test::run_cli({"simulat"}), "unknown command simulat (did you mean simulate?)", tmp);
  expect_rejected(test::run_cli({}), "a command is required", tmp);
  expect_rejected(test::run_cli({"check", "--profil", "full"}), "did you mean --profile?", tmp);
  expect_rejected(test::run_cli({"check", "--profile", "fast"}), "--profile = fast (accepted: quick, full)", tmp);
  // lnsgd list: an id never runs into its reference, however long it is (claim lines: two spaces, then the id).
  const auto list = test::run_cli({"list"});
  std::istringstream lines(list.out);
  std::string line;
  int claim_lines = 0;
  while (std::getline(lines, line))
    if (line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      ++claim_lines;
      CHECK(line.find("  ", 2) != std::string::npos);
    }
  CHECK(claim_lines == int(checks::registry().size()));
}
