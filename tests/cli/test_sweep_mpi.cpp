// lnsgd sweep across MPI ranks (docs/sweep.md), through the real launcher: `mpirun --oversubscribe -n N` on this
// machine gives the table of a run without MPI byte for byte for 1, 2 and 3 ranks and for 2 threads per rank; a
// sweep started on 3 ranks and resumed on 2 reruns only the missing cells; a bad spec is said once, not once per
// rank, and every rank exits 2. Exits 77 (ctest: skipped), saying why, in a build without MPI or without mpirun.
#define CATCH_CONFIG_RUNNER
#include <nlohmann/json.hpp>

#include "support/catch.hpp"
#include "support/cli_runner.hpp"
#include "support/process.hpp"

using namespace lnsgd;
using json = nlohmann::json;

namespace {

// Runs `mpirun --oversubscribe -n ranks lnsgd args...`; its exit status, stdout and stderr.
test::cli_result mpirun(int ranks, const std::vector<std::string>& args, const test::scratch_dir& tmp) {
  std::vector<std::string> argv{LNSGD_MPIEXEC, "--oversubscribe", "-n", std::to_string(ranks), LNSGD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  // Open MPI refuses to start as root without the first two (CI runs as root); the third lets it launch on this
  // machine where no ssh is installed.
  const auto p =
      test::start_program(argv, tmp.path, tmp.path,
                          {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", "OMPI_MCA_plm_rsh_agent="});
  REQUIRE(p.pid > 0);
  const int code = test::wait_exit(p);
  return {code, test::slurp(p.out), test::slurp(p.err)};
}

std::string write_spec(const test::scratch_dir& tmp, const json& spec) {
  std::ofstream(tmp / "spec.json") << spec.dump();
  return tmp / "spec.json";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const json perceptron_grid = {
    {"base", {{"model", "perceptron"}, {"d", 32}, {"n", 512}, {"n_test", 500}, {"alpha", 4096}, {"chi", 0}}},
    {"grid", {{"eta", {0.25, -1.0, 1.0, 4.0}}, {"batch", {1, 2}}}},
    {"seeds", {1, 2, 3}}};

}  // namespace

TEST_CASE("lnsgd sweep on 1, 2 and 3 MPI ranks gives the table of a run without MPI, byte for byte", "[sweep][mpi]") {
  test::scratch_dir tmp;
  const auto spec = write_spec(tmp, perceptron_grid);
  const auto plain = test::run_cli({"sweep", spec, "--out", tmp / "plain", "--threads", "1", "--quiet"});
  REQUIRE(plain.code == 3);  // the eta = -1 cells fail, and are rows of the table
  const auto table = test::slurp(tmp.path / "plain" / "sweep.csv");
  REQUIRE(count(table, ",failed,") == 6);
  for (const auto& [ranks, threads] : std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {3, 1}, {3, 2}}) {
    INFO(ranks << " ranks, " << threads << " threads each");
    const std::string out = tmp / ("r" + std::to_string(ranks) + "t" + std::to_string(threads));
    const auto r = mpirun(ranks, {"sweep", spec, "--out", out, "--threads", std::to_string(threads)}, tmp);
    CHECK(r.code == 3);
    CHECK(count(r.out, "lnsgd sweep: perceptron, 24 cells") == 1);  // rank 0 alone reports
    if (ranks > 1) CHECK(r.out.find("on " + std::to_string(ranks) + " ranks") != std::string::npos);
    CHECK(test::slurp(std::filesystem::path(out) / "sweep.csv") == table);
  }
}

TEST_CASE("a sweep begun on 3 MPI ranks and resumed on 2 reruns only the cells it lacks", "[sweep][mpi]") {
  test::scratch_dir tmp;
  const auto spec = write_spec(tmp, perceptron_grid);
  REQUIRE(test::run_cli({"sweep", spec, "--out", tmp / "plain", "--quiet"}).code == 3);
  REQUIRE(mpirun(3, {"sweep", spec, "--out", tmp / "r", "--quiet"}, tmp).code == 3);
  for (const char* cell : {"0000002", "0000007", "0000011", "0000023"})
    std::filesystem::remove_all(tmp.path / "r" / "cells" / cell);
  std::filesystem::remove(tmp.path / "r" / "sweep.csv");
  const auto again = mpirun(2, {"sweep", spec, "--out", tmp / "r", "--quiet"}, tmp);
  CHECK(again.code == 3);
  CHECK(again.out.find("(20 finished before, 4 run now on 2 ranks") != std::string::npos);
  CHECK(test::slurp(tmp.path / "r" / "sweep.csv") == test::slurp(tmp.path / "plain" / "sweep.csv"));
}

TEST_CASE("a bad spec under mpirun is one line from rank 0, and every rank exits 2", "[sweep][mpi]") {
  test::scratch_dir tmp;
  auto bad = perceptron_grid;
  bad["grid"]["eta"][1] = "x";
  const auto r = mpirun(3, {"sweep", write_spec(tmp, bad), "--out", tmp / "o"}, tmp);
  CHECK(r.code == 2);
  CHECK(count(r.err, "lnsgd sweep: ") == 1);
  CHECK(r.err.find("grid.eta[1] = \"x\" (accepted: a number)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path / "o"));
}

int main(int argc, char** argv) {
#ifndef LNSGD_HAVE_MPI
  std::puts("test_sweep_mpi skipped: lnsgd was built without MPI (Debian: libopenmpi-dev openmpi-bin)");
  return 77;
#else
  if (access(LNSGD_MPIEXEC, X_OK) != 0) {
    std::printf("test_sweep_mpi skipped: no MPI launcher at %s\n", LNSGD_MPIEXEC);
    return 77;
  }
  return Catch::Session().run(argc, argv);
#endif
}
