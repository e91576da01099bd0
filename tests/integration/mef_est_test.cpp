// EST certificate enrolment (TS-0003 §8.3.6.2, RFC 7030; issue 17 item 2) with the real programs:
// citadel-mef as the EST server and CA, the Enrolee library and the citadel-mef-client CLI over
// the PPSK bootstrap session; the enrolled certificate then authenticates an AE to the real
// citadel over HTTPS with client authentication. A CSR for another identity, one made outside
// the session (wrong challengePassword), asking for more names, or not a CSR at all is refused;
// issued certificates are on record after a kill -9.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "security/mef_client/est_client.h"
#include "security/mef_client/est_messages.h"
#include "security/mef_client/mef_client.h"
#include "security/token/base64url.h"
#include "security/enrolment/enrolment_keys.h"
#include "storage/rocksdb/rocksdb_store.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mef_process.h"
#include "tests/support/psk_http_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_cse.h"
#include "tools/mef/issued_keys.h"

namespace citadel::testing {
namespace {

using security::mef::BootstrapPsk;
using security::mef::MefClientOptions;

constexpr const char* kEstMefFqdn = "mef.citadel.test";
// make_test_pki.sh's form of an AE's identity: //SP-ID/CSE-ID/AE-ID.
const std::string kEstIdentity = "//citadel.example.com/id-in/Cest1";

std::string readEstFile(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

class MefEstTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    // The CSE's own PKI (its server certificate), and the MEF's CA beside it.
    ASSERT_EQ(makeTestPki(dir_->file("pki"), "Cae1"), "");
    int status = 0;
    std::string out = runShell(
        "sh -c \"cd " + dir_->path() + " && openssl req -x509 -newkey ec -pkeyopt "
        "ec_paramgen_curve:P-256 -nodes -keyout mef-ca.key -out mef-ca.pem -subj '/CN=MEF CA' "
        "-days 30 -addext basicConstraints=critical,CA:TRUE -addext "
        "keyUsage=critical,keyCertSign,cRLSign && chmod 600 mef-ca.key && "
        "cat pki/ca.pem mef-ca.pem > trusted.pem && "
        // The MEF's own certificate for the certificate-based handshake (FQDN, §10.1.1.6).
        "echo subjectAltName=DNS:" + std::string(kEstMefFqdn) + " > mef.ext && "
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout mef.key "
        "-out mef.csr -subj '/CN=mef' && openssl x509 -req -in mef.csr -CA mef-ca.pem -CAkey "
        "mef-ca.key -CAcreateserial -days 2 -out mef.pem -extfile mef.ext && chmod 600 mef.key\"",
        &status);
    ASSERT_EQ(status, 0) << out;
    writeOwnerOnly(dir_->file("mef.psk"), "sensor-1 " + kKpm + " " + kEstIdentity +
                                              "\nsensor-2 " + kKpm + "\ncse-boot " + kKpm +
                                              " //citadel.example.com/id-est\n");
    writeOwnerOnly(dir_->file("cse-boot.psk"), "cse-boot " + kKpm + "\n");
    writeOwnerOnly(dir_->file("s1.psk"), "sensor-1 " + kKpm + "\n");
    writeOwnerOnly(dir_->file("admin.psk"), "admin-1 " + kKpm + "\n");
    mef_ = std::make_unique<MefProcess>(mefArgs());
    // The CSE trusts both CAs for client certificates: the test PKI's and the MEF's.
    startCse({"--https.enabled=true", "--https.port=0",
              "--tls.certificate=" + dir_->file("pki/cse.pem"),
              "--tls.privateKey=" + dir_->file("pki/cse.key"),
              "--tls.caFile=" + dir_->file("trusted.pem"), "--tls.clientAuth=required"});
  }
  static void TearDownTestSuite() {
    stopCse();
    mef_.reset();
    dir_.reset();
  }

  static std::vector<std::string> mefArgs() {
    return {std::string("--fqdn=") + kEstMefFqdn, "--psk-file=" + dir_->file("mef.psk"),
            "--data-dir=" + dir_->file("db"), "--admin-psk-file=" + dir_->file("admin.psk"),
            "--est.caCertificate=" + dir_->file("mef-ca.pem"),
            "--est.caKey=" + dir_->file("mef-ca.key"),
            "--tls.certificate=" + dir_->file("mef.pem"),
            "--tls.privateKey=" + dir_->file("mef.key"),
            "--tls.caFile=" + dir_->file("mef-ca.pem"), "--certificate-targets"};
  }

