#include "tools/bench/notification_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

namespace citadel::tools {
namespace {

// A NOTIFY request is a few hundred bytes; anything this large is not one we sent for.
constexpr size_t kMaxRequestBytes = 16u << 20;
constexpr std::string_view kRoundMarker = "fanout-r";

// The value of header `name` (lower case, without the colon) in `head`, trimmed; empty if absent.
std::string_view headerValue(std::string_view head, std::string_view name) {
  size_t line_start = head.find("\r\n");
  while (line_start != std::string_view::npos) {
    line_start += 2;
    const size_t line_end = std::min(head.find("\r\n", line_start), head.size());
    const std::string_view line = head.substr(line_start, line_end - line_start);
    if (line.size() > name.size() && line[name.size()] == ':' &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string_view value = line.substr(name.size() + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
      }
      return value;
    }
    line_start = line_end < head.size() ? line_end : std::string_view::npos;
  }
  return {};
}

bool sendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    if (sent <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

}  // namespace

NotificationReceiver::NotificationReceiver(uint32_t rounds)
    : rounds_(rounds), round_stats_(rounds) {}

NotificationReceiver::~NotificationReceiver() { stop(); }

bool NotificationReceiver::start(std::string& error) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    error = std::string("receiver socket: ") + std::strerror(errno);
    return false;
  }
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    error = std::string("receiver bind/listen on 127.0.0.1: ") + std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
  return true;
}

void NotificationReceiver::stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (listen_fd_ >= 0) {
      ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    }
    for (const int fd : connection_fds_) {
      ::shutdown(fd, SHUT_RDWR);  // wakes recv(); the thread closes its own fd
    }
  }
  if (acceptor_.joinable()) {
    acceptor_.join();
  }
  {
    std::lock_guard lock(mutex_);
    threads.swap(connection_threads_);  // the acceptor is gone: nothing adds to it any more
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
  {
    std::lock_guard lock(mutex_);  // stopping_ was set under the lock: no lost wake-up
  }
  arrived_.notify_all();
}

void NotificationReceiver::acceptLoop() {
  while (true) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) {
        continue;
      }
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
      continue;  // EMFILE and friends: keep trying, the CSE retries once
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    connection_fds_.push_back(fd);
    connection_threads_.emplace_back([this, fd] { serveConnection(fd); });
  }
}

void NotificationReceiver::serveConnection(int fd) {
  std::string buffer;
  std::string reply;
  char chunk[16384];
  bool open = true;
  while (open) {
    // Answer every complete request in the buffer (a client may pipeline).
    while (true) {
      const size_t head_end = buffer.find("\r\n\r\n");
      if (head_end == std::string::npos) {
        break;
      }
      const std::string_view head(buffer.data(), head_end);
      uint64_t body_length = 0;
      const std::string_view length_text = headerValue(head, "content-length");
      if (!length_text.empty()) {
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), body_length);
      }
      const size_t total = head_end + 4 + body_length;
      if (body_length > kMaxRequestBytes) {
        open = false;
        break;
      }
      if (buffer.size() < total) {
        break;
      }
      const std::string request_id =
          noteRequest(head, std::string_view(buffer).substr(head_end + 4, body_length));
      reply.assign("HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\n");
      if (!request_id.empty()) {
        reply.append("X-M2M-RI: ").append(request_id).append("\r\n");
      }
      reply.append("Content-Length: 0\r\n\r\n");
      if (!sendAll(fd, reply)) {
        open = false;
        break;
      }
      buffer.erase(0, total);
    }
    if (!open) {
      break;
    }
    const ssize_t received = ::recv(fd, chunk, sizeof(chunk), 0);
    if (received < 0 && errno == EINTR) {
      continue;
    }
    if (received <= 0) {
      break;
    }
    buffer.append(chunk, static_cast<size_t>(received));
  }
  std::lock_guard lock(mutex_);
  connection_fds_.erase(std::find(connection_fds_.begin(), connection_fds_.end(), fd));
  ::close(fd);
}

std::string NotificationReceiver::noteRequest(std::string_view head, std::string_view body) {
  const Clock::time_point now = Clock::now();
  std::string request_id(headerValue(head, "x-m2m-ri"));
  const bool notification = body.find(R"("nev")") != std::string_view::npos;
  const bool verification = !notification && body.find(R"("vrq")") != std::string_view::npos;
  uint64_t round = UINT64_MAX;
  if (notification) {
    const size_t marker = body.find(kRoundMarker);
    if (marker != std::string_view::npos) {
      const char* digits = body.data() + marker + kRoundMarker.size();
      const auto [end, ec] = std::from_chars(digits, body.data() + body.size(), round);
      if (ec != std::errc()) {
        round = UINT64_MAX;
      }
    }
  }
  std::lock_guard lock(mutex_);
  if (verification) {
    ++verifications_;
  } else if (notification && round < rounds_) {
    RoundStats& stats = round_stats_[round];
    if (stats.received == 0) {
      stats.first = now;
    }
    stats.last = now;
    ++stats.received;
    // Wake the waiter only when its round is complete, not on each of the 1000 arrivals: on a
    // 2-core machine every spurious wake-up is CPU taken from the CSE being measured.
    if (round == waiting_round_ && stats.received >= waiting_expected_) {
      arrived_.notify_all();
    }
  } else if (notification) {
    ++unattributed_;
  }
  return request_id;
}

NotificationReceiver::RoundStats NotificationReceiver::waitForRound(uint32_t round,
                                                                    uint64_t expected,
                                                                    Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  waiting_round_ = round;
  waiting_expected_ = expected;
  arrived_.wait_until(lock, deadline, [&] {
    return stopping_ || round_stats_[round].received >= expected;
  });
  waiting_round_ = UINT64_MAX;
  return round_stats_[round];
}

uint64_t NotificationReceiver::verifications() const {
  std::lock_guard lock(mutex_);
  return verifications_;
}

uint64_t NotificationReceiver::unattributed() const {
  std::lock_guard lock(mutex_);
  return unattributed_;
}

}  // namespace citadel::tools
