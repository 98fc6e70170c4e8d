#include "output/manifest.hpp"

#include <boost/crc.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <system_error>

#include "output/atomic_file.hpp"

namespace lnsgd::cli::output {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

struct file_sum {
  std::uintmax_t bytes = 0;
  std::string crc32;  // 8 hex digits
  bool operator==(const file_sum&) const = default;
};

std::optional<file_sum> checksum(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  boost::crc_32_type crc;
  char buf[1 << 16];
  file_sum s;
  while (in) {
    in.read(buf, sizeof buf);
    crc.process_bytes(buf, static_cast<std::size_t>(in.gcount()));
    s.bytes += static_cast<std::uintmax_t>(in.gcount());
  }
  if (in.bad()) return std::nullopt;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", crc.checksum());
  s.crc32 = hex;
  return s;
}

// Every entry under dir, relative, in sorted order (the first problem named is the same on every run).
std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(e.path().lexically_relative(dir));
  std::sort(out.begin(), out.end());
  return out;
}

// The manifest's files, or nullopt if dir has no manifest lnsgd wrote.
std::optional<std::map<std::string, file_sum>> read_manifest(const fs::path& dir) {
  const fs::path p = dir / manifest_name;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  const json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "lnsgd-manifest/1" ||
      !j.contains("files") || !j["files"].is_object())
    return std::nullopt;
  std::map<std::string, file_sum> files;
  for (const auto& [name, f] : j["files"].items()) {
    if (!f.is_object() || !f.contains("bytes") || !f["bytes"].is_number_unsigned() || !f.contains("crc32") ||
        !f["crc32"].is_string())
      return std::nullopt;
    files[name] = {f["bytes"].get<std::uintmax_t>(), f["crc32"].get<std::string>()};
  }
  return files;
}

// The folders a list of files implies (every proper prefix of every path).
std::set<std::string> implied_folders(const std::map<std::string, file_sum>& files) {
  std::set<std::string> folders;
  for (const auto& [name, sum] : files)
    for (fs::path p = fs::path(name).parent_path(); !p.empty(); p = p.parent_path()) folders.insert(p.string());
  return folders;
}

}  // namespace

void write_manifest(const fs::path& dir, const std::string& command) {
  json files = json::object();
  for (const auto& rel : entries(dir)) {
    const auto st = fs::symlink_status(dir / rel);
    if (fs::is_directory(st)) continue;
    if (!fs::is_regular_file(st)) throw std::runtime_error("unexpected entry " + (dir / rel).string());
    if (rel == manifest_name) continue;
    const auto sum = checksum(dir / rel);
    if (!sum) throw std::runtime_error("cannot read " + (dir / rel).string());
    files[rel.generic_string()] = {{"bytes", sum->bytes}, {"crc32", sum->crc32}};
  }
  const json doc = {{"schema", "lnsgd-manifest/1"},
                    {"command", command},
                    {"note", "written by lnsgd: a later run may replace this folder only while it holds exactly "
                             "these files, unchanged"},
                    {"files", files}};
  write_atomically(dir / manifest_name, doc.dump(2) + "\n");
}

std::optional<std::string> why_not_replaceable(const fs::path& dir) {
  std::error_code ec;
  const auto st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) return std::nullopt;
  if (!fs::is_directory(st)) return dir.string() + " is not a directory";
  if (fs::is_empty(dir, ec)) return std::nullopt;
  const auto files = read_manifest(dir);
  const auto all = entries(dir);
  if (!files) return (dir / all.front()).string() + " was not written by lnsgd (no " + manifest_name + " lists it)";
  const auto folders = implied_folders(*files);
  for (const auto& rel : all) {
    const std::string name = rel.generic_string();
    const auto est = fs::symlink_status(dir / rel, ec);
    if (name == manifest_name && fs::is_regular_file(est)) continue;
    if (fs::is_directory(est) && folders.count(name)) continue;
    const auto listed = files->find(name);
    if (!fs::is_regular_file(est) || listed == files->end())
      return (dir / rel).string() + " was not written by lnsgd (" + manifest_name + " does not list it)";
    if (checksum(dir / rel) != listed->second) return (dir / rel).string() + " was changed after lnsgd wrote it";
  }
  return std::nullopt;
}

bool remove_listed(const fs::path& dir) {
  std::error_code ec;
  if (const auto files = read_manifest(dir)) {
    for (const auto& [name, sum] : *files) fs::remove(dir / name, ec);
    fs::remove(dir / manifest_name, ec);
    // Deepest folders first: a folder is removed only once it is empty (fs::remove does not remove a non-empty one).
    const auto folders = implied_folders(*files);
    for (auto it = folders.rbegin(); it != folders.rend(); ++it) fs::remove(dir / *it, ec);
  }
  return fs::is_empty(dir, ec) && !ec;
}

}  // namespace lnsgd::cli::output
