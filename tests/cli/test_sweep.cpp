// lnsgd sweep (sim/sweep/, docs/sweep.md): the spec's one-line errors, grid order, failing cells recorded while the
// sweep goes on, the same table for 1 and 2 threads, a resume after kill -9 that reruns no finished cell and gives
// the uninterrupted table, a changed spec refused, and the in-process sweep the checks use.
#include <nlohmann/json.hpp>

#include "lnsgd/sim/sweep/table.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"
#include "support/process.hpp"

using namespace lnsgd;
namespace sw = sim::sweep;
using json = nlohmann::json;

namespace {

std::string write_spec(const test::scratch_dir& tmp, const std::string& name, const json& spec) {
  std::ofstream(tmp / name) << spec.dump();
  return tmp / name;
}

const json small_perceptron = {{"model", "perceptron"}, {"d", 16}, {"n", 128}, {"n_test", 500}, {"alpha", 64}};

std::vector<std::string> csv_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("sweep spec: cells in grid order (keys alphabetical, seeds fastest) and one-line errors", "[sweep]") {
  sw::sweep_spec s;
  REQUIRE_FALSE(sw::parse_spec(
      {{"base", small_perceptron}, {"grid", {{"eta", {0.5, 1}}, {"batch", {1, 2, 4}}}}, {"seeds", {3, 4}}}, s));
  const auto all = sw::cells(s);
  REQUIRE(all.size() == 12);
  CHECK(s.keys == std::vector<std::string>{"batch", "eta"});
  CHECK(all[0].point == json{{"batch", 1}, {"eta", 0.5}});
  CHECK(all[1].seed == 4);
  CHECK(all[2].point == json{{"batch", 1}, {"eta", 1.0}});
  CHECK(all[4].point["batch"] == 2);
  const auto error = [&](const json& spec) {
    sw::sweep_spec t;
    const auto e = sw::parse_spec(spec, t);
    REQUIRE(e);
    CHECK(e->find('\n') == std::string::npos);
    return *e;
  };
  CHECK(error({{"base", small_perceptron}, {"grid", {{"eta", {0.5, "x"}}}}}) ==
        "grid.eta[1] = \"x\" (accepted: a number)");
  CHECK(error({{"base", small_perceptron}, {"grid", {{"etaa", {0.5}}}}})
            .find("unknown key 'etaa' for model perceptron") != std::string::npos);
  CHECK(error({{"base", small_perceptron}, {"grid", {{"eta", json::array()}}}}).find("grid.eta = []") == 0);
  CHECK(error({{"base", small_perceptron}, {"grid", {{"seed", {1}}}}}).find("'seed'") != std::string::npos);
  CHECK(error({{"base", {{"out", "x"}}}, {"grid", {{"eta", {1}}}}}).find("base.out") == 0);
  CHECK(error({{"base", {{"model", "nope"}}}, {"grid", {{"eta", {1}}}}}).find("base.model = \"nope\"") == 0);
  CHECK(error({{"base", small_perceptron}}).find("exactly one of grid and list") != std::string::npos);
  CHECK(error({{"base", small_perceptron}, {"list", {{{"eta", 1}}}}, {"seeds", {-1}}}).find("seeds[0] = -1") == 0);
  CHECK(error({{"bse", small_perceptron}}).find("unknown key 'bse'") != std::string::npos);
  // The list form: entries in order, keys their union.
  REQUIRE_FALSE(sw::parse_spec({{"base", small_perceptron}, {"list", {{{"eta", 1}, {"alpha", 2}}, {{"eta", 2}}}}}, s));
  CHECK(s.keys == std::vector<std::string>{"alpha", "eta"});
  CHECK(sw::cells(s).size() == 2);
}

TEST_CASE(
    "lnsgd sweep: a failing cell is recorded and the sweep goes on, the table is the same for 1 and 2 "
    "threads, a changed spec is refused",
    "[sweep][cli]") {
  test::scratch_dir tmp;
  const json spec = {{"base", small_perceptron}, {"grid", {{"eta", {0.25, -1.0, 1.0}}}}, {"seeds", {1, 2}}};
  const auto path = write_spec(tmp, "spec.json", spec);
  const auto one = test::run_cli({"sweep", path, "--out", tmp / "one", "--threads", "1"});
  CHECK(one.code == 3);  // two cells failed (eta = -1)
  const auto two = test::run_cli({"sweep", path, "--out", tmp / "two", "--threads", "2"});
  CHECK(two.code == 3);
  const auto table = test::slurp(tmp.path / "one" / "sweep.csv");
  CHECK(table == test::slurp(tmp.path / "two" / "sweep.csv"));
  const auto lines = csv_lines(table);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].rfind("cell,eta,seed,trajectory,status,error,", 0) == 0);
  CHECK(lines[3].rfind("2,-1,1,,failed,invalid eta = -1 (accepted: a finite number > 0)", 0) == 0);
  CHECK(lines[5].rfind("4,1,1,0,completed,,", 0) == 0);
  // Each cell's metadata records its config and seed.
  const auto meta = json::parse(test::slurp(tmp.path / "one" / "cells" / "0000001" / "metadata.json"));
  CHECK(meta["seed"] == 2);
  CHECK(meta["config"]["eta"] == 0.25);
  // A changed spec is refused with one line naming what changed; the folder is left as it was.
  auto changed = spec;
  changed["base"]["alpha"] = 32;
  const auto refused = test::run_cli({"sweep", write_spec(tmp, "changed.json", changed), "--out", tmp / "one"});
  CHECK(refused.code == 2);
  CHECK(test::lines(refused.err) == 1);
  CHECK(refused.err.find("base.alpha differs") != std::string::npos);
  CHECK(test::slurp(tmp.path / "one" / "sweep.csv") == table);
  // A folder that is not a sweep's is refused.
  std::filesystem::create_directories(tmp.path / "other");
  std::ofstream(tmp / "other/file") << "x";
  CHECK(test::run_cli({"sweep", path, "--out", tmp / "other"}).code == 2);
}

