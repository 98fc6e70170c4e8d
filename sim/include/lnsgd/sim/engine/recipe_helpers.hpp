#pragma once
// What every engine model's recipe (sim/models/<name>/registration.cpp) writes the same way: the one-line
// message of a rejected value, the bytes of a scalar of the chosen precision, and the per-trajectory summary lines.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "lnsgd/sim/engine/registry.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

// "field = value (accepted: ...)", the form of every validation message.
inline std::string invalid_value(const std::string& field, const std::string& value, const std::string& accepted) {
  return field + " = " + value + " (accepted: " + accepted + ")";
}

// sizeof the scalar of a precision name that validation has accepted.
inline double scalar_bytes(const std::string& precision) {
  return with_precision(*parse_precision(precision), [](auto zero) { return double(sizeof zero); });
}

// "  trajectory k: ..." for the first five trajectories of a run: "DIVERGED at step ... (why)" or what
// final_line(value) writes from the trajectory's final values (value(key): NaN where the key is missing).
template <class FinalLine>
std::string trajectory_lines(const run_outcome& o, FinalLine&& final_line) {
  std::ostringstream out;
  std::size_t shown = 0;
  for (const auto& t : o.results["trajectories"]) {
    if (++shown > 5) break;
    out << "  trajectory " << t["trajectory"].get<std::uint64_t>() << ": ";
    if (t["status"] == "diverged") {
      out << "DIVERGED at step " << t["divergence"]["step"].get<std::uint64_t>() << " ("
          << t["divergence"]["reason"].get<std::string>() << ")\n";
      continue;
    }
    const auto& f = t["final"];
    const auto value = [&](const char* key) { return f.contains(key) ? f[key].get<double>() : std::nan(""); };
    out << final_line(value) << "\n";
  }
  return out.str();
}

}  // namespace lnsgd::sim
