#include "tests/support/test_cse.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <thread>

#ifndef CITADEL_BINARY
#error "CITADEL_BINARY must name the built citadel executable (tests/CMakeLists.txt)"
#endif

namespace citadel::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{10};
constexpr std::string_view kReadyPrefix = "HTTP listening on ";

// The test process itself must survive writes to sockets the server has closed.
void ignoreSigpipe() {
  static const bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

}  // namespace

TestCse::TestCse(std::vector<std::string> extra_args)
    : dir_("citadel-cse"), storage_path_(dir_.file("db")), extra_args_(std::move(extra_args)) {
  ignoreSigpipe();
  start();
}

TestCse::~TestCse() { stop(); }

bool TestCse::start() {
  if (pid_ > 0) {
    ADD_FAILURE() << "TestCse::start: already running (pid " << pid_ << ")";
    return false;
  }
  port_ = 0;
  std::vector<std::string> args = {CITADEL_BINARY, "--http.port=0",
                                   "--storage.path=" + storage_path_, "--log.level=warning"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    return false;
  }
  pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (child == 0) {
    // Child: die with the test process, stdout into the pipe (dup2 clears FD_CLOEXEC).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
      _exit(127);
    }
    ::dup2(fds[1], STDOUT_FILENO);
    ::signal(SIGPIPE, SIG_DFL);  // ignored dispositions survive exec; the server gets its own
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  pid_ = child;
  stdout_fd_ = fds[0];

  // Read stdout until the ready line, bounded by kStartTimeout.
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (true) {
    size_t newline = seen.find('\n');
    if (newline != std::string::npos) {
      std::string line = seen.substr(0, newline);
      size_t at = line.find(kReadyPrefix);
      size_t colon = line.rfind(':');
      if (at != std::string::npos && colon != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
        return port_ != 0;
      }
      seen.erase(0, newline + 1);  // some other line; keep reading
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ADD_FAILURE() << "citadel did not print its ready line within " << kStartTimeout.count()
                    << " s (stdout so far: '" << seen << "')";
      kill9();
      return false;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      continue;  // a timeout is handled at the top
    }
    char buffer[512];
    ssize_t n = ::read(stdout_fd_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      reap(/*block=*/true);
      ADD_FAILURE() << "citadel exited before it was ready (wait status " << last_wait_status_
                    << ", stdout: '" << seen << "'); its stderr is above";
      return false;
    }
    seen.append(buffer, static_cast<size_t>(n));
  }
}

bool TestCse::running() {
  if (pid_ <= 0) {
    return false;
  }
  reap(/*block=*/false);
  return pid_ > 0;
}

void TestCse::reap(bool block) {
  if (pid_ <= 0) {
    return;
  }
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

void TestCse::closeStdout() {
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

void TestCse::stop(std::chrono::milliseconds grace) {
  if (!running()) {
    return;
  }
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    reap(/*block=*/false);
    if (pid_ <= 0) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "citadel (pid " << pid_ << ") ignored SIGTERM for " << grace.count()
                << " ms; killing it";
  kill9();
}

void TestCse::kill9() {
  if (pid_ <= 0) {
    return;
  }
  ::kill(pid_, SIGKILL);
  reap(/*block=*/true);
}

void TestCse::restart() {
  stop();
  start();
}

}  // namespace citadel::testing
