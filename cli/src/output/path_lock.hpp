#pragma once
// An exclusive lock on an output path, held by one process for as long as it writes there: a hidden lock file next
// to the path, locked with flock(2). The kernel drops the lock when its holder dies (even by kill -9), so a lock
// is never stale; the file is removed on release.
#include <filesystem>
#include <optional>
#include <string>

namespace lnsgd::cli::output {

class path_lock {
 public:
  // Locks the lock file `file` (lock_file_for(path); its folder must exist) without waiting. Returns nullopt if
  // another process holds it; `holder` then says which ("pid 1234"). Throws std::runtime_error if the lock file
  // cannot be created.
  static std::optional<path_lock> try_acquire(const std::filesystem::path& file, std::string* holder = nullptr);

  path_lock(path_lock&& other) noexcept;
  path_lock& operator=(path_lock&& other) noexcept;
  path_lock(const path_lock&) = delete;
  ~path_lock();

  const std::filesystem::path& file() const { return file_; }

 private:
  path_lock(std::filesystem::path file, int fd) : file_(std::move(file)), fd_(fd) {}
  std::filesystem::path file_;
  int fd_ = -1;
};

// The lock file of an output path: a hidden sibling (hidden_sibling_name(name, "lock")).
std::filesystem::path lock_file_for(const std::filesystem::path& path);

}  // namespace lnsgd::cli::output
