// Issue 15 #11: worker exhaustion and slow clients, driven against the real binary over HTTP.
// The server holds a worker only while a primitive is handled: slow-header (slow-loris)
// connections, idle keep-alive connections and requests waiting for their oet hold none, a
// request must arrive whole within http.requestTimeout, and http.maxConnections bounds the rest.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <vector>

#include "tests/support/cse_fixture.h"
#include "tools/bench/slow_connections.h"

namespace citadel::testing {
namespace {

using tools::SlowConnections;

using namespace std::chrono_literals;

constexpr int kThreads = 4;  // http.threads: few, so that held workers show at once

// True when the server closes a fresh connection that has sent nothing, within `within`.
bool closedWithoutAnswer(int fd, std::chrono::milliseconds within) {
  timeval tv{static_cast<time_t>(within.count() / 1000),
             static_cast<suseconds_t>((within.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char byte;
  return ::recv(fd, &byte, 1, 0) == 0;
}

int connectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class SecuritySlowClientsTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    startCse({"--http.threads=" + std::to_string(kThreads), "--http.requestTimeout=400",
              "--http.idleTimeout=600", "--http.maxConnections=64",
              "--http.maxHeaderBytes=2048"});
  }
};

// Before (Poco, one worker per connection once it spoke): the probe got no answer within the
// client's 10 s timeout, since every worker waited on a slow header that never ended.
TEST_F(SecuritySlowClientsTest, SlowHeaderConnectionsDoNotStopOthers) {
  TestCse cse({"--http.threads=" + std::to_string(kThreads)});  // the default 10 s deadline
  ASSERT_TRUE(cse.running());
  SlowConnections slow(cse.port(), kThreads + 10, 1000ms);
  ASSERT_EQ(slow.opened(), static_cast<size_t>(kThreads + 10));
  ASSERT_TRUE(waitUntil([&] { return slow.trickled() >= slow.opened(); }, 5s));
  auto started = std::chrono::steady_clock::now();
  HttpClient probe(cse.port());
  for (int i = 0; i < 5; ++i) {
    HttpResult r = probe.retrieve(kAdmin, kCseBase);
    EXPECT_EQ(r.rsc, 2000) << r;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(slow.closedByPeer(), 0u) << "the slow clients were still within their deadline";
}

// Before: never closed (each byte restarted Poco's per-read timeout).
TEST_F(SecuritySlowClientsTest, ClosesARequestThatDoesNotArriveWithinTheDeadline) {
  SlowConnections slow(cse().port(), 3, 50ms);
  ASSERT_EQ(slow.opened(), 3u);
  EXPECT_TRUE(waitUntil([&] { return slow.closedByPeer() == 3; }, 3s))
      << slow.closedByPeer() << " of 3 closed";
  EXPECT_GT(slow.trickled(), 3u) << "they really sent bytes meanwhile";
  EXPECT_EQ(http().retrieve(kAdmin, kCseBase).rsc, 2000);
}

// Before: Poco's keep-alive timeout (5 s) and gate (10 s) were fixed.
TEST_F(SecuritySlowClientsTest, ClosesSilentAndIdleConnections) {
  int silent = connectTo(cse().port());
  ASSERT_GE(silent, 0);
  EXPECT_TRUE(closedWithoutAnswer(silent, 3000ms)) << "a connection that never speaks";
  ::close(silent);

  int idle = connectTo(cse().port());
  ASSERT_GE(idle, 0);
  std::string request = "GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: CAdmin\r\n"
                        "X-M2M-RI: idle\r\nX-M2M-RVI: 3\r\n\r\n";
  ASSERT_EQ(::send(idle, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string received;
  char buffer[4096];
  timeval tv{3, 0};
  ::setsockopt(idle, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t n = 0;
  while ((n = ::recv(idle, buffer, sizeof buffer, 0)) > 0) received.append(buffer, n);
  EXPECT_EQ(n, 0) << "closed after http.idleTimeout";
  EXPECT_NE(received.find("X-M2M-RSC: 2000"), std::string::npos) << received.substr(0, 200);
  ::close(idle);
}

// Before: every oet request slept on a worker, so http.threads of them stopped HTTP until due.
TEST_F(SecuritySlowClientsTest, RequestsWaitingForTheirExecutionTimeHoldNoWorker) {
  std::vector<std::future<HttpResult>> timed;
  for (int i = 0; i < kThreads + 2; ++i) {
    timed.push_back(std::async(std::launch::async, [this, i] {
      HttpClient client(cse().port());
      return client.raw("GET", kCseBase,
                        {{"X-M2M-Origin", kAdmin},
                         {"X-M2M-RI", "oet-" + std::to_string(i)},
                         {"X-M2M-RVI", "3"},
                         {"X-M2M-OET", "2500"}});  // 2.5 s from now
    }));
  }
  std::this_thread::sleep_for(300ms);  // let them reach the CSE
  HttpResult probe = HttpClient(cse().port()).retrieve(kAdmin, kCseBase);
  EXPECT_EQ(probe.rsc, 2000) << probe;
  int pending = 0;
  for (auto& f : timed) pending += f.wait_for(0s) != std::future_status::ready;
  EXPECT_EQ(pending, kThreads + 2) << "the probe was answered before any timed request";
  for (auto& f : timed) {
    HttpResult r = f.get();
    EXPECT_EQ(r.rsc, 2000) << r;
  }
}

// Before: 10000 waiting connections (the gate's bound) and a thread per speaking one; the one
// over the bound stayed open.
TEST_F(SecuritySlowClientsTest, ClosesConnectionsBeyondMaxConnections) {
  TestCse cse({"--http.maxConnections=16"});  // the default 10 s deadlines
  ASSERT_TRUE(cse.running());
  {
    SlowConnections held(cse.port(), 16, 10000ms);
    ASSERT_EQ(held.opened(), 16u);
    int extra = connectTo(cse.port());
    ASSERT_GE(extra, 0);
    EXPECT_TRUE(closedWithoutAnswer(extra, 1000ms))
        << "a connection over http.maxConnections is closed at once";
    ::close(extra);
  }
  // The held ones are gone: the CSE serves again.
  EXPECT_TRUE(waitUntil(
      [&] { return HttpClient(cse.port()).retrieve(kAdmin, kCseBase).rsc == 2000; }, 3s));
}

TEST_F(SecuritySlowClientsTest, RefusesOversizedHeadersWith431AndCloses) {
  std::string request = "GET /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: CAdmin\r\n"
                        "X-M2M-RI: big\r\nX-M2M-RVI: 3\r\nX-Filler: " +
                        std::string(3000, 'f') + "\r\n\r\n";
  RawExchange x = rawExchange(cse().port(), request, 3s);
  EXPECT_EQ(x.httpStatus(), 431) << x.received.substr(0, 200);
  EXPECT_TRUE(x.closed_by_peer || x.received.find("Connection: close") != std::string::npos)
      << x.received.substr(0, 200);
}

// RFC 9110 §10.1.1: a client that waits for 100 (curl does for bodies over 1 KiB) gets it.
TEST_F(SecuritySlowClientsTest, AnswersExpectContinueThenReadsTheBody) {
  std::string body = "{\"m2m:cnt\":{\"rn\":\"" + uniqueName("cnt") + "\"}}";
  std::string head = "POST /cse-in HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: CAdmin\r\n"
                     "X-M2M-RI: expect\r\nX-M2M-RVI: 3\r\nContent-Type: application/json;ty=3\r\n"
                     "Expect: 100-continue\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  int fd = connectTo(cse().port());
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buffer[4096];
  ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_TRUE(std::string(buffer, n).starts_with("HTTP/1.1 100 Continue")) << std::string(buffer, n);
  ASSERT_EQ(::send(fd, body.data(), body.size(), MSG_NOSIGNAL), static_cast<ssize_t>(body.size()));
  std::string received;
  while (received.find("\r\n\r\n") == std::string::npos && (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    received.append(buffer, n);
  }
  EXPECT_NE(received.find("X-M2M-RSC: 2001"), std::string::npos) << received.substr(0, 200);
  ::close(fd);
}

// A peer that takes connections (the kernel completes them into the backlog) and never answers:
// a verification request to it waits the whole notification.timeout.
class SilentHttpTarget {
 public:
  SilentHttpTarget() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 64);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~SilentHttpTarget() { ::close(fd_); }
  std::string uri() const { return "http://127.0.0.1:" + std::to_string(port_) + "/silent"; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// Before: a primitive waiting for a remote peer held its I/O thread, and with it every connection
// of that thread: with each of the http.threads threads waiting on a subscription's verification
// request to a silent peer, a probe got no answer until notification.timeout (3 s) had passed.
// Now the waiting thread hands its connections to another thread (model::BlockingRegion).
TEST(SecurityBlockingHandlersTest, WaitsForRemotePeersDoNotHoldOtherConnections) {
  constexpr int kFewThreads = 2;
  TestCse cse({"--http.threads=" + std::to_string(kFewThreads), "--notification.timeout=3000"});
  ASSERT_TRUE(cse.running());
  SilentHttpTarget silent;
  // Two waits per thread: the round-robin puts at least one on each.
  std::vector<std::future<HttpResult>> waiting;
  for (int i = 0; i < 2 * kFewThreads; ++i) {
    waiting.push_back(std::async(std::launch::async, [&cse, &silent, i] {
      HttpClient client(cse.port());
      Json sub = {{"m2m:sub", {{"rn", "waiting" + std::to_string(i)}, {"nu", {silent.uri()}}}}};
      return client.create(kAdmin, kCseBase, 23, sub);
    }));
  }
  std::this_thread::sleep_for(500ms);  // every create now waits for its verification answer
  for (int i = 0; i < 2 * kFewThreads; ++i) {  // fresh connections: each thread gets some
    auto started = std::chrono::steady_clock::now();
    HttpResult probe = HttpClient(cse.port()).retrieve(kAdmin, kCseBase);
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(probe.rsc, 2000) << probe;
    EXPECT_LT(took, 1000ms) << "probe " << i << " waited behind a verification";
  }
  int pending = 0;
  for (auto& f : waiting) pending += f.wait_for(0s) != std::future_status::ready;
  EXPECT_EQ(pending, 2 * kFewThreads) << "the probes were answered before the verifications ended";
  for (auto& f : waiting) {
    HttpResult r = f.get();  // the silent peer never answered: the subscription is refused
    EXPECT_EQ(r.rsc, 5204) << r;  // SUBSCRIPTION_VERIFICATION_INITIATION_FAILED
  }
}

}  // namespace
}  // namespace citadel::testing
