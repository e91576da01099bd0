// TLS-PSK on HTTPS (issue 5 §3, TS-0003 §8.2.2 and §10.2.1) end to end: a key store made at
// test time by tools/make_test_pki.sh, the real `citadel` with HTTPS and tls.psk on a free
// port, and `openssl s_client -psk` as the client (curl has no TLS-PSK). The key's originator
// is bound to X-M2M-Origin over TLS 1.2 (the mandatory TLS_PSK_WITH_AES_128_CBC_SHA256) and
// TLS 1.3; a wrong key or an unknown identity is refused at the handshake; the key store must
// be mode 0600 and well formed, and a start-up error never shows a key.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/cse_fixture.h"
#include "tests/support/psk_http_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

std::string firstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

class HttpsPskTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path(), "--psk=tls-a:Ctlspska --psk=tls-b:Ctlspskb"), "");
    startCse({"--https.enabled=true", "--https.port=0", "--tls.certificate=" + pki("cse.pem"),
              "--tls.privateKey=" + pki("cse.key"), "--tls.psk=true",
              "--tls.pskStore=" + pki("psk.keys")});
  }
  static void TearDownTestSuite() {
    stopCse();
    pki_.reset();
  }
  static std::string pki(const std::string& name) { return pki_->file(name); }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    port_ = pointOfAccessPort("https");
    ASSERT_NE(port_, 0);
  }

  // One HTTP/1.1 request through `openssl s_client` with the PSK `identity`/`key_hex`.
  // `tls` picks the version and suites.
  PskReply request(const std::string& identity, const std::string& key_hex,
                   const std::string& tls, const std::string& method, const std::string& path,
                   const std::string& originator, const std::string& body = "", int ty = 0) {
    return pskHttpRequest(port_, identity, key_hex, tls, method, path, originator, body, ty);
  }
  PskReply tls12(const std::string& identity, const std::string& method, const std::string& path,
                 const std::string& originator, const std::string& body = "", int ty = 0) {
    return request(identity, key(identity), "-tls1_2 -cipher PSK-AES128-CBC-SHA256", method,
                   path, originator, body, ty);
  }
  static std::string key(const std::string& identity) { return firstLine(pki(identity + ".psk")); }
  static std::string aeBody(const std::string& name) {
    return Json{{"m2m:ae", {{"rn", name}, {"api", "Npsk"}, {"rr", false}, {"srv", {"3"}}}}}.dump();
  }

  static std::unique_ptr<TempDir> pki_;
  uint16_t port_ = 0;
};

std::unique_ptr<TempDir> HttpsPskTest::pki_;

TEST_F(HttpsPskTest, RegistersAndServesOverTls12WithTheMandatoryPskSuite) {
  PskReply created = tls12("tls-a", "POST", "/cse-in", "Ctlspska", aeBody("tlspska"), 2);
  ASSERT_EQ(created.rsc, 2001) << created;
  HttpResult ae = http().retrieve(kAdmin, std::string(kCseBase) + "/tlspska");
  ASSERT_EQ(ae.rsc, 2000) << ae;
  EXPECT_EQ(ae.resource().value("aei", ""), "Ctlspska");
  PskReply read = tls12("tls-a", "GET", "/cse-in/tlspska", "Ctlspska");
  EXPECT_EQ(read.rsc, 2000) << read;
}

TEST_F(HttpsPskTest, ServesOverTls12WithTheAeadPskSuiteTheMefAlsoAccepts) {
  PskReply read = request("tls-a", key("tls-a"), "-tls1_2 -cipher PSK-AES128-GCM-SHA256", "GET",
                          "/cse-in", "Ctlspska");
  // The client offers that suite alone: an answer means the handshake used it.
  EXPECT_NE(read.rsc, 0) << read;
}

TEST_F(HttpsPskTest, ServesOverTls13WithAnExternalPsk) {
  PskReply created = request("tls-b", key("tls-b"), "-tls1_3", "POST", "/cse-in", "Ctlspskb",
                             aeBody("tlspskb"), 2);
  ASSERT_EQ(created.rsc, 2001) << created;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/tlspskb").rsc, 2000);
}

