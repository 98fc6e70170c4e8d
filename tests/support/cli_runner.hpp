#pragma once
// Runs the lnsgd command line in-process and gives each test its own scratch directory.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "lnsgd/cli/app.hpp"

namespace lnsgd::test {

struct cli_result {
  int code;
  std::string out;
  std::string err;
};

inline cli_result run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err, false);
  return {code, out.str(), err.str()};
}

// A fresh directory under /tmp, removed at the end of the test.
struct scratch_dir {
  std::filesystem::path path;
  scratch_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lnsgd-test-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// Sets an environment variable for one scope.
struct scoped_env {
  std::string name;
  scoped_env(std::string n, const std::string& value) : name(std::move(n)) { setenv(name.c_str(), value.c_str(), 1); }
  ~scoped_env() { unsetenv(name.c_str()); }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;
};

// Lines in s (a one-line message has exactly one, ending it).
inline long lines(const std::string& s) { return static_cast<long>(std::count(s.begin(), s.end(), '\n')); }

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace lnsgd::test
