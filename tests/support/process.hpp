#pragma once
// The lnsgd binary as a separate process, for what an in-process run cannot show: the current directory, signals,
// kill -9, two runs at once.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace lnsgd::test {

struct process {
  pid_t pid = -1;
  std::filesystem::path out, err;  // its stdout and stderr, as files
};

// Starts program argv[0] (a path, not searched in PATH) with argv in folder `cwd`, its stdout and stderr in files
// under `logs`; `env` entries ("NAME=value") are added to the environment.
inline process start_program(std::vector<std::string> argv_text, const std::filesystem::path& cwd,
                             const std::filesystem::path& logs, const std::vector<std::string>& env = {}) {
  process p;
  static int count = 0;
  p.out = logs / ("stdout-" + std::to_string(++count));
  p.err = logs / ("stderr-" + std::to_string(count));
  std::vector<char*> argv, envp;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text(env);
  for (char** e = environ; *e; ++e) env_text.emplace_back(*e);
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (posix_spawn(&p.pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) p.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return p;
}

// Starts the lnsgd binary (LNSGD_BINARY, set by tests/CMakeLists.txt) with args, as start_program does.
inline process start_lnsgd(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                           const std::filesystem::path& logs, const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv{LNSGD_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return start_program(std::move(argv), cwd, logs, env);
}

// Its exit status; 128 + the signal's number if a signal ended it.
inline int wait_exit(const process& p) {
  int status = 0;
  while (waitpid(p.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline int run_lnsgd(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                     const std::filesystem::path& logs) {
  return wait_exit(start_lnsgd(args, cwd, logs));
}

// Waits (up to `limit`) until pred() holds; returns whether it did.
template <class Pred>
bool eventually(Pred pred, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// Whether process `pid` is gone or a zombie (it runs no more code).
inline bool not_running(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("State:", 0) == 0) return line.find('Z') != std::string::npos || line.find('X') != std::string::npos;
  return true;
}

}  // namespace lnsgd::test
