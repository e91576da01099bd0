#include "tests/support/das_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <thread>

namespace citadel::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{10};
constexpr std::string_view kReadyPrefix = "DAS HTTP listening on ";
constexpr std::string_view kCoapPrefix = "DAS CoAP listening on ";

bool hasOption(const std::vector<std::string>& args, std::string_view name) {
  return std::any_of(args.begin(), args.end(),
                     [&](const std::string& a) { return a.starts_with(name); });
}

uint16_t portAfterColon(const std::string& line) {
  size_t colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  try {
    return static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::string DasProcess::binary() {
#ifdef CITADEL_DAS_BINARY
  return CITADEL_DAS_BINARY;
#else
  return "";
#endif
}

DasProcess::DasProcess(std::vector<std::string> args) : args_(std::move(args)) {
  // The test process must survive writes to sockets the DAS has closed.
  ::signal(SIGPIPE, SIG_IGN);
  start();
}

DasProcess::~DasProcess() { stop(); }

bool DasProcess::start() {
  if (pid_ > 0) {
    ADD_FAILURE() << "DasProcess::start: already running (pid " << pid_ << ")";
    return false;
  }
  if (binary().empty()) {
    ADD_FAILURE() << "citadel-das is not built (tools/CMakeLists.txt)";
    return false;
  }
  http_port_ = 0;
  coap_port_ = 0;
  std::vector<std::string> args = {binary()};
  if (!hasOption(args_, "--http.port=")) args.push_back("--http.port=0");
  if (!hasOption(args_, "--log.level=")) args.push_back("--log.level=warning");
  args.insert(args.end(), args_.begin(), args_.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
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
    if (::getppid() != parent) _exit(127);
    ::dup2(fds[1], STDOUT_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  ::close(fds[1]);
  pid_ = child;
  stdout_fd_ = fds[0];
  return readReadyLine();
}

// Reads stdout line by line until the ready line, bounded by kStartTimeout.
bool DasProcess::readReadyLine() {
  std::string seen;
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (true) {
    size_t newline = seen.find('\n');
    if (newline != std::string::npos) {
      std::string line = seen.substr(0, newline);
      seen.erase(0, newline + 1);
      if (line.starts_with(kCoapPrefix)) {
        coap_port_ = portAfterColon(line);
      } else if (line.starts_with(kReadyPrefix)) {
        http_port_ = portAfterColon(line);
        return http_port_ != 0;
      }
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ADD_FAILURE() << "citadel-das did not print its ready line within " << kStartTimeout.count()
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
      ADD_FAILURE() << "citadel-das exited before it was ready (wait status " << last_wait_status_
                    << ", stdout: '" << seen << "'); its stderr is above";
      return false;
    }
    seen.append(buffer, static_cast<size_t>(n));
  }
}

bool DasProcess::running() {
  if (pid_ <= 0) return false;
  reap(/*block=*/false);
  return pid_ > 0;
}

void DasProcess::reap(bool block) {
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

void DasProcess::closeStdout() {
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
}

void DasProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    reap(/*block=*/false);
    if (pid_ <= 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "citadel-das (pid " << pid_ << ") ignored SIGTERM for " << grace.count()
                << " ms; killing it";
  kill9();
}

void DasProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(/*block=*/true);
}

}  // namespace citadel::testing