  static void writeOwnerOnly(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
    chmod(path.c_str(), 0600);
  }

  static MefClientOptions client(const std::string& identity) {
    MefClientOptions options;
    options.port = mef_->port();
    options.mef_fqdn = kEstMefFqdn;
    options.psk = BootstrapPsk{identity, security::enrolment::fromHex(kKpm).value()};
    return options;
  }

  // One POST /.well-known/est/simpleenroll with a fixed body, as a hostile Enrolee sends it.
  static std::string enrolWithBody(const std::string& body) {
    auto answer = security::mef::requestInSession(
        client("sensor-1"), "POST", "/.well-known/est/simpleenroll", "application/pkcs10",
        [&](SSL*) -> model::Result<std::string> { return body; });
    return answer.isOk() ? "200" : answer.status().dbg();
  }

  // A base64 CSR made by openssl, outside any MEF session, with this challengePassword and
  // subjectAltName.
  static std::string opensslCsr(const std::string& challenge, const std::string& names) {
    std::ofstream(dir_->file("csr.cnf"))
        << "[req]\nprompt = no\ndistinguished_name = dn\nattributes = attrs\n"
        << "req_extensions = ext\n[dn]\nCN = x\n[attrs]\nchallengePassword = " << challenge
        << "\n[ext]\nsubjectAltName = " << names << "\n";
    int status = 0;
    std::string out = runShell("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                               "-nodes -keyout /dev/null -outform DER -out " +
                                   dir_->file("csr.der") + " -config " + dir_->file("csr.cnf"),
                               &status);
    EXPECT_EQ(status, 0) << out;
    return security::token::encodeBase64(readEstFile(dir_->file("csr.der")));
  }