TEST_CASE(
    "lnsgd sweep: killed with -9 mid-sweep, run again, finishes without rerunning finished cells and gives "
    "the uninterrupted table",
    "[sweep][cli]") {
  test::scratch_dir tmp;
  json base = small_perceptron;
  base["d"] = 64;
  base["n"] = 2048;
  base["chi"] = 0;
  base["alpha"] = 32768;
  const json spec = {{"base", base}, {"grid", {{"eta", {0.5, 1.0, 2.0, 4.0}}}}, {"seeds", {1, 2, 3, 4, 5, 6}}};
  const auto path = write_spec(tmp, "spec.json", spec);
  REQUIRE(test::run_cli({"sweep", path, "--out", tmp / "whole", "--threads", "2"}).code == 0);
  const auto cells_done = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(tmp.path / "killed" / "cells", ec))
      n += e.path().filename().string().front() != '.';
    return n;
  };
  const auto p = test::start_lnsgd({"sweep", path, "--out", tmp / "killed", "--threads", "1"}, tmp.path, tmp.path);
  REQUIRE(p.pid > 0);
  REQUIRE(test::eventually([&] { return cells_done() >= 3; }));
  kill(p.pid, SIGKILL);
  test::wait_exit(p);
  const std::size_t before = cells_done();
  CHECK_FALSE(std::filesystem::exists(tmp.path / "killed" / "sweep.csv"));  // no table, never half a table
  if (before == 24) WARN("the sweep finished before the kill: the resume below reran nothing");
  const auto again = test::run_cli({"sweep", path, "--out", tmp / "killed", "--threads", "2"});
  CHECK(again.code == 0);
  CHECK(again.out.find(std::to_string(before) + " finished before") != std::string::npos);
  CHECK(test::slurp(tmp.path / "killed" / "sweep.csv") == test::slurp(tmp.path / "whole" / "sweep.csv"));
}

TEST_CASE("the in-process sweep the checks use gives the cells' summaries in table order", "[sweep]") {
  sw::sweep_spec s;
  REQUIRE_FALSE(sw::parse_spec({{"base", small_perceptron}, {"grid", {{"eta", {0.5, 1.0}}}}, {"seeds", {1}}}, s));
  const auto r = sw::run_in_scratch(s, 2);
  REQUIRE(r.size() == 2);
  CHECK(r[0].status == "completed");
  const double a = r[0].trajectories[0]["delta_w_norm"], b = r[1].trajectories[0]["delta_w_norm"];
  CHECK(b > a);
}

