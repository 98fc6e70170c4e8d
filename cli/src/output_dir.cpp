#include "output_dir.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace lnsgd::cli {
namespace fs = std::filesystem;

namespace {

// A directory lnsgd may replace: absent, empty, or holding our metadata.json (simulate) or results.json (report).
bool replaceable(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return true;
  if (!fs::is_directory(p, ec)) return false;
  return fs::is_empty(p, ec) || fs::exists(p / "metadata.json", ec) || fs::exists(p / "results.json", ec);
}

}  // namespace

output_dir::output_dir(fs::path final_path) : final_(std::move(final_path)) {
  const std::string shown = "out = " + final_.string();
  if (!replaceable(final_))
    throw std::runtime_error(shown + " (accepted: a new path, an empty directory or a previous lnsgd output)");
  const fs::path parent = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::string staging_name = ".";
  staging_name.append(final_.filename().string()).append(".partial-").append(std::to_string(getpid()));
  staging_ = parent / staging_name;
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec)
    throw std::runtime_error(shown + ": cannot create a directory there (" + ec.message() + ")");
  // Permission bits do not stop root: probe with a real write.
  std::ofstream probe(staging_ / ".probe");
  if (!probe) {
    fs::remove_all(staging_, ec);
    throw std::runtime_error(shown + ": not writable");
  }
  probe.close();
  fs::remove(staging_ / ".probe", ec);
}

output_dir::~output_dir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void output_dir::commit() {
  std::error_code ec;
  if (fs::exists(final_, ec)) {
    if (!replaceable(final_)) throw std::runtime_error("out = " + final_.string() + ": changed during the run");
    fs::remove_all(final_, ec);
    if (ec) throw std::runtime_error("out = " + final_.string() + ": cannot replace (" + ec.message() + ")");
  }
  fs::rename(staging_, final_, ec);
  if (ec) throw std::runtime_error("out = " + final_.string() + ": cannot move output into place (" + ec.message() + ")");
  committed_ = true;
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!(f << text) || !f.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw std::runtime_error("cannot write " + path.string() + " (" + ec.message() + ")");
}

}  // namespace lnsgd::cli
