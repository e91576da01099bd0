// Reliability of the HTTP and HTTPS listeners (issue 5 §"Reliability"): silent connections
// (half-open, or a slow-loris client that never sends its request) and a TLS handshake flood,
// bounded and on loopback, do not stop the CSE from serving others. Silent connections cost the
// event-driven server no worker (http.threads); security_slow_clients_test.cpp has the slow ones.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <vector>

#include "tests/support/cse_fixture.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

// `count` TCP connections to 127.0.0.1:port that send nothing; closed on destruction.
class SilentConnections {
 public:
  SilentConnections(uint16_t port, int count) {
    for (int i = 0; i < count; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(port);
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        fds_.push_back(fd);
      } else {
        ::close(fd);
      }
    }
  }
  ~SilentConnections() {
    for (int fd : fds_) ::close(fd);
  }
  size_t size() const { return fds_.size(); }
  const std::vector<int>& fds() const { return fds_; }

 private:
  std::vector<int> fds_;
};

class ConnectionFloodTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path()), "");
    // Few workers, so that a handful of blocked ones would already show.
    startCse({"--http.threads=4", "--https.enabled=true", "--https.port=0",
              "--tls.certificate=" + pki_->file("cse.pem"),
              "--tls.privateKey=" + pki_->file("cse.key")});
  }
  static void TearDownTestSuite() {
    stopCse();
    pki_.reset();
  }

  // One HTTPS RETRIEVE of the CSEBase with curl; the HTTP status ("200"), "000" on failure.
  std::string httpsRetrieve(uint16_t port) {
    return runShell("curl -s --max-time 5 -o /dev/null -w '%{http_code}' --cacert " +
                    pki_->file("ca.pem") + " https://127.0.0.1:" + std::to_string(port) +
                    "/cse-in -H 'X-M2M-Origin: CAdmin' -H 'X-M2M-RI: f' -H 'X-M2M-RVI: 3'");
  }

  static std::unique_ptr<TempDir> pki_;
};

std::unique_ptr<TempDir> ConnectionFloodTest::pki_;

TEST_F(ConnectionFloodTest, SilentConnectionsDoNotStopHttp) {
  SilentConnections silent(cse().port(), 300);
  ASSERT_EQ(silent.size(), 300u);
  auto started = std::chrono::steady_clock::now();
  HttpClient fresh(cse().port());
  for (int i = 0; i < 5; ++i) {
    HttpResult r = fresh.retrieve(kAdmin, kCseBase);
    EXPECT_EQ(r.rsc, 2000) << r;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2))
      << "served past 300 silent connections with 4 workers";
}

TEST_F(ConnectionFloodTest, HalfOpenTlsConnectionsDoNotStopHttps) {
  uint16_t port = pointOfAccessPort("https");
  ASSERT_NE(port, 0);
  SilentConnections silent(port, 300);
  ASSERT_EQ(silent.size(), 300u);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(httpsRetrieve(port), "200");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ConnectionFloodTest, ServesDuringATlsHandshakeFlood) {
  uint16_t port = pointOfAccessPort("https");
  ASSERT_NE(port, 0);
  // Two clients making new full handshakes back to back for 4 s (bounded by s_time itself).
  std::string flood = "openssl s_time -connect 127.0.0.1:" + std::to_string(port) +
                      " -new -time 4 -CAfile " + pki_->file("ca.pem");
  auto first = std::async(std::launch::async, [&] { return runShell(flood); });
  auto second = std::async(std::launch::async, [&] { return runShell(flood); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int served = 0;
  for (int i = 0; i < 10; ++i) {
    served += httpsRetrieve(port) == "200";
  }
  HttpResult plain = http().retrieve(kAdmin, kCseBase);
  std::string flood_output = first.get() + second.get();
  EXPECT_EQ(served, 10) << flood_output;
  EXPECT_EQ(plain.rsc, 2000) << plain;
  EXPECT_NE(flood_output.find("connections in"), std::string::npos)
      << "the flood really ran: " << flood_output;
}

// Issue 25 ("1,000 concurrent connections served"): a thousand devices connect at once (they
// wait in the listen backlog together) and each sends one request; every one is answered.
TEST_F(ConnectionFloodTest, AThousandConnectionsOpenedAtOnceAreAllAnswered) {
  constexpr int kCount = 1000;
  rlimit descriptors{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &descriptors), 0);
  // This process holds the client ends (the CSE raises its own limit to the hard one).
  if (descriptors.rlim_cur < kCount + 200) {
    descriptors.rlim_cur = std::min<rlim_t>(descriptors.rlim_max, kCount + 200);
    ::setrlimit(RLIMIT_NOFILE, &descriptors);
  }
  if (descriptors.rlim_cur < kCount + 200) GTEST_SKIP() << "ulimit -n below " << kCount + 200;
  SilentConnections devices(cse().port(), kCount);
  ASSERT_EQ(devices.size(), static_cast<size_t>(kCount));
  const std::string request =
      "GET /cse-in HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: CAdmin\r\n"
      "X-M2M-RI: thousand\r\nX-M2M-RVI: 3\r\n\r\n";
  for (int fd : devices.fds()) {
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
  }
  int answered = 0;
  for (int fd : devices.fds()) {
    timeval timeout{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char head[16] = {};
    ssize_t n = ::recv(fd, head, sizeof head - 1, MSG_WAITALL);
    answered += n > 0 && std::string(head, static_cast<size_t>(n)).rfind("HTTP/1.1 200", 0) == 0;
  }
  EXPECT_EQ(answered, kCount);
}

}  // namespace
}  // namespace citadel::testing
