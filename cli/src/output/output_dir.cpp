#include "output/output_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "output/atomic_file.hpp"
#include "output/manifest.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace fs = std::filesystem;
namespace {

const char* const accepted =
    " (accepted: a new path, an empty folder, or an lnsgd output holding only the files its lnsgd-manifest.json lists)";

// The absolute path `out` names: symbolic links, ".", ".." and trailing slashes resolved.
fs::path resolve(const std::string& out, const std::string& shown) {
  if (out.empty()) throw std::runtime_error(shown + " (accepted: a folder path)");
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(out, ec), ec);
  if (ec) throw std::runtime_error(shown + ": cannot resolve the path (" + ec.message() + ")");
  if (p.filename().empty()) p = p.parent_path();  // a trailing slash on a path that does not exist yet
  if (p == p.root_path()) throw std::runtime_error(shown + " is the root folder (accepted: a folder with a name)");
  if (fs::is_symlink(fs::symlink_status(p, ec)))  // weakly_canonical leaves only a dangling link unresolved
    throw std::runtime_error(shown + " is a symbolic link to a missing path (accepted: a folder path)");
  return p;
}

// Whether `inner` is `outer` or lies inside it (both resolved).
bool contains(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i)
    if (i == inner.end() || *o != *i) return false;
  return true;
}

// Removes the staging folders and lock files that killed runs left in `folder`: those whose lock nobody holds.
void remove_stale(const fs::path& folder) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    const auto ends_with = [&](const std::string& s) {
      return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (name.rfind(".lnsgd-", 0) != 0) continue;
    std::string stem;
    if (ends_with(".staging")) stem = name.substr(0, name.size() - 8);
    else if (ends_with(".lock")) stem = name.substr(0, name.size() - 5);
    else continue;
    if (auto lock = output::path_lock::try_acquire(folder / (stem + ".lock"))) {
      std::error_code ignored;
      fs::remove_all(folder / (stem + ".staging"), ignored);
    }
  }
}

}  // namespace

output_dir::output_dir(const std::string& out, std::string command)
    : shown_("out = " + one_line(out)), command_(std::move(command)) {
  final_ = resolve(out, shown_);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec && final_ != cwd && contains(final_, cwd))
    throw std::runtime_error(shown_ + " holds the current directory (accepted: a folder outside it, or .)");
  if (auto why = output::why_not_replaceable(final_)) throw std::runtime_error(shown_ + ": " + *why + accepted);
  create_parents();
  try {
    const fs::path parent = final_.parent_path();
    std::string holder;
    try {
      lock_ = output::path_lock::try_acquire(output::lock_file_for(final_), &holder);
    } catch (const std::exception& e) {
      throw std::runtime_error(shown_ + ": " + e.what());
    }
    if (!lock_)
      throw std::runtime_error(shown_ + ": another lnsgd run (" + holder + ") is writing there (accepted: a "
                               "different --out, or the same once that run has ended)");
    on_signal_.emplace([this] { discard(); });
    // Under the lock, again: the folder may have changed since the first look.
    if (auto why = output::why_not_replaceable(final_)) throw std::runtime_error(shown_ + ": " + *why + accepted);
    remove_stale(parent);
    staging_ = parent / output::hidden_sibling_name(final_.filename().string(), "staging");
    fs::remove_all(staging_, ec);  // ours by the lock: left by a run that was killed
    if (!fs::create_directory(staging_, ec) || ec)
      throw std::runtime_error(shown_ + ": cannot create a folder there (" + ec.message() + ")");
    // Permission bits do not stop root: probe with a real write.
    if (!std::ofstream(staging_ / ".probe")) throw std::runtime_error(shown_ + ": not writable");
    fs::remove(staging_ / ".probe", ec);
  } catch (...) {
    on_signal_.reset();
    discard();
    throw;
  }
}

output_dir::~output_dir() {
  on_signal_.reset();
  if (!committed_) discard();
}

