#include "tools/bench/slow_connections.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace citadel::tools {
namespace {

int connectTo(const std::string& host, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    ::close(fd);
    return -1;
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// False when the peer has closed: end of stream or an error other than "nothing yet". Whatever
// the server sent first (an error status) is read and dropped.
bool stillOpen(int fd) {
  char buffer[512];
  while (true) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n == 0) return false;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
}

}  // namespace

SlowConnections::SlowConnections(uint16_t port, int count, std::chrono::milliseconds interval,
                                 const std::string& host) {
  const std::string start = "GET /cse-in HTTP/1.1\r\nHost: " + host + "\r\nX-Slow: ";
  for (int i = 0; i < count; ++i) {
    int fd = connectTo(host, port);
    if (fd < 0) continue;
    if (::send(fd, start.data(), start.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(start.size())) {
      ::close(fd);
      continue;
    }
    fds_.push_back(fd);
  }
  open_.assign(fds_.size(), true);
  thread_ = std::thread([this, interval] { trickle(interval); });
}

SlowConnections::~SlowConnections() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  for (int fd : fds_) ::close(fd);
}

void SlowConnections::trickle(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!stop_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    for (size_t i = 0; i < fds_.size(); ++i) {
      if (!open_[i]) continue;
      if (!stillOpen(fds_[i]) || ::send(fds_[i], "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1) {
        open_[i] = false;
        ++closed_;
        continue;
      }
      ++trickled_;
    }
  }
}

}  // namespace citadel::tools
