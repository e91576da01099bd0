// CSE-to-CSE traffic over TLS with CSE-ID certificates (TS-0003 §8.1.2.4, TS-0004 §7.3.2.1),
// between two real citadel processes: no plain CSE traffic is admitted (security.plainCse=off,
// the default) and both CSEs require client certificates. The MN registers over HTTPS proving
// "/id-mn" by its certificate, requests are forwarded both ways over HTTPS (each CSE presenting
// its own certificate as a client), and the Registrar refuses a CSE whose certificate names
// another CSE-ID (4106), a certificate of another CA (handshake) and a CSE-ID over plain HTTP
// (4107).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CseTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = std::make_unique<TempDir>();
    other_pki_ = std::make_unique<TempDir>();
    ASSERT_EQ(makeTestPki(pki_->path(), "--other-cse=id-mn"), "");
    ASSERT_EQ(makeTestPki(other_pki_->path(), "--cse-id=id-mn"), "");
  }
  static void TearDownTestSuite() {
    pki_.reset();
    other_pki_.reset();
  }

  // The TLS flags of a CSE proving `certificate` (a file of `pki`), requiring client
  // certificates of the test CA.
  static std::vector<std::string> tlsArgs(const TempDir& pki, const std::string& certificate) {
    return {"--https.enabled=true",
            "--https.port=0",
            "--tls.certificate=" + pki.file(certificate + ".pem"),
            "--tls.privateKey=" + pki.file(certificate + ".key"),
            "--tls.caFile=" + pki_->file("ca.pem"),
            "--tls.clientAuth=required"};
  }

  void SetUp() override {
    in_ = std::make_unique<TestCse>(tlsArgs(*pki_, "cse"));
    ASSERT_TRUE(in_->running());
    in_http_ = std::make_unique<HttpClient>(in_->port());
    in_https_port_ = pointOfAccessPort(*in_http_, "/cse-in", "https");
    ASSERT_NE(in_https_port_, 0);
  }

  // Starts an MN-CSE registering at the IN's HTTPS point of access (or `registrar_url`) with
  // CSE-ID `cse_id`, proving the certificate `certificate` of `pki`; its log goes to mn.log.
  void startMn(const std::string& cse_id, const TempDir& pki, const std::string& certificate,
               std::string registrar_url = "", std::vector<std::string> extra = {}) {
    if (registrar_url.empty()) {
      registrar_url = "https://127.0.0.1:" + std::to_string(in_https_port_);
    }
    std::vector<std::string> args = {"--cse.type=MN",
                                     "--cse.id=" + cse_id,
                                     "--cse.name=cse-mn",
                                     "--registrar.url=" + registrar_url,
                                     "--registrar.cseId=id-in",
                                     "--registrar.cseBaseName=cse-in",
                                     "--registrar.retryMax=1000"};
    for (std::string& arg : tlsArgs(pki, certificate)) args.push_back(std::move(arg));
    for (std::string& arg : extra) args.push_back(std::move(arg));
    mn_ = std::make_unique<TestCse>(args, log_.file("mn.log"));
    ASSERT_TRUE(mn_->running());
    mn_http_ = std::make_unique<HttpClient>(mn_->port());
  }

  bool mnLogContains(const std::string& text) {
    return waitUntil([&] { return fileText(log_.file("mn.log")).find(text) != std::string::npos; },
                     kRegistrationWait);
  }

  static inline std::unique_ptr<TempDir> pki_;
  static inline std::unique_ptr<TempDir> other_pki_;
  TempDir log_;
  std::unique_ptr<TestCse> in_;
  std::unique_ptr<HttpClient> in_http_;
  uint16_t in_https_port_ = 0;
  std::unique_ptr<TestCse> mn_;
  std::unique_ptr<HttpClient> mn_http_;
};