TEST_CASE("a sweep of the drift-diffusion searcher has one row per cell, the ensemble's, and keeps its passage table",
          "[sweep][drift-diffusion]") {
  const json base = {{"model", "drift-diffusion"}, {"trajectories", 200}, {"steps", 100000}};
  const json list = {{{"reset_point", 0.0}, {"dt", 0.01}}, {{"reset_point", -0.5}, {"dt", 0.01}}};
  sw::sweep_spec s;
  REQUIRE_FALSE(sw::parse_spec({{"base", base}, {"list", list}, {"seeds", {1}}}, s));
  const auto r = sw::run_in_scratch(s, 2, {"passage.csv", "absent.csv"});
  REQUIRE(r.size() == 2);
  for (const auto& cell : r) {
    REQUIRE(cell.status == "completed");
    REQUIRE(cell.files.count("passage.csv"));  // kept: the searchers' times, for readings the summary lacks
    CHECK(test::lines(cell.files.at("passage.csv")) == 201);
    CHECK(!cell.files.count("absent.csv"));
    REQUIRE(cell.trajectories.size() == 1);
    CHECK(cell.trajectories[0]["completed"] == 200);
    CHECK(cell.trajectories[0]["standard_error"].get<double>() > 0);
  }
  // Cells in the grid's order; resetting farther from the target lengthens the passage, and only the reset to the
  // start carries Eq. 5's prediction.
  CHECK(r[1].trajectories[0].contains("prediction"));
  CHECK(!r[1].trajectories[0].contains("eq5_prediction"));
  CHECK(r[0].trajectories[0]["eq5_prediction"].get<double>() == Approx(1.711).epsilon(1e-3));
  CHECK(r[1].trajectories[0]["mean"].get<double>() > r[0].trajectories[0]["mean"].get<double>());
  // The summary's own dt is named apart from the swept dt: each column of the table once.
  const auto header = csv_lines(sw::tidy_table(s, {r[0], r[1]})).front();
  CHECK(header.rfind("cell,dt,reset_point,seed,trajectory,status,error,", 0) == 0);
  CHECK(header.find(",result.dt,") != std::string::npos);
  CHECK(header.find(",dt,", 10) == std::string::npos);
}

TEST_CASE("docs/sweep.md's example spec is a valid sweep of 30 runs", "[sweep]") {
  const auto text = test::slurp(std::filesystem::path(LNSGD_SOURCE_DIR) / "docs/examples/perceptron-temperature.json");
  sw::sweep_spec s;
  CHECK_FALSE(sw::parse_spec(json::parse(text), s));
  CHECK(sw::cells(s).size() == 30);
}

TEST_CASE("docs/sweep.md's escape-scaling spec is thm4.2-scaling's quick sigma sweep, 15 runs stopped at half escape",
          "[sweep]") {
  const auto spec =
      json::parse(test::slurp(std::filesystem::path(LNSGD_SOURCE_DIR) / "docs/examples/escape-scaling.json"));
  sw::sweep_spec s;
  CHECK_FALSE(sw::parse_spec(spec, s));
  CHECK(sw::cells(s).size() == 15);
  CHECK(spec["base"]["stop_escaped_fraction"] == 0.5);
}

TEST_CASE("lnsgd sweep: a bad --threads or a bad spec file is one line, exit 2", "[sweep][cli]") {
  test::scratch_dir tmp;
  const auto path = write_spec(tmp, "spec.json", {{"base", small_perceptron}, {"grid", {{"eta", {1.0}}}}});
  for (const auto& [args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"sweep", path, "--threads", "5000"}, "threads = 5000 (accepted: an integer 0 <= threads <= 4096)"},
           {{"sweep", path, "--threads", "x"}, "--threads"},
           {{"sweep", tmp / "missing.json"}, "missing.json"}}) {
    const auto r = test::run_cli(args);
    CHECK(r.code == 2);
    CHECK(test::lines(r.err) == 1);
    CHECK(r.err.find(message) != std::string::npos);
  }
  std::ofstream(tmp / "bad.json") << "{\"base\": ";
  const auto r = test::run_cli({"sweep", tmp / "bad.json", "--out", tmp / "o"});
  CHECK(r.code == 2);
  CHECK(r.err.find("malformed JSON") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path / "o"));
}

#ifndef LNSGD_HAVE_MPI
TEST_CASE("lnsgd sweep started by an MPI launcher in a build without MPI is refused in one line from rank 0",
          "[sweep][cli]") {
  test::scratch_dir tmp;
  const auto path = write_spec(tmp, "spec.json", {{"base", small_perceptron}, {"grid", {{"eta", {1.0}}}}});
  for (const std::string rank : {"0", "1"}) {
    const auto p = test::start_lnsgd({"sweep", path, "--out", tmp / "o"}, tmp.path, tmp.path,
                                     {"OMPI_COMM_WORLD_SIZE=2", "OMPI_COMM_WORLD_RANK=" + rank});
    CHECK(test::wait_exit(p) == 2);
    const auto err = test::slurp(p.err);
    CHECK(test::lines(err) == (rank == "0" ? 1 : 0));
    if (rank == "0") CHECK(err.find("built without MPI") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(tmp.path / "o"));
}
#endif
