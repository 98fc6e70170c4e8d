#include "lnsgd/sim/engine/atomic_file.hpp"

#include <unistd.h>

#include <boost/crc.hpp>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace lnsgd::sim {
namespace fs = std::filesystem;

std::string hidden_sibling_name(const std::string& name, const std::string& suffix) {
  boost::crc_32_type crc;
  crc.process_bytes(name.data(), name.size());
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", crc.checksum());
  return ".lnsgd-" + name.substr(0, 40) + "-" + hex + "." + suffix;
}

void write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp =
      path.parent_path() / hidden_sibling_name(path.filename().string(), std::to_string(getpid()) + ".tmp");
  std::error_code ec;
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!(f << text) || !f.flush()) {
      f.close();
      fs::remove(tmp, ec);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error("cannot write " + path.string() + " (" + ec.message() + ")");
  }
}

}  // namespace lnsgd::sim
