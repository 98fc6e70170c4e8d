// Issue #11: lnsgd never loses a user's files. An output folder is replaced only when it is exactly an lnsgd
// output (its manifest lists every file, unchanged); paths are resolved first; one run writes a path at a time;
// signals and kill -9 leave nothing behind for long. Each case reproduces a defect of the issue (D1-D19).
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "support/catch.hpp"
#include "support/cli_runner.hpp"
#include "support/process.hpp"

using namespace lnsgd;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> quick = {"--m", "20", "--d", "3", "--n", "10", "--steps", "100", "--quiet"};
// Long enough to be interrupted (minutes), small enough to start at once.
const std::vector<std::string> slow = {"--m", "50", "--d", "3", "--n", "10", "--steps", "1000000000", "--quiet"};

std::vector<std::string> simulate(const std::string& out, std::vector<std::string> flags = quick) {
  flags.insert(flags.begin(), "simulate");
  flags.insert(flags.end(), {"--out", out});
  return flags;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// lnsgd's hidden staging folders and lock files in dir.
std::size_t hidden_entries(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind(".lnsgd-", 0) == 0;
  return n;
}

bool staging_exists(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".staging") != std::string::npos) return true;
  return false;
}

void expect_refused(const test::cli_result& r, const std::string& names) {
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(r.err.find(names) != std::string::npos);
  CHECK(test::lines(r.err) == 1);
}

// A drawing "script" for the report (run by /bin/sh): check-deps succeeds; render writes a page, or waits for a
// signal after writing its pid to $LNSGD_TEST_PIDFILE.
fs::path fake_report_script(const test::scratch_dir& tmp) {
  const fs::path p = tmp.path / "fake-report.sh";
  write(p, "case $1 in\n"
           "  check-deps) exit 0 ;;\n"
           "  render) if [ -n \"$LNSGD_TEST_PIDFILE\" ]; then echo $$ > \"$LNSGD_TEST_PIDFILE\"; exec sleep 600; fi\n"
           "          echo page > \"$2/index.html\"; echo summary > \"$2/summary.md\" ;;\n"
           "esac\n");
  return p;
}

}  // namespace

TEST_CASE("a folder holding a user's files is never replaced, whatever file names it holds", "[output][D1]") {
  test::scratch_dir tmp;
  write(tmp.path / "t/ch/ch1.tex", "x");
  write(tmp.path / "t/metadata.json", "{}");
  write(tmp.path / "t/results.json", "{}");
  expect_refused(test::run_cli(simulate(tmp / "t")), "t/ch was not written by lnsgd");
  CHECK(test::slurp(tmp.path / "t/ch/ch1.tex") == "x");
  CHECK(names_in(tmp.path / "t") == std::vector<std::string>{"ch", "metadata.json", "results.json"});
  // The report too: --from R --out t.
  test::scoped_env python("LNSGD_PYTHON", "/bin/sh");
  test::scoped_env script("LNSGD_REPORT_SCRIPT", fake_report_script(tmp).string());
  write(tmp.path / "R/results.json", "{}");
  expect_refused(test::run_cli({"report", "--from", tmp / "R", "--out", tmp / "t"}), "was not written by lnsgd");
  CHECK(test::slurp(tmp.path / "t/ch/ch1.tex") == "x");
  CHECK(hidden_entries(tmp.path) == 0);
}

TEST_CASE("out . in an output holding a user's file is refused and loses nothing", "[output][D2]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate(tmp / "run2")).code == 0);
  write(tmp.path / "run2/a.ipynb", "mine");
  const auto before = names_in(tmp.path / "run2");
  CHECK(test::run_lnsgd(simulate("."), tmp.path / "run2", tmp.path) == 2);
  CHECK(test::slurp(tmp.path / "run2/a.ipynb") == "mine");
  CHECK(names_in(tmp.path / "run2") == before);
}

