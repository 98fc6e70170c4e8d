#include "output/path_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "output/atomic_file.hpp"

namespace lnsgd::cli::output {
namespace fs = std::filesystem;

fs::path lock_file_for(const fs::path& path) {
  return path.parent_path() / hidden_sibling_name(path.filename().string(), "lock");
}

std::optional<path_lock> path_lock::try_acquire(const fs::path& file, std::string* holder) {
  for (;;) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create the lock file " + file.string() + " (" + std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (holder) {
        char buf[32] = {};
        const auto got = ::pread(fd, buf, sizeof buf - 1, 0);
        *holder = got > 0 ? "pid " + std::string(buf, static_cast<std::size_t>(got)) : "another process";
      }
      ::close(fd);
      return std::nullopt;
    }
    // The holder before us may have removed the file after we opened it: the lock is ours only if the name
    // still refers to the file we locked.
    struct stat locked {}, named {};
    if (::fstat(fd, &locked) == 0 && ::stat(file.c_str(), &named) == 0 && locked.st_ino == named.st_ino &&
        locked.st_dev == named.st_dev) {
      const std::string pid = std::to_string(::getpid());
      // The pid only appears in other processes' messages: a lock without it is still a lock.
      [[maybe_unused]] const bool shown = ::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) > 0;
      return path_lock(file, fd);
    }
    ::close(fd);
  }
}

path_lock::path_lock(path_lock&& other) noexcept : file_(std::move(other.file_)), fd_(other.fd_) { other.fd_ = -1; }

path_lock& path_lock::operator=(path_lock&& other) noexcept {
  std::swap(file_, other.file_);
  std::swap(fd_, other.fd_);
  return *this;  // other releases what this held
}

path_lock::~path_lock() {
  if (fd_ < 0) return;
  ::unlink(file_.c_str());  // while still locked: a process that opened the old file retries (see try_acquire)
  ::close(fd_);
}

}  // namespace lnsgd::cli::output
