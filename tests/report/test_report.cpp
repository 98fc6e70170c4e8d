// lnsgd report: the report is written whole or not at all, and its inputs and tools are checked with clear errors.
// (tests/report/validate_report.py checks a full report's HTML, links and schema: ctest report_validates.)
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/catch.hpp"
#include "support/cli_runner.hpp"

namespace fs = std::filesystem;
using namespace lnsgd;

namespace {

// Two quick claims with figures (about 3 s with the drawing).
test::cli_result tiny_report(const std::string& out) {
  return test::run_cli({"report", "--profile", "quick", "--claims", "periodic", "precision-twin", "--out", out,
                        "--quiet"});
}

bool non_empty_file(const fs::path& p) { return fs::is_regular_file(p) && fs::file_size(p) > 0; }

bool only_entries(const fs::path& dir, std::size_t n) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())) == n;
}

}  // namespace

TEST_CASE("a tiny report is written with its figures, data and summary", "[report]") {
  test::scratch_dir tmp;
  const auto r = tiny_report(tmp / "rep");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const fs::path rep = tmp / "rep";
  for (const char* f : {"index.html", "results.json", "summary.md", "figures/periodic.png", "figures/periodic.svg",
                        "figures/precision.png", "figures/precision.svg", "data/periodic/trajectory.csv",
                        "data/precision-twin/distance.csv"})
    CHECK(non_empty_file(rep / f));
  CHECK(r.out.find("| periodic |") != std::string::npos);  // the summary is printed
  CHECK(r.out.find("report: " + (rep / "index.html").string()) != std::string::npos);
  CHECK(only_entries(tmp.path, 1));  // no staging folder left behind
  // Figures whose claims were not run are left out, not drawn empty.
  CHECK_FALSE(fs::exists(rep / "figures/fig2-sgd.png"));
}

TEST_CASE("a corrupt or incomplete report input is a clear error and writes nothing", "[report][input]") {
  test::scratch_dir tmp;
  REQUIRE(tiny_report(tmp / "rep").code == 0);
  const fs::path rep = tmp / "rep";
  SECTION("results.json cut short") {
    const auto text = test::slurp(rep / "results.json");
    std::ofstream(rep / "results.json", std::ios::trunc) << text.substr(0, text.size() / 2);
    const auto r = test::run_cli({"report", "--from", rep.string(), "--out", tmp / "again"});
    CHECK(r.code == 2);
    CHECK(r.err.find("results.json: not valid JSON") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  SECTION("a table file missing") {
    fs::remove(rep / "data/periodic/trajectory.csv");
    const auto r = test::run_cli({"report", "--from", rep.string(), "--out", tmp / "again"});
    CHECK(r.code == 2);
    CHECK(r.err.find("data/periodic/trajectory.csv is missing") != std::string::npos);
  }
  SECTION("a table with a non-number") {
    std::ofstream(rep / "data/precision-twin/distance.csv", std::ios::app) << "1,x,2\n";
    const auto r = test::run_cli({"report", "--from", rep.string(), "--out", tmp / "again"});
    CHECK(r.code == 2);
    CHECK(r.err.find("distance.csv") != std::string::npos);
  }
  SECTION("a verdict without the table its figure needs") {
    auto doc = nlohmann::json::parse(test::slurp(rep / "results.json"));
    for (auto& v : doc["verdicts"]) v["tables"] = nlohmann::json::array();
    std::ofstream(rep / "results.json", std::ios::trunc) << doc.dump();
    const auto r = test::run_cli({"report", "--from", rep.string(), "--out", tmp / "again"});
    CHECK(r.code == 2);
    CHECK(r.err.find(rep.string() + "/results.json: a figure could not be drawn") != std::string::npos);
    CHECK(r.err.find(".partial") == std::string::npos);  // the message names the user's folder, not the staging one
  }
  SECTION("no results.json at all") {
    fs::create_directory(tmp / "empty");
    const auto r = test::run_cli({"report", "--from", tmp / "empty", "--out", tmp / "again"});
    CHECK(r.code == 2);
    CHECK(r.err.find("no results.json") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(tmp / "again"));
  CHECK(only_entries(tmp.path, 1 + fs::exists(tmp / "empty")));  // rep (and the empty input): no staging folder
}

TEST_CASE("a failed redraw leaves the previous report untouched", "[report][input]") {
  test::scratch_dir tmp;
  REQUIRE(tiny_report(tmp / "rep").code == 0);
  REQUIRE(tiny_report(tmp / "old").code == 0);
  const auto before = test::slurp(tmp / "old/index.html");
  fs::remove(fs::path(tmp / "rep") / "data/periodic/control_trajectory.csv");
  const auto r = test::run_cli({"report", "--from", tmp / "rep", "--out", tmp / "old"});
  CHECK(r.code == 2);
  CHECK(test::slurp(tmp / "old/index.html") == before);
}

TEST_CASE("a redraw from a previous report reproduces its page", "[report]") {
  test::scratch_dir tmp;
  REQUIRE(tiny_report(tmp / "rep").code == 0);
  const auto r = test::run_cli({"report", "--from", tmp / "rep", "--out", tmp / "again"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(test::slurp(tmp / "again/index.html") == test::slurp(tmp / "rep/index.html"));
  CHECK(test::slurp(tmp / "again/figures/periodic.svg") == test::slurp(tmp / "rep/figures/periodic.svg"));
}

TEST_CASE("missing Python or matplotlib is a clear error before any claim runs", "[report][input]") {
  test::scratch_dir tmp;
  SECTION("no interpreter") {
    test::scoped_env env("LNSGD_PYTHON", tmp / "no-such-python");
    const auto r = tiny_report(tmp / "rep");
    CHECK(r.code == 2);
    CHECK(r.err.find("cannot run " + (tmp / "no-such-python")) != std::string::npos);
    CHECK(r.err.find("python3-matplotlib") != std::string::npos);
  }
  SECTION("an interpreter without matplotlib") {
    // python3 -S skips site-packages, where Debian's matplotlib lives.
    std::ofstream(tmp / "bare-python") << "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n";
    fs::permissions(tmp / "bare-python", fs::perms::owner_all);
    test::scoped_env env("LNSGD_PYTHON", tmp / "bare-python");
    const auto r = tiny_report(tmp / "rep");
    CHECK(r.code == 2);
    CHECK(r.err.find("matplotlib is not importable") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK_FALSE(fs::exists(tmp / "rep"));
}

TEST_CASE("report rejects unknown claims and --claims with --from", "[report][input]") {
  test::scratch_dir tmp;
  auto r = test::run_cli({"report", "--claims", "thm9.9", "--out", tmp / "rep"});
  CHECK(r.code == 2);
  CHECK(r.err.find("unknown claim thm9.9 (accepted: identities") != std::string::npos);
  r = test::run_cli({"report", "--claims", "periodic", "--from", tmp.path.string(), "--out", tmp / "rep"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--claims") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "rep"));
}