TEST_CASE("a trailing slash names the same folder: the output is replaced, not lost", "[output][D3]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate(tmp / "run3")).code == 0);
  auto again = quick;
  again[7] = "60";  // --steps
  REQUIRE(test::run_cli(simulate(tmp / "run3/", again)).code == 0);
  CHECK(nlohmann::json::parse(test::slurp(tmp.path / "run3/metadata.json"))["config"]["steps"] == 60);
  CHECK(hidden_entries(tmp.path) == 0);
  // report --from myrep --out myrep/: the report is redrawn in place, the previous one replaced only at the end.
  test::scoped_env python("LNSGD_PYTHON", "/bin/sh");
  test::scoped_env script("LNSGD_REPORT_SCRIPT", fake_report_script(tmp).string());
  write(tmp.path / "R/results.json", "{}");
  REQUIRE(test::run_cli({"report", "--from", tmp / "R", "--out", tmp / "myrep"}).code == 0);
  const auto r = test::run_cli({"report", "--from", tmp / "myrep", "--out", tmp / "myrep/"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(fs::is_regular_file(tmp.path / "myrep/results.json"));
  CHECK(fs::is_regular_file(tmp.path / "myrep/index.html"));
}

TEST_CASE("a user's file added to an earlier output, or an lnsgd file edited, stops the next run", "[output][D4]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate(tmp / "o")).code == 0);
  write(tmp.path / "o/NOTES.txt", "notes");
  expect_refused(test::run_cli(simulate(tmp / "o")), "o/NOTES.txt was not written by lnsgd");
  CHECK(test::slurp(tmp.path / "o/NOTES.txt") == "notes");
  fs::remove(tmp.path / "o/NOTES.txt");
  { std::ofstream(tmp.path / "o/escape.csv", std::ios::app) << "edited\n"; }
  expect_refused(test::run_cli(simulate(tmp / "o")), "o/escape.csv was changed after lnsgd wrote it");
  CHECK(test::slurp(tmp.path / "o/escape.csv").find("edited") != std::string::npos);
  // An empty folder the manifest does not imply, and a symbolic link, are foreign too.
  fs::remove(tmp.path / "o/escape.csv");
  fs::create_directory(tmp.path / "o/plots");
  expect_refused(test::run_cli(simulate(tmp / "o")), "o/plots was not written by lnsgd");
  fs::remove(tmp.path / "o/plots");
  fs::create_symlink(tmp.path / "elsewhere", tmp.path / "o/link");
  expect_refused(test::run_cli(simulate(tmp / "o")), "o/link was not written by lnsgd");
  fs::remove(tmp.path / "o/link");
  // Without the user's additions (one of lnsgd's files deleted is fine) the folder is replaced.
  CHECK(test::run_cli(simulate(tmp / "o")).code == 0);
}

TEST_CASE("the manifest lists every file of an output with its size", "[output][manifest]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate(tmp / "o")).code == 0);
  const auto m = nlohmann::json::parse(test::slurp(tmp.path / "o/lnsgd-manifest.json"));
  CHECK(m["schema"] == "lnsgd-manifest/1");
  CHECK(m["command"] == "simulate");
  std::vector<std::string> listed;
  for (const auto& [name, f] : m["files"].items()) {
    listed.push_back(name);
    CHECK(f["bytes"].get<std::uintmax_t>() == fs::file_size(tmp.path / "o" / name));
  }
  auto present = names_in(tmp.path / "o");
  present.erase(std::find(present.begin(), present.end(), "lnsgd-manifest.json"));
  CHECK(listed == present);
}

TEST_CASE("a new folder with a trailing slash and the empty current folder take the output", "[output][D5]") {
  test::scratch_dir tmp;
  CHECK(test::run_cli(simulate(tmp / "newdir/")).code == 0);
  CHECK(fs::is_regular_file(tmp.path / "newdir/metadata.json"));
  fs::create_directory(tmp.path / "emptydir");
  struct stat before {}, after {};
  ::stat((tmp.path / "emptydir").c_str(), &before);
  CHECK(test::run_lnsgd(simulate("."), tmp.path / "emptydir", tmp.path) == 0);
  CHECK(fs::is_regular_file(tmp.path / "emptydir/metadata.json"));
  // Again: the previous output in the current folder is replaced in place (a shell there stays in the same folder).
  CHECK(test::run_lnsgd(simulate("."), tmp.path / "emptydir", tmp.path) == 0);
  ::stat((tmp.path / "emptydir").c_str(), &after);
  CHECK(before.st_ino == after.st_ino);
  CHECK(hidden_entries(tmp.path) == 0);
  CHECK(test::run_lnsgd(simulate(".."), tmp.path / "emptydir", tmp.path) == 2);  // it holds the current folder
}

TEST_CASE("divergence with snapshots, or in the initial state, writes the rows up to it and exits 3", "[output][D6]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"simulate", "--m", "100", "--eta", "10", "--steps", "200", "--snapshots", "100",
                                "--quiet", "--out", tmp / "a"});
  CHECK(r.code == 3);
  CHECK(r.err.find("diverged at step") != std::string::npos);
  CHECK(fs::is_regular_file(tmp.path / "a/trajectory.csv"));
  const auto b = test::run_cli({"simulate", "--theta-star-norm", "1e200", "--m", "10", "--steps", "10", "--quiet",
                                "--out", tmp / "b"});
  CHECK(b.code == 3);
  CHECK(b.err.find("diverged at step 0:") != std::string::npos);
  const auto meta = nlohmann::json::parse(test::slurp(tmp.path / "b/metadata.json"));
  CHECK(meta["results"]["trajectories"][0]["divergence"]["step"] == 0);
}

