#include "tests/support/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace citadel::testing {

pid_t spawnProcess(const std::vector<std::string>& argv_in, int stdout_fd, int stderr_fd) {
  // Everything the child needs is built before fork: it only makes async-signal-safe calls.
  std::vector<std::string> args = argv_in;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child == 0) {
    // Child: die with the test process (unless it is gone already), then the redirections.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(127);
    if (stdout_fd >= 0) ::dup2(stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);  // ignored dispositions survive exec; the program gets its own
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  return child;
}

ChildProcess::ChildProcess(std::string name) : name_(std::move(name)) {
  // The test process must survive writes to sockets the child has closed.
  ::signal(SIGPIPE, SIG_IGN);
}

ChildProcess::~ChildProcess() { stop(); }

bool ChildProcess::start(const std::vector<std::string>& argv, const std::string& stderr_path) {
  if (pid_ > 0) {
    ADD_FAILURE() << name_ << ": already running (pid " << pid_ << ")";
    return false;
  }
  int stderr_fd = -1;
  if (!stderr_path.empty()) {
    stderr_fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (stderr_fd < 0) {
      ADD_FAILURE() << "open " << stderr_path << ": " << std::strerror(errno);
      return false;
    }
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    if (stderr_fd >= 0) ::close(stderr_fd);
    return false;
  }
  pid_t child = spawnProcess(argv, fds[1], stderr_fd);
  if (stderr_fd >= 0) ::close(stderr_fd);
  if (child < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  ::close(fds[1]);
  pid_ = child;
  stdout_fd_ = fds[0];
  return true;
}

bool ChildProcess::readLinesUntil(const std::function<bool(const std::string& line)>& done,
                                  std::chrono::seconds timeout) {
  if (stdout_fd_ < 0) {
    ADD_FAILURE() << name_ << ": readLinesUntil without a started process";
    return false;
  }
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    size_t newline = seen.find('\n');
    if (newline != std::string::npos) {
      std::string line = seen.substr(0, newline);
      if (done(line)) return true;
      seen.erase(0, newline + 1);  // some other line; keep reading
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ADD_FAILURE() << name_ << " did not print its ready line within " << timeout.count()
                    << " s (stdout so far: '" << seen << "')";
      kill9();
      return false;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r <= 0) continue;  // EINTR or a timeout, handled above
    char buffer[512];
    ssize_t n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      reap(/*block=*/true);
      ADD_FAILURE() << name_ << " exited before it was ready (wait status " << last_wait_status_
                    << ", stdout: '" << seen << "'); its stderr is above";
      return false;
    }
    seen.append(buffer, static_cast<size_t>(n));
  }
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  reap(/*block=*/false);
  return pid_ > 0;
}

void ChildProcess::reap(bool block) {
  if (pid_ <= 0) return;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    last_wait_status_ = r == pid_ ? status : -1;
    pid_ = -1;
    closeStdout();
  }
}

void ChildProcess::closeStdout() {
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    reap(/*block=*/false);
    if (pid_ <= 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << name_ << " (pid " << pid_ << ") ignored SIGTERM for " << grace.count()
                << " ms; killing it";
  kill9();
}

void ChildProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(/*block=*/true);
}

}  // namespace citadel::testing
