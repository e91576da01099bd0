#include "tests/support/mosquitto_broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

namespace citadel::testing {
namespace {

constexpr const char* kMosquitto = "/usr/sbin/mosquitto";
constexpr std::chrono::seconds kStartTimeout{10};
constexpr int kStartAttempts = 3;  // another process may take the free port before we bind it

// A port the OS considers free right now: bind port 0 on loopback and read it back.
uint16_t pickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool acceptsTcp(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return ok;
}

constexpr std::chrono::seconds kCommandTimeout{10};

// Starts `argv` with stdout and stderr into a pipe whose read end goes to *out_fd.
pid_t spawnCapturing(const std::vector<std::string>& argv, int* out_fd) {
  int fds[2];
  if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) return -1;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(127);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    ::execv(args[0], args.data());
    _exit(127);
  }
  ::close(fds[1]);
  if (child < 0) {
    ::close(fds[0]);
    return -1;
  }
  *out_fd = fds[0];
  return child;
}

// Reads `fd` into *out until `done(*out)` holds (true), or EOF / the deadline (false).
bool readUntil(int fd, std::string* out, const std::function<bool(const std::string&)>& done,
               std::chrono::steady_clock::time_point deadline) {
  while (!done(*out)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    char buffer[4096];
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out->append(buffer, static_cast<size_t>(n));
  }
  return true;
}

// Waits for `pid` until the deadline, then kills it. Returns its wait status (-1 if killed).
int waitOrKill(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

bool exitedZero(int status) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

}  // namespace

CommandOutput runWithSubscriber(const std::vector<std::string>& subscriber,
                                const std::vector<std::string>& publisher) {
  CommandOutput result;
  // mosquitto_sub's stdout is block-buffered into a pipe: without line buffering its SUBACK
  // line would only show up when it exits.
  std::vector<std::string> line_buffered = {"/usr/bin/stdbuf", "-oL"};
  line_buffered.insert(line_buffered.end(), subscriber.begin(), subscriber.end());
  int sub_fd = -1;
  pid_t sub = spawnCapturing(line_buffered, &sub_fd);
  if (sub < 0) {
    result.output = "cannot start " + (subscriber.empty() ? "" : subscriber[0]);
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  bool subscribed = readUntil(
      sub_fd, &result.output,
      [](const std::string& text) { return text.find("received SUBACK") != std::string::npos; },
      deadline);
  bool published = false;
  if (subscribed) {
    int pub_fd = -1;
    pid_t pub = spawnCapturing(publisher, &pub_fd);
    if (pub < 0) result.output += "\n[cannot start the publisher]";
    if (pub >= 0) {
      std::string pub_output;
      readUntil(
          pub_fd, &pub_output, [](const std::string&) { return false; },
          std::chrono::steady_clock::now() + kCommandTimeout);
      ::close(pub_fd);
      int pub_status = waitOrKill(pub, std::chrono::steady_clock::now() + kCommandTimeout);
      published = exitedZero(pub_status);
      if (!published) {
        result.output +=
            "\n[publisher failed, wait status " + std::to_string(pub_status) + "] " + pub_output;
      }
    }
    // Until EOF: the subscriber exits after its one message (-C 1) or its own timeout (-W).
    readUntil(
        sub_fd, &result.output, [](const std::string&) { return false; },
        std::chrono::steady_clock::now() + kCommandTimeout);
  }
  ::close(sub_fd);
  int status = waitOrKill(sub, std::chrono::steady_clock::now() + std::chrono::seconds(2));
  result.ok = subscribed && published && exitedZero(status);
  return result;
}

int runCommand(const std::vector<std::string>& argv, std::string* output) {
  int fd = -1;
  pid_t pid = spawnCapturing(argv, &fd);
  if (pid < 0) return -1;
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  readUntil(fd, &text, [](const std::string&) { return false; }, deadline);
  ::close(fd);
  int status = waitOrKill(pid, deadline);
  if (output != nullptr) *output = std::move(text);
  return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

model::Json firstJsonLine(const std::string& output) {
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    std::string line = output.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] != '{') continue;
    model::Json parsed = model::Json::parse(line, nullptr, false);
    if (parsed.is_object()) return parsed;
  }
  return model::Json();
}

bool mosquittoAvailable() { return ::access(kMosquitto, X_OK) == 0; }

MosquittoBroker::MosquittoBroker(MosquittoConfig config, bool start_now)
    : dir_("citadel-mosquitto"), config_(std::move(config)) {
  if (start_now) start();
}

MosquittoBroker::~MosquittoBroker() { stop(); }

MosquittoBroker& MosquittoBroker::shared() {
  static MosquittoBroker broker;  // destroyed (and stopped) at exit
  return broker;
}

bool MosquittoBroker::start() {
  if (pid_ > 0) {
    ADD_FAILURE() << "MosquittoBroker::start: already running (pid " << pid_ << ")";
    return false;
  }
  bool keep_port = port_ != 0;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (!keep_port) port_ = pickFreePort();
    if (port_ != 0 && startOnce()) return true;
  }
  ADD_FAILURE() << "mosquitto did not start on 127.0.0.1:" << port_ << "; log:\n" << log();
  return false;
}

bool MosquittoBroker::startOnce() {
  std::string config_path = dir_.file("mosquitto.conf");
  {
    std::ofstream config(config_path, std::ios::trunc);
    // Mosquitto 2.0 accepts nothing without an explicit listener and anonymous access.
    config << "listener " << port_ << " 127.0.0.1\n"
           << "allow_anonymous " << (config_.allow_anonymous ? "true" : "false") << "\n"
           << "persistence false\n"
           // The default (1000 per client) drops QoS 1 messages a busy client has not taken
           // yet; the burst tests need the broker to hold them instead.
           << "max_queued_messages 100000\n"
           << "log_type error\nlog_type warning\nlog_type notice\n"
           << config_.extra_lines << "\n";
    // As root, mosquitto would switch to the "mosquitto" user after reading this file, and could
    // no longer read password or ACL files in our private temp dir.
    if (::geteuid() == 0) config << "user root\n";
  }
  std::string log_path = dir_.file("mosquitto.log");
  pid_t parent = ::getpid();
  pid_t child = ::fork();
  if (child < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return false;
  }
  if (child == 0) {
    // Child: die with the test process; stdout and stderr into the log file.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) _exit(127);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) {
      ::dup2(log_fd, STDOUT_FILENO);
      ::dup2(log_fd, STDERR_FILENO);
    }
    ::signal(SIGPIPE, SIG_DFL);
    ::execl(kMosquitto, kMosquitto, "-c", config_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  pid_ = child;
  if (waitUntilAccepting(kStartTimeout)) return true;
  stop(std::chrono::milliseconds(500));
  return false;
}

bool MosquittoBroker::waitUntilAccepting(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;  // exited: port taken or bad config
    if (acceptsTcp(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void MosquittoBroker::reap(bool block) {
  if (pid_ <= 0) return;
  int status = 0;
  pid_t result = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (result == pid_ || (result < 0 && errno == ECHILD)) pid_ = -1;
}

bool MosquittoBroker::running() {
  reap(false);
  return pid_ > 0;
}

void MosquittoBroker::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  reap(true);
}

std::string MosquittoBroker::log() const {
  std::ifstream in(dir_.file("mosquitto.log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace citadel::testing
