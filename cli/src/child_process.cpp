#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "interrupts.hpp"

namespace lnsgd::cli {
namespace {

// In the forked child: only async-signal-safe calls until execv.
[[noreturn]] void exec_child(char* const* args, int out_fd, int error_fd, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the child dies with lnsgd, even when lnsgd is killed with -9
  if (::getppid() != parent) ::_exit(127);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // interrupts::install() blocked these for lnsgd's threads only
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(out_fd, STDERR_FILENO);
  ::execv(args[0], args);
  const int e = errno;
  [[maybe_unused]] const auto written = ::write(error_fd, &e, sizeof e);
  ::_exit(127);
}

}  // namespace

child_result run_child(const std::vector<std::string>& argv) {
  child_result r;
  int out_pipe[2], error_pipe[2];  // the child's output; errno of a failed execv (closed by a successful one)
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    r.error = std::strerror(errno);
    return r;
  }
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
    r.error = std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) exec_child(args.data(), out_pipe[1], error_pipe[1], parent);
  ::close(out_pipe[1]);
  ::close(error_pipe[1]);
  if (pid < 0) {
    r.error = std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(error_pipe[0]);
    return r;
  }
  interrupts::on_signal kill_child([pid] { ::kill(pid, SIGKILL); });
  int exec_errno = 0;
  while (::read(error_pipe[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR) {
  }
  ::close(error_pipe[0]);
  r.started = exec_errno == 0;
  if (!r.started) r.error = std::strerror(exec_errno);
  char buf[4096];
  for (ssize_t got; (got = ::read(out_pipe[0], buf, sizeof buf)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    r.output.append(buf, static_cast<std::size_t>(got));
  }
  ::close(out_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = r.started && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace lnsgd::cli