  // "https://127.0.0.1:<port>" from the <CSEBase>'s poa (read over plain HTTP), "" if none.
  static std::string httpsPointOfAccess(const TestCse& cse) {
    std::string base = runShell("curl -s -S --max-time 10 -H 'X-M2M-Origin: CAdmin' -H "
                                "'X-M2M-RI: poa' -H 'X-M2M-RVI: 3' http://127.0.0.1:" +
                                std::to_string(cse.port()) + "/cse-in");
    size_t at = base.find("https://127.0.0.1:");
    if (at == std::string::npos) return "";
    return base.substr(at, base.find('"', at) - at);
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<MefProcess> mef_;
};

std::unique_ptr<TempDir> MefEstTest::dir_;
std::unique_ptr<MefProcess> MefEstTest::mef_;

TEST_F(MefEstTest, EnrolsACertificateForTheCredentialsIdentityThatTheCseAccepts) {
  ASSERT_NE(mef_->port(), 0);
  auto ca = security::mef::fetchCaCertificates(client("sensor-1"));
  ASSERT_TRUE(ca.isOk()) << ca.status().dbg();
  ASSERT_EQ(ca.value().size(), 1u);
  EXPECT_EQ(ca.value()[0], readEstFile(dir_->file("mef-ca.pem")));

  auto enrolled = security::mef::enrolCertificate(client("sensor-1"), kEstIdentity);
  ASSERT_TRUE(enrolled.isOk()) << enrolled.status().dbg();
  std::ofstream(dir_->file("est1.pem")) << enrolled.value().certificate_pem;
  writeOwnerOnly(dir_->file("est1.key"), enrolled.value().private_key_pem);
  // Chains to the MEF's CA, names exactly the identity, is for TLS clients and servers.
  int status = 0;
  std::string verified = runShell("openssl verify -CAfile " + dir_->file("mef-ca.pem") + " " +
                                      dir_->file("est1.pem"), &status);
  EXPECT_EQ(status, 0) << verified;
  std::string text = runShell("openssl x509 -noout -ext subjectAltName,extendedKeyUsage,"
                              "basicConstraints -in " + dir_->file("est1.pem"));
  EXPECT_NE(text.find("URI:" + kEstIdentity), std::string::npos) << text;
  EXPECT_NE(text.find("TLS Web Client Authentication"), std::string::npos) << text;
  EXPECT_NE(text.find("CA:FALSE"), std::string::npos) << text;

  // The AE registers over HTTPS with it: the CSE binds the originator to the SAN.
  std::string https = pointOfAccess("https");
  std::string curl = "curl -s -S --max-time 10 --cacert " + dir_->file("pki/ca.pem") +
                     " --cert " + dir_->file("est1.pem") + " --key " + dir_->file("est1.key") +
                     " -o /dev/null -D - -H 'X-M2M-RI: est-1' -H 'X-M2M-RVI: 3' ";
  std::string registered = runShell(
      curl + "-X POST -H 'X-M2M-Origin: Cest1' -H 'Content-Type: application/json;ty=2' "
             "--data '{\"m2m:ae\":{\"rn\":\"est1\",\"api\":\"Nest\",\"rr\":false,"
             "\"srv\":[\"3\"]}}' '" +
          https + "/cse-in'");
  EXPECT_NE(registered.find("X-M2M-RSC: 2001"), std::string::npos) << registered;
  // ... and as no one else.
  std::string other = runShell(curl + "-H 'X-M2M-Origin: Cae1' '" + https + "/cse-in'");
  EXPECT_NE(other.find("X-M2M-RSC: 4106"), std::string::npos) << other;
  EXPECT_EQ(http().retrieve(kAdmin, "/cse-in/est1").rsc, 2000);
}

TEST_F(MefEstTest, ServerSideKeyGenerationGivesAKeyAndCertificateTheCseAccepts) {
  ASSERT_NE(mef_->port(), 0);
  // TS-0003 §8.3.6.2.1, RFC 7030 §4.4: the MEF makes the key pair; the CLI writes both files.
  int status = -1;
  std::string cli = runShell(
      MefProcess::clientBinary() + " enrol --mef=127.0.0.1:" + std::to_string(mef_->port()) +
          " --mef-fqdn=" + kEstMefFqdn + " --psk-file=" + dir_->file("s1.psk") + " --id=" +
          kEstIdentity + " --key=" + dir_->file("skg.key") + " --cert=" + dir_->file("skg.pem") +
          " --server-keygen",
      &status);
  ASSERT_EQ(status, 0) << cli;
  struct stat key_mode {};
  ASSERT_EQ(stat(dir_->file("skg.key").c_str(), &key_mode), 0);
  EXPECT_EQ(key_mode.st_mode & 0777, 0600u);
  // The certificate is for the key received, a P-256 key, and chains to the MEF's CA.
  std::string key_public = runShell("openssl pkey -pubout -in " + dir_->file("skg.key"));
  std::string cert_public = runShell("openssl x509 -noout -pubkey -in " + dir_->file("skg.pem"));
  EXPECT_EQ(key_public, cert_public);
  EXPECT_NE(runShell("openssl pkey -noout -text -in " + dir_->file("skg.key")).find("P-256"),
            std::string::npos);
  std::string verified = runShell("openssl verify -CAfile " + dir_->file("mef-ca.pem") + " " +
                                      dir_->file("skg.pem"), &status);
  EXPECT_EQ(status, 0) << verified;
  // The CSE binds a session with it to the certificate's identity, and only to that.
  std::string https = pointOfAccess("https");
  std::string curl = "curl -s -S --max-time 10 --cacert " + dir_->file("pki/ca.pem") +
                     " --cert " + dir_->file("skg.pem") + " --key " + dir_->file("skg.key") +
                     " -o /dev/null -D - -H 'X-M2M-RI: skg-1' -H 'X-M2M-RVI: 3' ";
  std::string other = runShell(curl + "-H 'X-M2M-Origin: Cae1' '" + https + "/cse-in'");
  EXPECT_NE(other.find("X-M2M-RSC: 4106"), std::string::npos) << other;
  // Another identity, or a body that is no CSR: refused, as for simpleenroll.
  auto refused = security::mef::enrolWithServerKey(client("sensor-1"),
                                                   "//citadel.example.com/id-in/Cae1");
  ASSERT_FALSE(refused.isOk());
  EXPECT_NE(refused.status().dbg().find("403"), std::string::npos) << refused.status().dbg();
  auto garbage = security::mef::requestInSession(
      client("sensor-1"), "POST", "/.well-known/est/serverkeygen", "application/pkcs10",
      [](SSL*) -> model::Result<std::string> { return std::string("bm90IGEgQ1NS"); });
  ASSERT_FALSE(garbage.isOk());
  EXPECT_NE(garbage.status().dbg().find("400"), std::string::npos) << garbage.status().dbg();
}

TEST_F(MefEstTest, ARevokedCertificateIsOnTheCrlAndACseWithItRefusesTheCertificate) {
  ASSERT_NE(mef_->port(), 0);
  std::vector<std::string> serials;
  for (const std::string name : {"rv1", "rv2"}) {
    auto enrolled = security::mef::enrolCertificate(client("sensor-1"), kEstIdentity);
    ASSERT_TRUE(enrolled.isOk()) << enrolled.status().dbg();
    std::ofstream(dir_->file(name + ".pem")) << enrolled.value().certificate_pem;
    writeOwnerOnly(dir_->file(name + ".key"), enrolled.value().private_key_pem);
    std::string serial = runShell("openssl x509 -noout -serial -in " + dir_->file(name + ".pem"));
    ASSERT_TRUE(serial.starts_with("serial=")) << serial;
    serials.push_back(serial.substr(7, serial.find_first_of("\r\n") - 7));
  }
  const std::string mef = " --mef=127.0.0.1:" + std::to_string(mef_->port()) +
                          " --mef-fqdn=" + kEstMefFqdn;
  // Only an administrator's session revokes.
  int status = -1;
  std::string by_enrolee = runShell(MefProcess::clientBinary() + " revoke" + mef +
                                        " --psk-file=" + dir_->file("s1.psk") +
                                        " --serial=" + serials[0],
                                    &status);
  EXPECT_EQ(status, 1) << by_enrolee;
  std::string revoked = runShell(MefProcess::clientBinary() + " revoke" + mef + " --psk-file=" +
                                     dir_->file("admin.psk") + " --serial=" + serials[0],
                                 &status);
  ASSERT_EQ(status, 0) << revoked;
  std::string unknown = runShell(MefProcess::clientBinary() + " revoke" + mef + " --psk-file=" +
                                     dir_->file("admin.psk") + " --serial=0123456789ABCDEF",
                                 &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(unknown.find("404"), std::string::npos) << unknown;
  // The CRL, fetched with any credential, is signed by the MEF's CA and lists the serial.
  std::string fetched = runShell(MefProcess::clientBinary() + " crl" + mef + " --psk-file=" +
                                     dir_->file("s1.psk") + " --crl=" + dir_->file("mef.crl"),
                                 &status);
  ASSERT_EQ(status, 0) << fetched;
  std::string crl = runShell("openssl crl -noout -text -CAfile " + dir_->file("mef-ca.pem") +
                                 " -in " + dir_->file("mef.crl"),
                             &status);
  EXPECT_EQ(status, 0) << crl;
  EXPECT_NE(crl.find("verify OK"), std::string::npos) << crl;
  EXPECT_NE(crl.find(serials[0]), std::string::npos) << crl;
  EXPECT_EQ(crl.find(serials[1]), std::string::npos) << crl;

  // A CSE with that CRL refuses the revoked certificate at the handshake; the other still works.
  TestCse cse({"--https.enabled=true", "--https.port=0",
               "--tls.certificate=" + dir_->file("pki/cse.pem"),
               "--tls.privateKey=" + dir_->file("pki/cse.key"),
               "--tls.caFile=" + dir_->file("mef-ca.pem"), "--tls.clientAuth=required",
               "--tls.crlFile=" + dir_->file("mef.crl")});
  ASSERT_TRUE(cse.running());
  std::string https = httpsPointOfAccess(cse);
  ASSERT_FALSE(https.empty());
  auto as = [&](const std::string& name) {
    return runShell("curl -s -S --max-time 10 --cacert " + dir_->file("pki/ca.pem") + " --cert " +
                    dir_->file(name + ".pem") + " --key " + dir_->file(name + ".key") +
                    " -o /dev/null -D - -H 'X-M2M-Origin: Cae1' -H 'X-M2M-RI: rv' "
                    "-H 'X-M2M-RVI: 3' '" + https + "/cse-in'");
  };
  std::string refused = as("rv1");
  EXPECT_EQ(refused.find("X-M2M-RSC"), std::string::npos) << refused;
  // Served, and bound to its own identity (Cest1): speaking as Cae1 is 4106.
  std::string served = as("rv2");
  EXPECT_NE(served.find("X-M2M-RSC: 4106"), std::string::npos) << served;
  // The MEF refuses a certificate session of the revoked certificate too.
  MefClientOptions by_revoked = client("sensor-1");
  by_revoked.certificate = {dir_->file("rv1.pem"), dir_->file("rv1.key"),
                            dir_->file("mef-ca.pem")};
  auto cacerts = security::mef::fetchCaCertificates(by_revoked);
  ASSERT_FALSE(cacerts.isOk());
  EXPECT_NE(cacerts.status().dbg().find("403"), std::string::npos) << cacerts.status().dbg();
}

TEST_F(MefEstTest, ACseFetchesKeysAsAnEnrolmentTargetAuthenticatedByItsCertificate) {
  ASSERT_NE(mef_->port(), 0);
  // The CSE's certificate from the MEF: its DNS name is its Enrolment-Target-ID (the name is
  // the configured enrolment.targetId; this test CSE keeps the default CSE-ID).
  const std::string target = "id-est.citadel.example.com";
  auto enrolled = security::mef::enrolCertificate(client("cse-boot"),
                                                  "//citadel.example.com/id-est", "", false,
                                                  target);
  ASSERT_TRUE(enrolled.isOk()) << enrolled.status().dbg();
  std::ofstream(dir_->file("tgt.pem")) << enrolled.value().certificate_pem;
  writeOwnerOnly(dir_->file("tgt.key"), enrolled.value().private_key_pem);
  writeOwnerOnly(dir_->file("tgt-psk.keys"), "# none pre-provisioned\n");
  TestCse cse({"--https.enabled=true", "--https.port=0", "--tls.psk=true",
               "--tls.pskStore=" + dir_->file("tgt-psk.keys"),
               "--tls.certificate=" + dir_->file("tgt.pem"),
               "--tls.privateKey=" + dir_->file("tgt.key"),
               "--tls.caFile=" + dir_->file("mef-ca.pem"),
               "--enrolment.mef=127.0.0.1:" + std::to_string(mef_->port()),
               std::string("--enrolment.mefFqdn=") + kEstMefFqdn,
               "--enrolment.targetId=" + target, "--enrolment.useCertificate=true"});
  ASSERT_TRUE(cse.running());
  std::string https = httpsPointOfAccess(cse);
  ASSERT_FALSE(https.empty());
  uint16_t https_port = static_cast<uint16_t>(std::stoi(https.substr(https.rfind(':') + 1)));
  // The Enrolee's TLS-PSK key for this target: the CSE fetches it with its certificate.
  auto boot = security::mef::bootstrap(client("sensor-1"), {target, 22});
  ASSERT_TRUE(boot.isOk()) << boot.status().dbg();
  std::string body = Json{{"m2m:ae", {{"rn", "tgtae"}, {"api", "Ntgt"}, {"rr", false},
                                      {"srv", {"3"}}}}}
                         .dump();
  PskReply registered =
      pskHttpRequest(https_port, boot.value().answer.enrolment.key_id,
                     security::enrolment::toHex(boot.value().key),
                     "-tls1_2 -cipher PSK-AES128-CBC-SHA256", "POST", "/cse-in", "Cest1", body, 2);
  EXPECT_EQ(registered.rsc, 2001) << registered;
  // A key issued for another target is not given to this certificate.
  auto other = security::mef::bootstrap(client("sensor-1"), {"id-other.citadel.example.com", 22});
  ASSERT_TRUE(other.isOk()) << other.status().dbg();
  PskReply refused =
      pskHttpRequest(https_port, other.value().answer.enrolment.key_id,
                     security::enrolment::toHex(other.value().key),
                     "-tls1_2 -cipher PSK-AES128-CBC-SHA256", "GET", "/cse-in", "Cest1");
  EXPECT_EQ(refused.rsc, 0) << refused;
}

TEST_F(MefEstTest, RefusesACsrForAnotherIdentityOrWithoutOne) {
  ASSERT_NE(mef_->port(), 0);
  auto other = security::mef::enrolCertificate(client("sensor-1"),
                                               "//citadel.example.com/id-in/Cae1");
  ASSERT_FALSE(other.isOk());
  EXPECT_NE(other.status().dbg().find("403"), std::string::npos) << other.status().dbg();
  // A credential bound to no identity enrols nothing.
  auto unbound = security::mef::enrolCertificate(client("sensor-2"), kEstIdentity);
  ASSERT_FALSE(unbound.isOk());
  EXPECT_NE(unbound.status().dbg().find("403"), std::string::npos) << unbound.status().dbg();
}

TEST_F(MefEstTest, RefusesHostileEnrolmentRequests) {
  ASSERT_NE(mef_->port(), 0);
  // Not base64; base64 of no CSR; a CSR made outside the session (its challengePassword cannot
  // be this session's binding); the right identity plus a DNS name.
  EXPECT_NE(enrolWithBody("%%%not base64").find("400"), std::string::npos);
  EXPECT_NE(enrolWithBody(security::token::encodeBase64("\x30\x03\x02\x01\x01")).find("400"),
            std::string::npos);
  std::string replayed = enrolWithBody(opensslCsr("abc", "URI:" + kEstIdentity));
  EXPECT_NE(replayed.find("channel binding"), std::string::npos) << replayed;
  // Unknown operations and the wrong method.
  auto unknown = security::mef::requestInSession(
      client("sensor-1"), "POST", "/.well-known/est/fullcmc", "application/json",
      [](SSL*) -> model::Result<std::string> { return std::string(); });
  ASSERT_FALSE(unknown.isOk());
  EXPECT_NE(unknown.status().dbg().find("404"), std::string::npos) << unknown.status().dbg();
  auto wrong_method = security::mef::requestInSession(
      client("sensor-1"), "GET", "/.well-known/est/simpleenroll", "application/json",
      [](SSL*) -> model::Result<std::string> { return std::string(); });
  ASSERT_FALSE(wrong_method.isOk());
  EXPECT_NE(wrong_method.status().dbg().find("405"), std::string::npos);
  // The MEF still serves.
  EXPECT_TRUE(security::mef::fetchCaCertificates(client("sensor-1")).isOk());
}

TEST_F(MefEstTest, TheCliEnrolsReenrolsWhenDueAndEveryCertificateIsOnRecord) {
  ASSERT_NE(mef_->port(), 0);
  std::string options = " --mef=127.0.0.1:" + std::to_string(mef_->port()) +
                        " --mef-fqdn=" + kEstMefFqdn + " --psk-file=" + dir_->file("s1.psk") +
                        " --id=" + kEstIdentity + " --key=" + dir_->file("cli.key") +
                        " --cert=" + dir_->file("cli.pem");
  std::string binary = MefProcess::clientBinary();
  int status = -1;
  std::string enrolled =
      runShell(binary + " enrol" + options + " --ca=" + dir_->file("cli-ca.pem"), &status);
  ASSERT_EQ(status, 0) << enrolled;
  struct stat key_mode {};
  ASSERT_EQ(stat(dir_->file("cli.key").c_str(), &key_mode), 0);
  EXPECT_EQ(key_mode.st_mode & 0777, 0600u);
  EXPECT_EQ(readEstFile(dir_->file("cli-ca.pem")), readEstFile(dir_->file("mef-ca.pem")));
  std::string first = readEstFile(dir_->file("cli.pem"));
  std::string reenrol = binary + " reenrol" + options;
  // A year left: not due within 30 days; due within two years.
  std::string not_due = runShell(reenrol, &status);
  EXPECT_EQ(status, 0) << not_due;
  EXPECT_NE(not_due.find("not due"), std::string::npos) << not_due;
  EXPECT_EQ(readEstFile(dir_->file("cli.pem")), first);
  std::string renewed = runShell(reenrol + " --renew-before=63072000", &status);
  EXPECT_EQ(status, 0) << renewed;
  std::string second = readEstFile(dir_->file("cli.pem"));
  EXPECT_NE(second, first);
  int verified = -1;
  runShell("openssl verify -CAfile " + dir_->file("mef-ca.pem") + " " + dir_->file("cli.pem"),
           &verified);
  EXPECT_EQ(verified, 0);

  // kill -9, then read the MEF's store: the serial of the renewed certificate is on record.
  std::string serial = runShell("openssl x509 -noout -serial -in " + dir_->file("cli.pem"));
  serial = serial.substr(serial.find('=') + 1);
  while (!serial.empty() && (serial.back() == '\n' || serial.back() == '\r')) serial.pop_back();
  mef_->kill9();
  {
    storage::RocksDbOptions options;
    options.path = dir_->file("db");
    auto store = storage::RocksDbStore::open(options);
    ASSERT_TRUE(store.isOk()) << store.status().dbg();
    tools::mef::IssuedKeys issued(*store.value());
    auto found = issued.findCertificate(serial);
    ASSERT_TRUE(found.isOk()) << found.status().dbg();
    ASSERT_TRUE(found.value().has_value()) << serial;
    EXPECT_EQ(security::mef::certificatePem(*found.value()), second);
  }
  ASSERT_TRUE(mef_->start());
}

TEST_F(MefEstTest, AnEnroleeWithACertificateReenrolsAndBootstrapsByCertificate) {
  ASSERT_NE(mef_->port(), 0);
  // First certificate over the PSK session, then the certificate-based MEF Handshake
  // (TS-0003 §8.3.2.2) with it: the session's identity is the certificate's URI.
  auto first = security::mef::enrolCertificate(client("sensor-1"), kEstIdentity);
  ASSERT_TRUE(first.isOk()) << first.status().dbg();
  std::ofstream(dir_->file("byc.pem")) << first.value().certificate_pem;
  writeOwnerOnly(dir_->file("byc.key"), first.value().private_key_pem);
  MefClientOptions by_certificate = client("unused");
  by_certificate.psk = {};
  by_certificate.certificate = {dir_->file("byc.pem"), dir_->file("byc.key"),
                                dir_->file("mef-ca.pem")};
  auto renewed = security::mef::enrolCertificate(by_certificate, kEstIdentity,
                                                 first.value().private_key_pem, true);
  ASSERT_TRUE(renewed.isOk()) << renewed.status().dbg();
  EXPECT_NE(renewed.value().certificate_pem, first.value().certificate_pem);
  auto other = security::mef::enrolCertificate(by_certificate, "//citadel.example.com/id-in/Cx");
  ASSERT_FALSE(other.isOk());
  EXPECT_NE(other.status().dbg().find("403"), std::string::npos) << other.status().dbg();
  // The Enrolment Exchange too: keys bound to the certificate's identity.
  auto boot = security::mef::bootstrap(by_certificate, {"cse1.citadel.test", 22});
  ASSERT_TRUE(boot.isOk()) << boot.status().dbg();
  EXPECT_EQ(boot.value().answer.enrolee_id, kEstIdentity);
  // A certificate of another CA, or a MEF that is not the one named: no session.
  MefClientOptions foreign = by_certificate;
  foreign.certificate = {dir_->file("pki/Cae1.pem"), dir_->file("pki/Cae1.key"),
                         dir_->file("mef-ca.pem")};
  auto refused = security::mef::fetchCaCertificates(foreign);
  ASSERT_FALSE(refused.isOk());
  // TLS 1.3: the client finishes before the MEF rejects its certificate, so the failure may
  // show at the first read; either way the MEF never answered.
  EXPECT_NE(refused.status().reason(), "mef.refused") << refused.status().dbg();
  MefClientOptions impostor = by_certificate;
  impostor.mef_fqdn = "other-mef.citadel.test";
  auto wrong_host = security::mef::fetchCaCertificates(impostor);
  ASSERT_FALSE(wrong_host.isOk());
  EXPECT_EQ(wrong_host.status().reason(), "mef.handshake_refused");
  // The CLI re-enrols with --auth-cert.
  int status = -1;
  std::string cli = runShell(
      MefProcess::clientBinary() + " reenrol --mef=127.0.0.1:" + std::to_string(mef_->port()) +
          " --mef-fqdn=" + kEstMefFqdn + " --auth-cert=" + dir_->file("byc.pem") +
          " --auth-key=" + dir_->file("byc.key") + " --mef-ca=" + dir_->file("mef-ca.pem") +
          " --id=" + kEstIdentity + " --key=" + dir_->file("byc.key") + " --cert=" +
          dir_->file("byc.pem") + " --renew-before=63072000",
      &status);
  EXPECT_EQ(status, 0) << cli;
  EXPECT_NE(cli.find("reenrolled"), std::string::npos) << cli;
}

TEST_F(MefEstTest, ACseWithoutACertificateEnrolsItsOwnAtStartUp) {
  ASSERT_NE(mef_->port(), 0);
  const std::string certificate = dir_->file("id-est.pem");
  const std::string key = dir_->file("id-est.key");
  const std::string anchors = dir_->file("id-est-ca.pem");
  TestCse cse({"--cse.id=id-est", "--https.enabled=true", "--https.port=0",
               "--tls.certificate=" + certificate, "--tls.privateKey=" + key,
               "--tls.caFile=" + anchors, "--tls.clientAuth=optional",
               "--enrolment.mef=127.0.0.1:" + std::to_string(mef_->port()),
               std::string("--enrolment.mefFqdn=") + kEstMefFqdn,
               "--enrolment.enrolCertificate=true",
               "--enrolment.enroleeCredentialFile=" + dir_->file("cse-boot.psk")});
  ASSERT_TRUE(cse.running());
  // The key is owner-only; the certificate names the CSE-ID and its public domain name
  // (TS-0003 §10.1.1.7, TS-0001 §6.5.1.1) and chains to the MEF's CA, which is now tls.caFile.
  struct stat key_mode {};
  ASSERT_EQ(stat(key.c_str(), &key_mode), 0);
  EXPECT_EQ(key_mode.st_mode & 0777, 0600u);
  EXPECT_EQ(readEstFile(anchors), readEstFile(dir_->file("mef-ca.pem")));
  std::string names = runShell("openssl x509 -noout -ext subjectAltName -in " + certificate);
  EXPECT_NE(names.find("URI://citadel.example.com/id-est"), std::string::npos) << names;
  EXPECT_NE(names.find("DNS:id-est.citadel.example.com"), std::string::npos) << names;
  // A client that checks the host name against the MEF's CA reaches it by that name.
  std::string cse_base = runShell("curl -s -S --max-time 10 -H 'X-M2M-Origin: CAdmin' -H "
                                  "'X-M2M-RI: poa' -H 'X-M2M-RVI: 3' http://127.0.0.1:" +
                                  std::to_string(cse.port()) + "/cse-in");
  size_t at = cse_base.find("https://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << cse_base;
  std::string port = cse_base.substr(at + 18, cse_base.find('"', at) - at - 18);
  std::string over_tls = runShell(
      "curl -s -S --max-time 10 -o /dev/null -w '%{http_code}' --cacert " +
      dir_->file("mef-ca.pem") + " --resolve id-est.citadel.example.com:" + port +
      ":127.0.0.1 -H 'X-M2M-Origin: CAdmin' -H 'X-M2M-RI: tls' -H 'X-M2M-RVI: 3' "
      "https://id-est.citadel.example.com:" + port + "/cse-in");
  EXPECT_EQ(over_tls, "200");
  // A restart keeps the certificate it has.
  std::string first = readEstFile(certificate);
  cse.restart();
  ASSERT_TRUE(cse.running());
  EXPECT_EQ(readEstFile(certificate), first);
}

TEST_F(MefEstTest, ACseRefusesToStartWhenTheMefWillNotEnrolIt) {
  ASSERT_NE(mef_->port(), 0);
  // sensor-2 is bound to no identity: the MEF refuses; the CSE says why and does not start.
  writeOwnerOnly(dir_->file("unbound.psk"), "sensor-2 " + kKpm + "\n");
  std::string out = runShell(
      std::string(CITADEL_BINARY) + " --http.port=0 --storage.path=" + dir_->file("refused-db") +
      " --https.enabled=true --https.port=0 --tls.certificate=" + dir_->file("no.pem") +
      " --tls.privateKey=" + dir_->file("no.key") + " --enrolment.mef=127.0.0.1:" +
      std::to_string(mef_->port()) + " --enrolment.mefFqdn=" + kEstMefFqdn +
      " --enrolment.enrolCertificate=true --enrolment.enroleeCredentialFile=" +
      dir_->file("unbound.psk"));
  EXPECT_NE(out.find("enrolment.enrolCertificate"), std::string::npos) << out;
  EXPECT_NE(out.find("403"), std::string::npos) << out;
  struct stat none {};
  EXPECT_NE(stat(dir_->file("no.key").c_str(), &none), 0) << "no key written";
}

}  // namespace
}  // namespace citadel::testing
