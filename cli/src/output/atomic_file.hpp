#pragma once
// One file written whole or not at all: a temporary sibling, then a rename.
#include <filesystem>
#include <optional>
#include <string>

#include "lnsgd/sim/engine/atomic_file.hpp"

namespace lnsgd::cli::output {

// The atomic write itself lives in the engine (sim/engine/atomic_file.hpp): the sweep writes its cells with it.
using sim::hidden_sibling_name;
using sim::write_atomically;

// Why write_atomically(path, ...) would fail, checked before a long run: nullopt if path's folder exists and takes
// a new file and path is not a folder; else a one-line reason.
std::optional<std::string> why_not_writable(const std::filesystem::path& path);

}  // namespace lnsgd::cli::output
