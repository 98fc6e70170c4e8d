#include "memory_check.hpp"

#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <sstream>

namespace lnsgd::cli {

std::optional<double> available_memory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kilobytes = 0;
  std::string unit;
  while (meminfo >> key >> kilobytes >> unit)
    if (key == "MemAvailable:") return kilobytes * 1024;
  const long pages = ::sysconf(_SC_AVPHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return double(pages) * double(page);
  return std::nullopt;
}

std::optional<std::string> too_big(double bytes, const std::string& fields, const std::string& reduce) {
  const auto available = available_memory();
  if (!available || bytes <= *available) return std::nullopt;
  std::ostringstream s;
  s << std::setprecision(3) << fields << ": needs about " << bytes / 1e9 << " GB of memory, " << *available / 1e9
    << " GB are available (accepted: a run that fits; reduce " << reduce << ")";
  return s.str();
}

}  // namespace lnsgd::cli