TEST_CASE("SIGINT, SIGTERM and SIGHUP remove the unfinished output and exit 128 + signal", "[output][D11][signals]") {
  test::scratch_dir tmp;
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    const auto p = test::start_lnsgd(simulate("o", slow), tmp.path, tmp.path);
    REQUIRE(test::eventually([&] { return staging_exists(tmp.path); }));
    ::kill(p.pid, sig);
    CHECK(test::wait_exit(p) == 128 + sig);
    CHECK(test::slurp(p.err).find("interrupted by SIG") != std::string::npos);
    CHECK(!fs::exists(tmp.path / "o"));
    CHECK(hidden_entries(tmp.path) == 0);
  }
}

TEST_CASE("what kill -9 leaves is removed by the next run in the folder", "[output][D11][signals]") {
  test::scratch_dir tmp;
  const auto p = test::start_lnsgd(simulate("o", slow), tmp.path, tmp.path);
  REQUIRE(test::eventually([&] { return staging_exists(tmp.path); }));
  ::kill(p.pid, SIGKILL);
  CHECK(test::wait_exit(p) == 128 + SIGKILL);
  CHECK(hidden_entries(tmp.path) > 0);  // a staging folder and a lock file nobody holds
  REQUIRE(test::run_cli(simulate(tmp / "other")).code == 0);
  CHECK(hidden_entries(tmp.path) == 0);
  CHECK(!fs::exists(tmp.path / "o"));
}

TEST_CASE("the report's drawing process dies with lnsgd, signalled or killed", "[output][D11][signals]") {
  test::scratch_dir tmp;
  write(tmp.path / "R/results.json", "{}");
  const fs::path pidfile = tmp.path / "child.pid";
  const std::vector<std::string> env = {"LNSGD_PYTHON=/bin/sh", "LNSGD_REPORT_SCRIPT=" + fake_report_script(tmp).string(),
                                        "LNSGD_TEST_PIDFILE=" + pidfile.string()};
  for (const int sig : {SIGTERM, SIGKILL}) {
    fs::remove(pidfile);
    const auto p = test::start_lnsgd({"report", "--from", "R", "--out", "rep"}, tmp.path, tmp.path, env);
    REQUIRE(test::eventually([&] { return fs::exists(pidfile) && fs::file_size(pidfile) > 0; }));
    const pid_t child = std::stoi(test::slurp(pidfile));
    ::kill(p.pid, sig);
    CHECK(test::wait_exit(p) == 128 + sig);
    CHECK(test::eventually([&] { return test::not_running(child); }, std::chrono::seconds(10)));
    CHECK(!fs::exists(tmp.path / "rep"));
  }
}

