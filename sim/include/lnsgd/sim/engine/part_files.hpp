#pragma once
// Per-trajectory part files, merged in trajectory order into one table: the table is the same whatever the thread
// count and finishing order.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace lnsgd::sim {

inline std::filesystem::path part_path(const std::filesystem::path& dir, const std::string& table, std::uint64_t k) {
  return dir / (".part-" + table + "-" + std::to_string(k) + ".csv");
}

inline std::ofstream open_or_throw(const std::filesystem::path& p) {
  std::ofstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot write " + p.string());
  return f;
}

// dir/<table>.csv: the header, then every trajectory's part in order; the parts are removed.
inline void merge_parts(const std::filesystem::path& dir, const std::string& table, const std::string& header,
                        std::uint64_t trajectories) {
  auto out = open_or_throw(dir / (table + ".csv"));
  out << header << '\n';
  for (std::uint64_t k = 0; k < trajectories; ++k) {
    const auto p = part_path(dir, table, k);
    {
      std::ifstream in(p, std::ios::binary);
      if (!in) throw std::runtime_error("cannot read " + p.string());
      // Not `out << in.rdbuf()`: that sets failbit on an empty part (a trajectory that diverged before its first row).
      std::copy(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), std::ostreambuf_iterator<char>(out));
    }
    std::filesystem::remove(p);
  }
  if (!out.flush()) throw std::runtime_error("write failed: " + (dir / table).string());
}

}  // namespace lnsgd::sim