TEST_F(CseTlsTest, TheMnRegistersAndRequestsAreForwardedBothWaysOverTls) {
  startMn("id-mn", *pki_, "id-mn");
  ASSERT_TRUE(waitUntil(
      [&] {
        return in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000 &&
               mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
      },
      kRegistrationWait))
      << fileText(log_.file("mn.log"));
  // The Registrar's record lists the MN's HTTPS point of access: the route to it starts there.
  HttpResult record = in_http_->retrieve("CAdmin", "/cse-in/id-mn");
  EXPECT_EQ(record.resource().value("csi", ""), "/id-mn");
  uint16_t mn_https = pointOfAccessPort(*mn_http_, "/cse-mn", "https");
  ASSERT_NE(mn_https, 0);
  bool listed = false;
  for (const Json& poa : record.resource().value("poa", Json::array())) {
    listed = listed || poa == "https://127.0.0.1:" + std::to_string(mn_https);
  }
  EXPECT_TRUE(listed) << record;
  // Down: an AE of the IN reads a container on the MN; the IN proves /id-in by its certificate
  // (the MN admits no CSE-ID over plain transports).
  ASSERT_EQ(in_http_->create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  std::string down = grantedContainer(*mn_http_, "/cse-mn", "downCnt", "/id-in/Cup");
  HttpResult read = in_http_->retrieve("Cup", "/~/id-mn" + down);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("rn", ""), "downCnt");
  // Up: an AE of the MN writes on the IN through the MN.
  ASSERT_EQ(mn_http_->create("Cmn", "/cse-mn", 2, treeAeBody("mnAe")).rsc, 2001);
  std::string up = grantedContainer(*in_http_, "/cse-in", "upCnt", "/id-mn/Cmn");
  HttpResult created = mn_http_->create("Cmn", "/~/id-in" + up, 4,
                                        Json{{"m2m:cin", {{"con", "over tls"}, {"cr", nullptr}}}});
  ASSERT_EQ(created.rsc, 2001) << created;
  HttpResult stored = in_http_->retrieve("CAdmin", up + "/la");
  ASSERT_EQ(stored.rsc, 2000) << stored;
  EXPECT_EQ(stored.resource().value("con", ""), "over tls");
  EXPECT_EQ(stored.resource().value("cr", ""), "/id-mn/Cmn");
}

TEST_F(CseTlsTest, AnUnreachableMnPollsOverTlsAndTrustsWhatTheRegistrarsCertificateProves) {
  // Behind NAT, over HTTPS only: the MN fetches the IN's requests from its polling channel and
  // admits them as relayed by /id-in, the identity the IN's server certificate proved (no
  // plain CSE traffic is accepted on either side).
  startMn("id-mn", *pki_, "id-mn", "",
          {"--registrar.requestReachable=false", "--registrar.pollWait=2000"});
  ASSERT_TRUE(waitUntil(
      [&] { return in_http_->retrieve("CAdmin", "/cse-in/id-mn/pch").rsc == 2000; },
      kRegistrationWait))
      << fileText(log_.file("mn.log"));
  ASSERT_EQ(in_http_->create("Cup", "/cse-in", 2, treeAeBody("up")).rsc, 2001);
  std::string cnt = grantedContainer(*mn_http_, "/cse-mn", "natCnt", "/id-in/Cup");
  HttpResult read = in_http_->retrieve("Cup", "/~/id-mn" + cnt);
  ASSERT_EQ(read.rsc, 2000) << read << fileText(log_.file("mn.log"));
  EXPECT_EQ(read.resource().value("rn", ""), "natCnt");
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/~/id-mn" + cnt).rsc, 4103);  // the MN's ACP decides
}

TEST_F(CseTlsTest, ACertificateNamingAnotherCseIdIsRefusedWith4106) {
  // The CSE says it is /id-mx but proves /id-mn.
  startMn("id-mx", *pki_, "id-mn");
  EXPECT_TRUE(mnLogContains("CREATE <remoteCSE> at Registrar: rsc 4106"))
      << fileText(log_.file("mn.log"));
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mx").rsc, 4004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc, 4004);
}

TEST_F(CseTlsTest, ACertificateOfAnotherCaFailsTheHandshake) {
  // Right CSE-ID, wrong CA: the IN refuses the handshake, the MN sees no answer (5103).
  startMn("id-mn", *other_pki_, "cse");
  EXPECT_TRUE(mnLogContains("CREATE <remoteCSE> at Registrar: rsc 5103"))
      << fileText(log_.file("mn.log"));
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc, 4004);
}

TEST_F(CseTlsTest, ACseIdOverPlainHttpIsRefusedWith4107) {
  startMn("id-mn", *pki_, "id-mn", "http://127.0.0.1:" + std::to_string(in_->port()));
  EXPECT_TRUE(mnLogContains("CREATE <remoteCSE> at Registrar: rsc 4107"))
      << fileText(log_.file("mn.log"));
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc, 4004);
}

}  // namespace
}  // namespace citadel::testing