TEST_CASE("a failed run removes the parent folders it created", "[output][D15]") {
  test::scratch_dir tmp;
  // Bad input is refused before anything is created.
  CHECK(test::run_cli(simulate(tmp / "x/y/z", {"--precision", "quad"})).code == 2);
  CHECK(!fs::exists(tmp.path / "x"));
  // A report whose drawing fails, after x/y was made for x/y/z.
  const fs::path failing = tmp.path / "failing.sh";
  write(failing, "case $1 in check-deps) exit 0 ;; render) echo 'lnsgd report: cannot draw' ; exit 1 ;; esac\n");
  test::scoped_env python("LNSGD_PYTHON", "/bin/sh");
  test::scoped_env script("LNSGD_REPORT_SCRIPT", failing.string());
  write(tmp.path / "R/results.json", "{}");
  expect_refused(test::run_cli({"report", "--from", tmp / "R", "--out", tmp / "x/y/z"}), "cannot draw");
  CHECK(!fs::exists(tmp.path / "x"));
  CHECK(names_in(tmp.path) == std::vector<std::string>{"R", "failing.sh"});
  // A file where a folder should be is named, and left as it was.
  write(tmp.path / "blocker", "a file");
  expect_refused(test::run_cli(simulate(tmp / "blocker/w")), "blocker is not a directory");
  CHECK(test::slurp(tmp.path / "blocker") == "a file");
}

TEST_CASE("an output name of 250 characters is written whole", "[output][D16]") {
  test::scratch_dir tmp;
  const std::string name(250, 'a');
  const auto r = test::run_cli(simulate(tmp / name));
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(fs::is_regular_file(tmp.path / name / "metadata.json"));
  CHECK(hidden_entries(tmp.path) == 0);
}

TEST_CASE("check with json to a folder or a missing folder is refused before any claim runs", "[output][D17]") {
  test::scratch_dir tmp;
  fs::create_directory(tmp.path / "jd");
  for (const auto& target : {tmp / "jd", tmp / "missing/v.json"}) {
    const auto r = test::run_cli({"check", "thm4.2", "--json", target});
    expect_refused(r, "json = ");
    CHECK(r.out.empty());  // no claim ran
  }
  CHECK(names_in(tmp.path) == std::vector<std::string>{"jd"});
  CHECK(fs::is_empty(tmp.path / "jd"));
}

TEST_CASE("two runs to one output at once: the second is refused while the first holds the lock", "[output][D19]") {
  test::scratch_dir tmp;
  const auto first = test::start_lnsgd(simulate("race", slow), tmp.path, tmp.path);
  REQUIRE(test::eventually([&] { return staging_exists(tmp.path); }));
  const auto second = test::run_cli(simulate(tmp / "race"));
  expect_refused(second, "another lnsgd run (pid " + std::to_string(first.pid) + ")");
  ::kill(first.pid, SIGTERM);
  CHECK(test::wait_exit(first) == 128 + SIGTERM);
  CHECK(test::run_cli(simulate(tmp / "race")).code == 0);  // the lock went with its holder
}

TEST_CASE("symbolic links are resolved: a link to a folder names that folder and a dangling one is refused",
          "[output][paths]") {
  test::scratch_dir tmp;
  REQUIRE(test::run_cli(simulate(tmp / "real")).code == 0);
  fs::create_directory_symlink(tmp.path / "real", tmp.path / "link");
  CHECK(test::run_cli(simulate(tmp / "link")).code == 0);
  CHECK(fs::is_symlink(tmp.path / "link"));
  CHECK(fs::is_regular_file(tmp.path / "real/metadata.json"));
  fs::create_directory_symlink(tmp.path / "nowhere", tmp.path / "dangling");
  expect_refused(test::run_cli(simulate(tmp / "dangling")), "symbolic link to a missing path");
  CHECK(fs::is_symlink(tmp.path / "dangling"));
  write(tmp.path / "file", "a file");
  expect_refused(test::run_cli(simulate(tmp / "file")), "is not a directory");
  CHECK(test::slurp(tmp.path / "file") == "a file");
}
