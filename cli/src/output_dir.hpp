#pragma once
// An output directory that appears whole or not at all: files are written into a hidden sibling, which
// commit() renames into place. Without commit() (error, exception) the sibling is removed.
#include <filesystem>
#include <string>

namespace lnsgd::cli {

class output_dir {
 public:
  // Throws std::runtime_error with a one-line message if the directory cannot be created, or if `final_path`
  // exists and is not a previous lnsgd output (it would be replaced).
  explicit output_dir(std::filesystem::path final_path);
  ~output_dir();
  output_dir(const output_dir&) = delete;
  output_dir& operator=(const output_dir&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_path() const { return final_; }
  // Replaces final_path by the staged directory (a previous lnsgd output there is removed).
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

// Writes text to path through a temporary file and a rename.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace lnsgd::cli
