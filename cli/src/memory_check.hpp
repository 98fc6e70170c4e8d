#pragma once
// Runs that cannot fit are refused before anything is allocated, naming the fields to reduce.
#include <cstdint>
#include <optional>
#include <string>

namespace lnsgd::cli {

// Memory this machine can give a process now (MemAvailable of /proc/meminfo), in bytes; nullopt if unknown.
std::optional<double> available_memory();

// "<fields>: needs about X GB of memory, Y GB are available (accepted: ...)" if `bytes` exceeds what is
// available, else nullopt. `fields` names the inputs that set the size (e.g. "m = 100000, d = 100000") and
// `reduce` the ones to make smaller.
std::optional<std::string> too_big(double bytes, const std::string& fields, const std::string& reduce);

}  // namespace lnsgd::cli