TEST_F(HttpsPskTest, RefusesAnOriginatorOtherThanTheKeysWith4106) {
  PskReply as_admin = tls12("tls-a", "GET", "/cse-in", kAdmin);
  EXPECT_EQ(as_admin.rsc, 4106) << as_admin;
  PskReply other = tls12("tls-a", "POST", "/cse-in", "Cpskmallory", aeBody("pskmallory"), 2);
  EXPECT_EQ(other.rsc, 4106) << other;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/pskmallory").rsc, 4004);
}

TEST_F(HttpsPskTest, RefusesAWrongKeyAndAnUnknownIdentityAtTheHandshake) {
  PskReply wrong = request("tls-a", "00112233445566778899aabbccddeeff",
                           "-tls1_2 -cipher PSK-AES128-CBC-SHA256", "POST", "/cse-in",
                           "Ctlspska", aeBody("pskwrong"), 2);
  EXPECT_EQ(wrong.rsc, 0) << wrong;
  EXPECT_EQ(wrong.output.find("HTTP/1.1"), std::string::npos) << wrong;
  PskReply unknown = request("nobody", key("tls-a"), "-tls1_2 -cipher PSK-AES128-CBC-SHA256",
                             "GET", "/cse-in", "Ctlspska");
  EXPECT_EQ(unknown.output.find("HTTP/1.1"), std::string::npos) << unknown;
  EXPECT_EQ(http().retrieve(kAdmin, std::string(kCseBase) + "/pskwrong").rsc, 4004);
}

// The start-up checks of the key store: one line on stderr, exit status non-zero, no key.
class PskStartupTest : public ::testing::Test {
 protected:
  std::string start(const std::string& store, int* code) {
    return runShell(std::string(CITADEL_BINARY) + " --http.port=0 --https.enabled=true " +
                        "--https.port=0 --tls.psk=true --storage.path=" + dir_.file("db") +
                        " --tls.pskStore=" + store + " 2>&1",
                    code, 15);
  }
  TempDir dir_;
};

TEST_F(PskStartupTest, RefusesAKeyStoreOthersCanRead) {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  std::string store = dir_.file("psk.keys");
  std::ofstream(store) << "ae1 Cae1 " << secret << "\n";
  ::chmod(store.c_str(), 0644);
  int code = 0;
  std::string out = start(store, &code);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("chmod 600"), std::string::npos) << out;
  EXPECT_EQ(out.find(secret), std::string::npos) << "the key must not be shown";
}

TEST_F(PskStartupTest, RefusesAMissingOrMalformedKeyStoreWithoutShowingKeys) {
  int code = 0;
  std::string missing = start(dir_.file("none.keys"), &code);
  EXPECT_NE(code, 0) << missing;
  EXPECT_NE(missing.find("none.keys"), std::string::npos) << missing;

  const std::string secret = "0123456789abcdef0123456789abcdeg";  // not hex
  std::string store = dir_.file("bad.keys");
  std::ofstream(store) << "# comment\nae1 Cae1 " << secret << "\n";
  ::chmod(store.c_str(), 0600);
  std::string malformed = start(store, &code);
  EXPECT_NE(code, 0) << malformed;
  EXPECT_NE(malformed.find("bad.keys:2"), std::string::npos) << malformed;
  EXPECT_EQ(malformed.find(secret), std::string::npos) << "the key must not be shown";
}

TEST_F(PskStartupTest, RefusesASecureListenerWithoutCertificateOrPsk) {
  int code = 0;
  std::string out = runShell(std::string(CITADEL_BINARY) + " --http.port=0 --coaps.enabled=true " +
                                 "--storage.path=" + dir_.file("db") + " 2>&1",
                             &code, 15);
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(out.find("coaps.enabled=true needs"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
}

}  // namespace
}  // namespace citadel::testing
