#pragma once
// One file written whole or not at all: a temporary sibling, then a rename.
#include <filesystem>
#include <optional>
#include <string>

namespace lnsgd::cli::output {

// A hidden sibling name for `name` that stays under the file-name limit, whatever the length of `name`:
// ".lnsgd-<first 40 characters>-<CRC-32 of the whole name>.<suffix>".
std::string hidden_sibling_name(const std::string& name, const std::string& suffix);

// Writes text to path through a temporary sibling and a rename. Throws std::runtime_error naming the path on
// failure; the temporary file is removed and path is left as it was.
void write_atomically(const std::filesystem::path& path, const std::string& text);

// Why write_atomically(path, ...) would fail, checked before a long run: nullopt if path's folder exists and takes
// a new file and path is not a folder; else a one-line reason.
std::optional<std::string> why_not_writable(const std::filesystem::path& path);

}  // namespace lnsgd::cli::output
