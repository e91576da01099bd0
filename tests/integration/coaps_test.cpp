// CoAPS (issue 5 §4, TS-0008 §7, TS-0003 §10.2.2) end to end: a PKI and PSK key store made at
// test time by tools/make_test_pki.sh (openssl), the real `citadel` with CoAP over DTLS 1.2 on
// a free port, and libcoap's coap-client-openssl as the client. A PSK's originator and a client
// certificate's subjectAltName URI are bound to the originator; a wrong key, no certificate
// where one is required, a certificate of another CA and an expired one are refused at the
// handshake; a From other than the session's identity gets 4106. A flood of ClientHellos from
// many source ports (bounded, loopback) does not stop the CSE serving a real client.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "tests/support/cse_fixture.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

class CoapsTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    pki_ = std::make_unique<TempDir>();
    other_pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path(),
                          "--psk=dtls-a:Cdtlsa --psk=dtls-b:Cdtlsb Cae1 Cold:expired"), "");
    ASSERT_EQ(makeTestPki(other_pki_->path(), "Cae1"), "");
    startCse({"--coaps.enabled=true", "--coaps.port=0", "--tls.certificate=" + pki("cse.pem"),
              "--tls.privateKey=" + pki("cse.key"), "--tls.caFile=" + pki("ca.pem"),
              "--tls.clientAuth=required", "--tls.psk=true", "--tls.pskStore=" + pki("psk.keys")});
  }
  static void TearDownTestSuite() {
    stopCse();
    pki_.reset();
    other_pki_.reset();
  }

  static std::string pki(const std::string& name) { return pki_->file(name); }
  static std::string pskText(const std::string& identity) {
    std::ifstream in(pki(identity + ".psk.txt"));
    std::string text;
    std::getline(in, text);
    return text;
  }
  static std::string pskOf(const std::string& identity) {
    return "-u " + identity + " -k " + pskText(identity);
  }
  static std::string certificateOf(const std::string& id, const TempDir& dir) {
    return "-c " + dir.file(id + ".pem") + " -j " + dir.file(id + ".key") + " -R " +
           pki("ca.pem");
  }
  static std::string certificateOf(const std::string& id) { return certificateOf(id, *pki_); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    tool_ = coapClientTool();
    if (tool_.empty()) GTEST_SKIP() << "coap-client-openssl (libcoap3-bin) is not installed";
    port_ = pointOfAccessPort("coaps");
    ASSERT_NE(port_, 0) << "no coaps:// poa on the CSEBase";
  }

  // One coap-client exchange over DTLS; `credentials` are its PSK or PKI options. Options by
  // number (TS-0008 Table 6.2.2.4-1): 267 ty, 271 rvi, 279 fr, 283 rqi; 12 Content-Format.
  std::string coaps(const std::string& credentials, const std::string& method,
                    const std::string& path, const std::string& originator,
                    const Json& body = nullptr, int ty = 0) {
    std::string command = tool_ + " -B 4 -v 7 " + credentials + " -m " + method;
    TempDir dir;
    if (!body.is_null()) {
      std::ofstream(dir.file("body.json")) << body.dump();
      command += " -f " + dir.file("body.json") + " -O 12,0x32 -O 267,0x0" + std::to_string(ty);
    }
    command += " -O 271,3 -O 279," + originator + " -O 283,dtls-1 'coaps://127.0.0.1:" +
               std::to_string(port_) + path + "'";
    return runShell(command, nullptr, 20);
  }

  static Json aeBody(const std::string& name) {
    return {{"m2m:ae", {{"rn", name}, {"api", "Ndtls"}, {"rr", false}, {"srv", {"3"}}}}};
  }

  static bool answered(const std::string& output) {
    return output.find("t:ACK c:2.") != std::string::npos ||
           output.find("t:ACK c:4.") != std::string::npos ||
           output.find("t:ACK c:5.") != std::string::npos;
  }

  static std::unique_ptr<TempDir> pki_;
  static std::unique_ptr<TempDir> other_pki_;
  std::string tool_;
  uint16_t port_ = 0;
};

std::unique_ptr<TempDir> CoapsTest::pki_;
std::unique_ptr<TempDir> CoapsTest::other_pki_;

TEST_F(CoapsTest, APskClientRegistersAndIsServedAsItsKeysOriginator) {
  std::string created = coaps(pskOf("dtls-a"), "post", "/cse-in", "Cdtlsa", aeBody("dtlsa"), 2);
  ASSERT_NE(created.find("t:ACK c:2.01"), std::string::npos) << created;
  HttpResult ae = http().retrieve(kAdmin, std::string(kCseBase) + "/dtlsa");
  ASSERT_EQ(ae.rsc, 2000) << ae;
  EXPECT_EQ(ae.resource().value("aei", ""), "Cdtlsa");
  std::string read = coaps(pskOf("dtls-a"), "get", "/cse-in/dtlsa", "Cdtlsa");
  EXPECT_NE(read.find("t:ACK c:2.05"), std::string::npos) << read;
  EXPECT_NE(read.find("\"aei\":\"Cdtlsa\""), std::string::npos) << read;
}

