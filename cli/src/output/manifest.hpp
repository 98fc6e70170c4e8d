#pragma once
// The manifest lnsgd writes into every output folder: the list of the files it wrote, with their sizes and CRC-32
// checksums. A folder is replaced only when it is exactly what its manifest lists (docs/outputs.md).
#include <filesystem>
#include <optional>
#include <string>

namespace lnsgd::cli::output {

inline constexpr const char* manifest_name = "lnsgd-manifest.json";

// Lists every regular file under dir (recursively) in dir/lnsgd-manifest.json, written through a temporary file.
// Throws std::runtime_error if dir holds anything but regular files and folders, or on a write error.
void write_manifest(const std::filesystem::path& dir, const std::string& command);

// Why dir may not be replaced, as "<path> <reason>" naming the first offending entry (sorted order), or nullopt
// when dir is absent, an empty folder, or holds only files its manifest lists, unchanged (size and CRC-32).
// Never follows symbolic links; a link, a device or a folder the manifest does not imply is foreign.
std::optional<std::string> why_not_replaceable(const std::filesystem::path& dir);

// Removes from dir the files its manifest lists, then the manifest, then the folders left empty. Anything else
// stays; returns false if dir is not empty afterwards (something was added after the last check).
bool remove_listed(const std::filesystem::path& dir);

}  // namespace lnsgd::cli::output