void output_dir::create_parents() {
  std::vector<fs::path> missing;
  std::error_code ec;
  fs::path p = final_.parent_path();
  for (; !fs::exists(fs::symlink_status(p, ec)); p = p.parent_path()) missing.push_back(p);
  if (!fs::is_directory(p, ec)) throw std::runtime_error(shown_ + ": " + p.string() + " is not a directory");
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (!fs::create_directory(*it, ec) || ec) {
      discard();
      throw std::runtime_error(shown_ + ": cannot create " + it->string() + " (" + ec.message() + ")");
    }
    created_parents_.push_back(*it);
  }
}

void output_dir::discard() noexcept {
  std::error_code ec;
  if (!staging_.empty()) {
    // A signal can arrive while the run still creates files in the staging folder, and remove_all then fails on a
    // folder that is not empty and leaves it behind. Renamed first, no new file can appear in what is removed
    // (writers open by path and find none); the new name still ends in ".staging", so remove_stale finds it too.
    fs::path doomed = staging_;
    doomed += "-removing.staging";
    fs::rename(staging_, doomed, ec);
    fs::remove_all(ec ? staging_ : doomed, ec);
  }
  staging_.clear();
  lock_.reset();
  for (auto it = created_parents_.rbegin(); it != created_parents_.rend(); ++it) fs::remove(*it, ec);  // if empty
  created_parents_.clear();
}

void output_dir::commit() {
  {
    std::lock_guard guard(interrupts::guard());  // a signal now waits until the output is in place
    output::write_manifest(staging_, command_);
    if (auto why = output::why_not_replaceable(final_)) {
      const fs::path kept = final_.parent_path() / (final_.filename().string().substr(0, 200) + ".new-" +
                                                    std::to_string(::getpid()));
      std::error_code ec;
      fs::rename(staging_, kept, ec);
      if (!ec) staging_.clear();
      throw std::runtime_error(shown_ + ": " + *why + " during the run; the new output is in " +
                               (ec ? std::string("no folder (") + ec.message() + ")" : kept.string()));
    }
    move_into_place();
    staging_.clear();
    committed_ = true;
  }
  on_signal_.reset();  // takes the guard itself
  lock_.reset();
}

void output_dir::move_into_place() {
  std::error_code ec;
  const auto fail = [&](const std::string& what) {
    throw std::runtime_error(shown_ + ": cannot " + what + " (" + ec.message() + ")");
  };
  if (!fs::exists(fs::symlink_status(final_, ec))) {
    fs::rename(staging_, final_, ec);
    if (ec) fail("move the output into place");
    return;
  }
  if (final_ == fs::current_path(ec)) {
    // The current directory (a shell may be in it) stays the same folder: its previous lnsgd files are replaced.
    output::remove_listed(final_);
    for (const auto& e : fs::directory_iterator(staging_)) {
      fs::rename(e.path(), final_ / e.path().filename(), ec);
      if (ec) fail("move " + e.path().filename().string() + " into place");
    }
    fs::remove(staging_, ec);
    return;
  }
  // Swap the two folders in one step; filesystems without RENAME_EXCHANGE move the previous output aside first.
  fs::path previous = staging_;
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) != 0) {
    previous = final_.parent_path() / output::hidden_sibling_name(final_.filename().string(), "previous");
    fs::rename(final_, previous, ec);
    if (ec) fail("move the previous output aside");
    fs::rename(staging_, final_, ec);
    if (ec) {
      std::error_code ignored;
      fs::rename(previous, final_, ignored);
      fail("move the output into place");
    }
  }
  // Only the files the previous manifest lists are removed; anything added since the last look is kept.
  if (output::remove_listed(previous))
    fs::remove(previous, ec);
  else
    fs::rename(previous, final_.parent_path() / (final_.filename().string().substr(0, 200) + ".kept-" +
                                                 std::to_string(::getpid())), ec);
}

}  // namespace lnsgd::cli
