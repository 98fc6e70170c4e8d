#include "interrupts.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>
#include <thread>

namespace lnsgd::cli::interrupts {
namespace {

struct registry {
  std::map<std::size_t, std::function<void()>> actions;
  std::size_t next = 0;
};

registry& cleanups() {
  static registry r;
  return r;
}

sigset_t handled() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  return set;
}

[[noreturn]] void wait_and_clean(sigset_t set) {
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  {
    std::lock_guard lock(guard());  // waits for an output that is moving into place
    auto& r = cleanups();
    for (auto it = r.actions.rbegin(); it != r.actions.rend(); ++it) it->second();
  }
  const char* name = sigabbrev_np(sig);
  const std::string msg = "lnsgd: interrupted by SIG" + std::string(name ? name : std::to_string(sig).c_str()) +
                          "; unfinished output removed\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, msg.data(), msg.size());
  ::_exit(128 + sig);
}

}  // namespace

void install() {
  const sigset_t set = handled();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(wait_and_clean, set).detach();
}

std::mutex& guard() {
  static std::mutex m;
  return m;
}

on_signal::on_signal(std::function<void()> action) {
  std::lock_guard lock(guard());
  auto& r = cleanups();
  id_ = r.next++;
  r.actions.emplace(id_, std::move(action));
}

on_signal::~on_signal() {
  std::lock_guard lock(guard());
  cleanups().actions.erase(id_);
}

}  // namespace lnsgd::cli::interrupts
