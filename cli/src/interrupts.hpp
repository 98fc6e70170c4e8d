#pragma once
// SIGINT, SIGTERM and SIGHUP end lnsgd cleanly: the staging folders of unfinished outputs are removed and child
// processes killed, then lnsgd exits with status 128 + the signal number. (kill -9 cannot be handled: a later run
// removes what it left, see output_dir.)
#include <functional>
#include <mutex>

namespace lnsgd::cli::interrupts {

// Call first in main(), before any thread starts: blocks the three signals in this thread (so in every thread
// created later) and starts the thread that waits for them. Without install() (tests running the commands
// in-process) signals keep their default action and the cleanups below are never run by a signal.
void install();

// Held while a cleanup runs, and by code that must not be interrupted halfway (an output moving into place).
std::mutex& guard();

// A cleanup run on a signal, registered for the object's lifetime; cleanups run newest first.
class on_signal {
 public:
  explicit on_signal(std::function<void()> action);
  ~on_signal();
  on_signal(const on_signal&) = delete;
  on_signal& operator=(const on_signal&) = delete;

 private:
  std::size_t id_;
};

}  // namespace lnsgd::cli::interrupts
