#pragma once
// An output folder that appears whole or not at all, and never at the cost of a user's files (docs/outputs.md).
//
// The path is resolved first (., .., trailing slashes, symbolic links, the current directory). It may be new, an
// empty folder, or a previous lnsgd output holding exactly the files its lnsgd-manifest.json lists, unchanged;
// anything else is refused before the run. One process at a time writes a path (a lock next to it). Files are
// written into a hidden staging sibling; commit() writes the manifest and moves the output into place, and only
// then removes the previous output's files. Without commit() (an error, an exception, a signal) the staging
// folder, the lock and any parent folder this object created are removed. Staging folders left by killed runs
// (kill -9) are removed by the next run in the same folder.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "interrupts.hpp"
#include "output/path_lock.hpp"

namespace lnsgd::cli {

class output_dir {
 public:
  // `out` as the user gave it; `command` is recorded in the manifest. Throws std::runtime_error with a one-line
  // message starting "out = <out>" if the path cannot be used: it holds foreign or changed files, another run
  // holds its lock, it contains the current directory, or it cannot be created or written.
  output_dir(const std::string& out, std::string command);
  ~output_dir();
  output_dir(const output_dir&) = delete;
  output_dir& operator=(const output_dir&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_path() const { return final_; }  // resolved, absolute

  // Writes the manifest and moves the staged output into place. Throws std::runtime_error (one line) if that
  // fails or foreign files appeared at the path during the run; the new output is then kept under a name the
  // message gives, and the previous one stays.
  void commit();

 private:
  void create_parents();
  void move_into_place();
  void discard() noexcept;

  std::string shown_;  // "out = <as given>", the start of every message
  std::string command_;
  std::filesystem::path final_, staging_;
  std::vector<std::filesystem::path> created_parents_;  // outermost first
  std::optional<output::path_lock> lock_;
  std::optional<interrupts::on_signal> on_signal_;
  bool committed_ = false;
};

}  // namespace lnsgd::cli
