// Issue 15 #19, CoAP Block2 continuations, against the real `citadel` over CoAPS with two PSK
// identities (libcoap's coap-client-openssl as the client). A response served block by block
// went through the access decision for the identity that asked for it; another DTLS session
// from the same address and port (a new handshake with another PSK) asking for block 1 of it
// must not be served from the store but decided afresh.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <optional>

#include "bindings/coap/coap_wire.h"
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

// One CoAP datagram over a fresh DTLS 1.2 PSK session that leaves from `local_port`, and the
// first datagram answered (nullopt on a failed handshake or no answer within 3 s). Unlike
// coap-client it lets the test choose the message ID, so that two sessions can reuse one.
std::optional<std::string> dtlsPskExchange(uint16_t server_port, uint16_t local_port,
                                           const std::string& identity, const std::string& key,
                                           const std::string& datagram) {
  struct Psk {
    std::string identity;
    std::string key;
  };
  static thread_local Psk current;
  current = {identity, key};
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return std::nullopt;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  local.sin_port = htons(local_port);
  sockaddr_in server = local;
  server.sin_port = htons(server_port);
  std::optional<std::string> answer;
  SSL_CTX* context = SSL_CTX_new(DTLS_client_method());
  SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION);
  SSL_CTX_set_cipher_list(context, "PSK-AES128-CCM8:PSK-AES128-CBC-SHA256");
  SSL_CTX_set_psk_client_callback(
      context,
      [](SSL*, const char*, char* out_identity, unsigned int max_identity, unsigned char* out_key,
         unsigned int max_key) -> unsigned int {
        if (current.identity.size() + 1 > max_identity || current.key.size() > max_key) return 0;
        std::memcpy(out_identity, current.identity.c_str(), current.identity.size() + 1);
        std::memcpy(out_key, current.key.data(), current.key.size());
        return static_cast<unsigned int>(current.key.size());
      });
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) == 0 &&
      ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof(server)) == 0) {
    BIO* bio = BIO_new_dgram(fd, BIO_NOCLOSE);
    timeval timeout{3, 0};
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_RECV_TIMEOUT, 0, &timeout);
    BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &server);
    SSL* ssl = SSL_new(context);
    SSL_set_bio(ssl, bio, bio);
    if (SSL_connect(ssl) == 1 &&
        SSL_write(ssl, datagram.data(), static_cast<int>(datagram.size())) > 0) {
      char buffer[4096];
      int read = SSL_read(ssl, buffer, sizeof(buffer));
      if (read > 0) answer = std::string(buffer, static_cast<size_t>(read));
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
  SSL_CTX_free(context);
  ::close(fd);
  return answer;
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

  // The key as coap-client -k takes it (its bytes are the PSK).
  static std::string pskKey(const std::string& identity) {
    std::ifstream in(pki_->file(identity + ".psk.txt"));
    std::string text;
    std::getline(in, text);
    return text;
  }
  static std::string psk(const std::string& identity) {
    return "-u " + identity + " -k " + pskKey(identity);
  }

  // One coap-client run; options by number (TS-0008): 267 ty, 271 rvi, 279 fr, 283 rqi.
  std::string coaps(const std::string& extra, const std::string& method, const std::string& path,
                    const std::string& originator, const std::string& request_id,
                    const std::string& body_file = "") {
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
  std::string created =
      coaps(psk("blk-a"), "post", "/cse-in", "Cblka", "reg-1", dir.file("ae.json"));
  ASSERT_NE(created.find("c:2.01"), std::string::npos) << created;
  // Labels long enough that the AE is served in several 1024-byte blocks.
  Json labels = Json::array();
  for (int i = 0; i < 60; ++i)
    labels.push_back("private-label-" + std::to_string(i) + "-" + std::string(40, 'x'));
  HttpResult updated =
      http().update(kAdmin, std::string(kCseBase) + "/" + name, {{"m2m:ae", {{"lbl", labels}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;

  std::string local_port = "-p " + std::to_string(freeUdpPort());
  std::string owner =
      coaps(local_port + " " + psk("blk-a"), "get", "/cse-in/" + name, "Cblka", "blk-1");
  // Block 0 answered with "more to come": the whole body is now stored for the next blocks.
  ASSERT_NE(owner.find("c:2.05"), std::string::npos) << owner;
  ASSERT_NE(owner.find("Block2:0/M/1024"), std::string::npos) << "served block-wise: " << owner;

  std::string other =
      coaps(local_port + " -b 1,1024 " + psk("blk-b"), "get", "/cse-in/" + name, "Cblka", "blk-1");
  EXPECT_NE(other.find("t:ACK c:4."), std::string::npos) << "decided afresh and refused: " << other;
  EXPECT_EQ(other.find("c:2.05"), std::string::npos) << other;
  EXPECT_EQ(other.find("private-label"), std::string::npos) << other;
}

TEST_F(SecurityBlock2IdentityTest, AnotherIdentityReusingAMessageIdIsNotAnsweredFromTheCache) {
  // The exchange cache (RFC 7252 §4.5 duplicate detection) answers a retransmission from the
  // same endpoint with the same message ID from its copy. Before: it was keyed by endpoint only,
  // so a new DTLS session with another identity from the same address and port that reused a
  // recent message ID got the first identity's answer (its AE) without any access decision.
  std::string name = uniqueName("midae");
  HttpResult made =
      http().create("C" + name, kCseBase, 2,
                    {{"m2m:ae", {{"rn", name}, {"api", "Nmid"}, {"rr", false}, {"srv", {"3"}}}}});
  ASSERT_EQ(made.rsc, 2001) << made;
  std::string ae_id = made.json["m2m:ae"]["aei"].get<std::string>();
  auto request = [&](const std::string& originator) {
    coap::CoapMessage message;
    message.code = 1;  // GET
    message.message_id = 0x4242;
    message.token = "mid-tok1";
    message.options.push_back({11, "cse-in"});
    message.options.push_back({11, name});
    message.setOption(271, "3");
    message.setOption(279, originator);
    message.setOption(283, "mid-1");
    return coap::serializeMessage(message);
  };
  uint16_t local_port = freeUdpPort();
  std::string key_a = pskKey("blk-a");
  std::string key_b = pskKey("blk-b");
  // Cblka (identity blk-a) may read the AE through an ACP; Cblkb (blk-b) may not.
  std::string acp = uniqueName("midacp");
  HttpResult acp_made =
      http().create(kAdmin, kCseBase, 1,
                    {{"m2m:acp",
                      {{"rn", acp},
                       {"pv", {{"acr", {{{"acor", {"Cblka"}}, {"acop", 2}}}}}},
                       {"pvs", {{"acr", {{{"acor", {std::string(kAdmin)}}, {"acop", 63}}}}}}}}});
  ASSERT_EQ(acp_made.rsc, 2001) << acp_made;
  HttpResult linked = http().update(kAdmin, std::string(kCseBase) + "/" + name,
                                    {{"m2m:ae", {{"acpi", {acp_made.json["m2m:acp"]["ri"]}}}}});
  ASSERT_EQ(linked.rsc, 2004) << linked;

  // Cblka must be registered to be served (the other test of this suite may have done it).
  coap::CoapMessage registration;
  registration.code = 2;  // POST
  registration.message_id = 0x4141;
  registration.token = "mid-reg1";
  registration.options.push_back({11, "cse-in"});
  registration.setOption(12, std::string(1, '\x32'));   // application/json
  registration.setOption(267, std::string(1, '\x02'));  // ty 2
  registration.setOption(271, "3");
  registration.setOption(279, "Cblka");
  registration.setOption(283, "mid-reg");
  registration.payload =
      Json{{"m2m:ae", {{"rn", uniqueName("blka")}, {"api", "Nblk"}, {"rr", false}, {"srv", {"3"}}}}}
          .dump();
  ASSERT_TRUE(
      dtlsPskExchange(port_, freeUdpPort(), "blk-a", key_a, coap::serializeMessage(registration))
          .has_value());

  auto first = dtlsPskExchange(port_, local_port, "blk-a", key_a, request("Cblka"));
  ASSERT_TRUE(first.has_value()) << "no answer to the first session";
  auto first_parsed = coap::parseMessage(*first);
  ASSERT_TRUE(first_parsed.isOk());
  ASSERT_EQ(first_parsed.value().code, (2 << 5) | 5)
      << "2.05 for the identity that may read: " << first_parsed.value().payload;
  ASSERT_NE(first->find(ae_id), std::string::npos) << *first;

  auto second = dtlsPskExchange(port_, local_port, "blk-b", key_b, request("Cblkb"));
  ASSERT_TRUE(second.has_value()) << "no answer to the second session";
  auto second_parsed = coap::parseMessage(*second);
  ASSERT_TRUE(second_parsed.isOk());
  EXPECT_EQ(second_parsed.value().code >> 5, 4) << "decided afresh and refused";
  EXPECT_EQ(second->find(ae_id), std::string::npos) << *second;
}

}  // namespace
}  // namespace citadel::testing
