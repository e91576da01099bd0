// HttpPrimitiveSender's keep-alive connections are bounded per calling thread: notification and
// forwarding targets come from originators (nu, poa), and one kept-alive connection to each of
// the many targets an attacker may name would hold as many sockets of the CSE. Against targets
// that keep every connection open, sending to more targets than the bound leaves at most
// kMaxSessionsPerThread connections open, and a target used again is still served.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bindings/http/http_sender.h"
#include "tests/support/mqtt_client.h"

namespace citadel::http {
namespace {

// Listens on `count` loopback ports; answers every request head (no body expected) with a 200
// and keeps the connection open. Counts the connections the client holds open.
class KeepAliveTargets {
 public:
  explicit KeepAliveTargets(int count) {
    for (int i = 0; i < count; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      socklen_t length = sizeof address;
      if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
          ::listen(fd, 8) != 0 ||
          ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ADD_FAILURE() << "cannot listen on loopback";
        if (fd >= 0) ::close(fd);
        continue;
      }
      listeners_.push_back(fd);
      ports_.push_back(ntohs(address.sin_port));
    }
    thread_ = std::thread([this] { serve(); });
  }
  ~KeepAliveTargets() {
    stop_ = true;
    thread_.join();
    for (int fd : listeners_) ::close(fd);
    for (auto& [fd, buffer] : connections_) ::close(fd);
  }
  const std::vector<uint16_t>& ports() const { return ports_; }
  int openConnections() const { return open_.load(); }

 private:
  void serve() {
    while (!stop_) {
      std::vector<pollfd> fds;
      for (int fd : listeners_) fds.push_back({fd, POLLIN, 0});
      for (auto& [fd, buffer] : connections_) fds.push_back({fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      for (const pollfd& ready : fds) {
        if ((ready.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        bool listener = std::find(listeners_.begin(), listeners_.end(), ready.fd) !=
                        listeners_.end();
        if (listener) {
          int connection = ::accept(ready.fd, nullptr, nullptr);
          if (connection >= 0) {
            connections_[connection];
            ++open_;
          }
          continue;
        }
        char chunk[4096];
        ssize_t got = ::recv(ready.fd, chunk, sizeof chunk, 0);
        if (got <= 0) {
          ::close(ready.fd);
          connections_.erase(ready.fd);
          --open_;
          continue;
        }
        std::string& buffer = connections_[ready.fd];
        buffer.append(chunk, static_cast<size_t>(got));
        for (size_t end; (end = buffer.find("\r\n\r\n")) != std::string::npos;) {
          buffer.erase(0, end + 4);
          static const std::string kAnswer =
              "HTTP/1.1 200 OK\r\nX-M2M-RSC: 2000\r\nContent-Length: 0\r\n\r\n";
          (void)::send(ready.fd, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL);
        }
      }
    }
  }

  std::vector<int> listeners_;
  std::vector<uint16_t> ports_;
  std::map<int, std::string> connections_;  // serving thread only
  std::atomic<int> open_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

model::Response retrieve(HttpPrimitiveSender& sender, uint16_t port) {
  model::Request request;
  request.operation = model::Operation::kRetrieve;
  request.originator = "/id-in";
  request.request_id = "r-" + std::to_string(port);
  return sender.send("http://127.0.0.1:" + std::to_string(port) + "/x", request);
}

TEST(HttpSenderSessionsTest, KeepsAtMostTheBoundOfConnectionsOpenPerThread) {
  constexpr int kTargets = static_cast<int>(HttpPrimitiveSender::kMaxSessionsPerThread) + 8;
  KeepAliveTargets targets(kTargets);
  ASSERT_EQ(static_cast<int>(targets.ports().size()), kTargets);
  HttpPrimitiveSender sender({std::chrono::milliseconds(1000), std::chrono::milliseconds(1000)});
  for (uint16_t port : targets.ports()) {
    EXPECT_EQ(retrieve(sender, port).status_code, model::Rsc::kOk) << port;
  }
  // The evicted sessions' connections close; the bound's worth stay open for reuse.
  EXPECT_TRUE(testing::waitUntil(
      [&] {
        return targets.openConnections() ==
               static_cast<int>(HttpPrimitiveSender::kMaxSessionsPerThread);
      },
      std::chrono::seconds(5)))
      << targets.openConnections() << " connections open";
  // The first target (evicted) is served again on a new connection.
  EXPECT_EQ(retrieve(sender, targets.ports().front()).status_code, model::Rsc::kOk);
}

// A host name takes the looked-up path (asio's resolver, bounded by the exchange's deadline)
// where an IP literal needs none; "localhost" may also give ::1, where nothing listens, so the
// connect goes on to the next address.
TEST(HttpSenderSessionsTest, AHostNameIsLookedUpAndConnected) {
  KeepAliveTargets targets(1);
  ASSERT_EQ(targets.ports().size(), 1u);
  HttpPrimitiveSender sender({std::chrono::milliseconds(1000), std::chrono::milliseconds(1000)});
  model::Request request;
  request.operation = model::Operation::kRetrieve;
  request.originator = "/id-in";
  request.request_id = "r-name";
  model::Response answer = sender.send(
      "http://localhost:" + std::to_string(targets.ports().front()) + "/x", request);
  EXPECT_EQ(answer.status_code, model::Rsc::kOk) << answer.content;
}

}  // namespace
}  // namespace citadel::http
