// Issue 15 #19, CoAP Block2 continuations, against the real `citadel` over CoAPS with two PSK
// identities (libcoap's coap-client-openssl as the client). A response served block by block
// went through the access decision for the identity that asked for it; another DTLS session
// from the same address and port (a new handshake with another PSK) asking for block 1 of it
// must not be served from the store but decided afresh.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "tests/support/cse_fixture.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

// A UDP port free on loopback now (bound once and released), for coap-client -p: both
// sessions leave from it, as a client that re-handshakes on one socket would.
uint16_t freeUdpPort() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  uint16_t port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

class SecurityBlock2IdentityTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path(), "--psk=blk-a:Cblka --psk=blk-b:Cblkb"), "");
    startCse({"--coaps.enabled=true", "--coaps.port=0", "--tls.psk=true",
              "--tls.pskStore=" + pki_->file("psk.keys")});
  }
  static void TearDownTestSuite() {
    stopCse();
    pki_.reset();
  }
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    tool_ = coapClientTool();
    if (tool_.empty()) GTEST_SKIP() << "coap-client-openssl (libcoap3-bin) is not installed";
    port_ = pointOfAccessPort("coaps");
    ASSERT_NE(port_, 0) << "no coaps:// poa on the CSEBase";
  }

  static std::string psk(const std::string& identity) {
    std::ifstream in(pki_->file(identity + ".psk.txt"));
    std::string text;
    std::getline(in, text);
    return "-u " + identity + " -k " + text;
  }

  // One coap-client run; options by number (TS-0008): 267 ty, 271 rvi, 279 fr, 283 rqi.
  std::string coaps(const std::string& extra, const std::string& method,
                    const std::string& path, const std::string& originator,
                    const std::string& request_id, const std::string& body_file = "") {
    std::string command = tool_ + " -B 4 -v 7 " + extra + " -m " + method;
    if (!body_file.empty()) command += " -f " + body_file + " -O 12,0x32 -O 267,0x02";
    command += " -O 271,3 -O 279," + originator + " -O 283," + request_id +
               " 'coaps://127.0.0.1:" + std::to_string(port_) + path + "'";
    return runShell(command + " 2>&1", nullptr, 20);
  }

  static std::unique_ptr<TempDir> pki_;
  std::string tool_;
  uint16_t port_ = 0;
};

std::unique_ptr<TempDir> SecurityBlock2IdentityTest::pki_;

TEST_F(SecurityBlock2IdentityTest, AnotherIdentityIsNotServedTheNextBlockOfSomeoneElsesResponse) {
  // Before: the second session (blk-b) got "2.05 Block2:1/M/1024" with the first identity's
  // labels, straight from the store, without any access decision.
  TempDir dir;
  std::string name = uniqueName("blkae");
  std::ofstream(dir.file("ae.json"))
      << Json{{"m2m:ae", {{"rn", name}, {"api", "Nblk"}, {"rr", false}, {"srv", {"3"}}}}}.dump();
  std::string created = coaps(psk("blk-a"), "post", "/cse-in", "Cblka", "reg-1", dir.file("ae.json"));
  ASSERT_NE(created.find("c:2.01"), std::string::npos) << created;
  // Labels long enough that the AE is served in several 1024-byte blocks.
  Json labels = Json::array();
  for (int i = 0; i < 60; ++i) labels.push_back("private-label-" + std::to_string(i) + "-" + std::string(40, 'x'));
  HttpResult updated = http().update(kAdmin, std::string(kCseBase) + "/" + name, {{"m2m:ae", {{"lbl", labels}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;

  std::string local_port = "-p " + std::to_string(freeUdpPort());
  std::string owner = coaps(local_port + " " + psk("blk-a"), "get", "/cse-in/" + name, "Cblka", "blk-1");
  // Block 0 answered with "more to come": the whole body is now stored for the next blocks.
  ASSERT_NE(owner.find("c:2.05"), std::string::npos) << owner;
  ASSERT_NE(owner.find("Block2:0/M/1024"), std::string::npos) << "served block-wise: " << owner;

  std::string other = coaps(local_port + " -b 1,1024 " + psk("blk-b"), "get", "/cse-in/" + name,
                            "Cblka", "blk-1");
  EXPECT_NE(other.find("t:ACK c:4."), std::string::npos) << "decided afresh and refused: " << other;
  EXPECT_EQ(other.find("c:2.05"), std::string::npos) << other;
  EXPECT_EQ(other.find("private-label"), std::string::npos) << other;
}

}  // namespace
}  // namespace citadel::testing
