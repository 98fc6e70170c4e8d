#pragma once
// One file written whole or not at all: a temporary sibling, then a rename (outputs of lnsgd simulate, check,
// report and sweep; a run killed at any moment leaves the old file or the new one, never a part).
#include <filesystem>
#include <string>

namespace lnsgd::sim {

// A hidden sibling name for `name` that stays under the file-name limit, whatever the length of `name`:
// ".lnsgd-<first 40 characters>-<CRC-32 of the whole name>.<suffix>".
std::string hidden_sibling_name(const std::string& name, const std::string& suffix);

// Writes text to path through a temporary sibling and a rename. Throws std::runtime_error naming the path on
// failure; the temporary file is removed and path is left as it was.
void write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace lnsgd::sim
