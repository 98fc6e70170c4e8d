#include "output/atomic_file.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace lnsgd::cli::output {
namespace fs = std::filesystem;

std::optional<std::string> why_not_writable(const fs::path& path) {
  std::error_code ec;
  if (path.empty()) return "is empty (accepted: a file path)";
  if (fs::is_directory(path, ec)) return "is a folder (accepted: a file path)";
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) return parent.string() + " is not a folder";
  const fs::path probe = parent / hidden_sibling_name(path.filename().string(), std::to_string(getpid()) + ".probe");
  if (!std::ofstream(probe)) return "cannot be written (" + parent.string() + " is not writable)";
  fs::remove(probe, ec);
  return std::nullopt;
}

}  // namespace lnsgd::cli::output