TEST_F(CoapsTest, ACertificateClientIsServedAsItsSubjectAltName) {
  std::string created = coaps(certificateOf("Cae1"), "post", "/cse-in", "Cae1", aeBody("dtlscert"), 2);
  ASSERT_NE(created.find("t:ACK c:2.01"), std::string::npos) << created;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/dtlscert").rsc, 2000);
  std::string read = coaps(certificateOf("Cae1"), "get", "/cse-in/dtlscert", "Cae1");
  EXPECT_NE(read.find("t:ACK c:2.05"), std::string::npos) << read;
}

TEST_F(CoapsTest, RefusesAFromOtherThanTheSessionsIdentityWith4106) {
  // dtls-b's key is provisioned for Cdtlsb: it can neither register as nor speak for another.
  std::string registration =
      coaps(pskOf("dtls-b"), "post", "/cse-in", "Cmallory", aeBody("dtlsmallory"), 2);
  EXPECT_NE(registration.find("t:ACK c:4.03"), std::string::npos) << registration;
  EXPECT_NE(registration.find("307:\\x10\\x0A"), std::string::npos) << "rsc 4106\n" << registration;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/dtlsmallory").rsc, 4004);
  std::string as_admin = coaps(pskOf("dtls-b"), "get", "/cse-in", kAdmin);
  EXPECT_NE(as_admin.find("307:\\x10\\x0A"), std::string::npos) << as_admin;
}

TEST_F(CoapsTest, RefusesAWrongPskAtTheHandshake) {
  std::string wrong = coaps("-u dtls-a -k 0123456789abcdef0123456789abcdef", "post", "/cse-in",
                            "Cdtlsa", aeBody("dtlswrongkey"), 2);
  EXPECT_FALSE(answered(wrong)) << wrong;
  std::string unknown = coaps("-u nobody -k " + pskText("dtls-a"), "get", "/cse-in", "Cdtlsa");
  EXPECT_FALSE(answered(unknown)) << unknown;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/dtlswrongkey").rsc, 4004);
}

TEST_F(CoapsTest, RefusesMissingForeignAndExpiredCertificates) {
  // No PSK and no certificate: clientAuth=required refuses the handshake.
  std::string none = coaps("-R " + pki("ca.pem"), "get", "/cse-in", kAdmin);
  EXPECT_FALSE(answered(none)) << none;
  std::string foreign = coaps(certificateOf("Cae1", *other_pki_), "get", "/cse-in", "Cae1");
  EXPECT_FALSE(answered(foreign)) << foreign;
  std::string expired = coaps(certificateOf("Cold"), "get", "/cse-in", "Cold");
  EXPECT_FALSE(answered(expired)) << expired;
}

// A real DTLS 1.2 ClientHello, made by an OpenSSL client that is never continued.
std::string clientHello() {
  SSL_CTX* context = SSL_CTX_new(DTLS_client_method());
  SSL* ssl = SSL_new(context);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, in, out);
  SSL_connect(ssl);  // writes the ClientHello into `out`, then wants to read
  char* data = nullptr;
  long length = BIO_get_mem_data(out, &data);
  std::string hello(data, static_cast<size_t>(std::max(0L, length)));
  SSL_free(ssl);
  SSL_CTX_free(context);
  return hello;
}

TEST_F(CoapsTest, AHandshakeFloodDoesNotStopServingOthers) {
  // The client served after the flood is a registered AE (each ctest case has its own CSE).
  std::string registered =
      coaps(pskOf("dtls-b"), "post", "/cse-in", "Cdtlsb", aeBody("dtlsflood"), 2);
  ASSERT_NE(registered.find("t:ACK c:2.01"), std::string::npos) << registered;
  std::string hello = clientHello();
  ASSERT_GT(hello.size(), 13u);
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(port_);
  target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // 3000 handshakes from distinct source ports, each left after the first flight: more than the
  // 1024 sessions the CSE keeps, so the bound and the eviction of stalled handshakes both act.
  constexpr int kFlood = 3000;
  auto started = std::chrono::steady_clock::now();
  int sent = 0;
  for (int i = 0; i < kFlood; ++i) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    if (::sendto(fd, hello.data(), hello.size(), 0, reinterpret_cast<sockaddr*>(&target),
                 sizeof(target)) == static_cast<ssize_t>(hello.size())) {
      ++sent;
    }
    ::close(fd);
  }
  auto flooded = std::chrono::steady_clock::now();
  std::string read = coaps(pskOf("dtls-b"), "get", "/cse-in/dtlsflood", "Cdtlsb");
  auto served = std::chrono::steady_clock::now();
  EXPECT_EQ(sent, kFlood);
  EXPECT_NE(read.find("t:ACK c:2.05"), std::string::npos) << read;
  EXPECT_TRUE(cse().running()) << "the CSE survived the flood";
  auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  std::cout << "[ measured ] " << sent << " stalled DTLS ClientHellos in " << ms(flooded - started)
            << " ms; a PSK client was then served in " << ms(served - flooded) << " ms\n";
  RecordProperty("flood_ms", static_cast<int>(ms(flooded - started)));
  RecordProperty("served_after_flood_ms", static_cast<int>(ms(served - flooded)));
}

}  // namespace
}  // namespace citadel::testing
