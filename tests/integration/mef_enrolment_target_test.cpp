// The CSE as an Enrolment Target (issue 17, TS-0003 §8.3.2.1 "Use of Remotely Provisioned
// Credential"), end to end with the real programs: citadel-mef, citadel (HTTPS with tls.psk and
// enrolment.*) and the Enrolee library. An AE that holds only its bootstrap PSK enrols with
// the MEF for this CSE (SUID 22), then opens HTTPS-PSK with psk_identity = KeID and the
// derived key: the CSE fetches the key from the MEF with its own credential and binds the
// session to the Enrolee's AE-ID. A KeID issued for another target, for another SUID, or
// unknown to the MEF fails the handshake; refusals are remembered; the MEF keeps issued keys
// across a kill -9; neither program logs a key. CoAPS (DTLS-PSK) takes the same path.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/mef_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/dtls_psk_client.h"
#include "tests/support/mef_process.h"
#include "tests/support/psk_http_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

namespace enrolment = security::enrolment;
namespace mef = security::mef;

constexpr const char* kMefFqdn = "mef.citadel.test";
constexpr const char* kTarget = "cse1.citadel.test";       // this CSE's Enrolment-Target-ID
constexpr const char* kOtherTarget = "cse2.citadel.test";  // another CSE
const std::string kCseCredential = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
const std::string kOtherCredential = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf";
constexpr const char* kTls12 = "-tls1_2 -cipher PSK-AES128-CBC-SHA256";

void writeOwnerOnly(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  chmod(path.c_str(), 0600);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class MefEnrolmentTargetTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    // The MEF: three Enrolees (sensor-2 has no Enrolee-ID), two Enrolment Targets.
    writeOwnerOnly(file("mef.psk"), "sensor-1 " + kKpm + " Csensor1\nsensor-2 " + kKpm +
                                        "\nsensor-3 " + kKpm + " Csensor3\nsensor-4 " +
                                        kKpm + " Csensor4\n");
    writeOwnerOnly(file("targets.psk"), "cse1-cred " + kCseCredential + " " + kTarget +
                                            "\ncse2-cred " + kOtherCredential + " " +
                                            kOtherTarget + "\n");
    mef_ = std::make_unique<MefProcess>(mefArgs("db"), file("mef.log"));
    ASSERT_NE(mef_->port(), 0);
    // The CSE: a provisioned key store and its own credential with the MEF.
    writeOwnerOnly(file("psk.keys"), "local-a Clocala " + kKpm + "\n");
    writeOwnerOnly(file("cse.credential"), "cse1-cred " + kCseCredential + "\n");
    writeOwnerOnly(file("esprim.keys"), "# none pre-provisioned\n");
    startCse({"--https.enabled=true", "--https.port=0", "--coaps.enabled=true",
              "--coaps.port=0", "--tls.psk=true", "--esprim.enabled=true",
              "--esprim.keyFile=" + file("esprim.keys"),
              "--tls.pskStore=" + file("psk.keys"),
              "--enrolment.mef=127.0.0.1:" + std::to_string(mef_->port()),
              std::string("--enrolment.mefFqdn=") + kMefFqdn,
              "--enrolment.credentialFile=" + file("cse.credential"),
              std::string("--enrolment.targetId=") + kTarget},
             file("cse.log"));
  }
  static void TearDownTestSuite() {
    stopCse();
    mef_.reset();
    dir_.reset();
  }
  static std::string file(const std::string& name) { return dir_->file(name); }
  static std::vector<std::string> mefArgs(const std::string& db) {
    return {std::string("--fqdn=") + kMefFqdn, "--psk-file=" + file("mef.psk"),
            "--target-psk-file=" + file("targets.psk"), "--data-dir=" + file(db)};
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    port_ = pointOfAccessPort("https");
    ASSERT_NE(port_, 0);
  }

  static mef::MefClientOptions client(const std::string& identity, const std::string& hex_key,
                                      uint16_t port) {
    mef::MefClientOptions options;
    options.port = port;
    options.mef_fqdn = kMefFqdn;
    options.psk = mef::BootstrapPsk{identity, enrolment::fromHex(hex_key).value(), ""};
    return options;
  }
  // The Enrolee's bootstrap with the MEF: the KeID and the derived key (hex).
  static std::pair<std::string, std::string> enrol(const std::string& enrolee,
                                                   const std::string& target, int suid) {
    auto outcome = mef::bootstrap(client(enrolee, kKpm, mef_->port()), {target, suid});
    EXPECT_TRUE(outcome.isOk()) << outcome.status().dbg();
    if (!outcome.isOk()) return {};
    return {outcome.value().answer.enrolment.key_id, enrolment::toHex(outcome.value().key)};
  }
  PskReply request(const std::pair<std::string, std::string>& key, const std::string& tls,
                   const std::string& method, const std::string& path,
                   const std::string& originator, const std::string& body = "", int ty = 0) {
    return pskHttpRequest(port_, key.first, key.second, tls, method, path, originator, body, ty);
  }
  static std::string aeBody(const std::string& name) {
    return Json{{"m2m:ae", {{"rn", name}, {"api", "Nmef"}, {"rr", false}, {"srv", {"3"}}}}}.dump();
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<MefProcess> mef_;
  uint16_t port_ = 0;
};

std::unique_ptr<TempDir> MefEnrolmentTargetTest::dir_;
std::unique_ptr<MefProcess> MefEnrolmentTargetTest::mef_;

TEST_F(MefEnrolmentTargetTest, AnEnroleeRegistersAndCreatesWithTheAeIdBoundToItsKeId) {
  auto key = enrol("sensor-1", kTarget, 22);
  ASSERT_FALSE(key.first.empty());
  // TLS 1.2 with the mandatory PSK suite: the first handshake makes the CSE fetch the key.
  PskReply registered = request(key, kTls12, "POST", "/cse-in", "Csensor1", aeBody("sensor1"), 2);
  ASSERT_EQ(registered.rsc, 2001) << registered;
  HttpResult ae = http().retrieve(kAdmin, std::string(kCseBase) + "/sensor1");
  ASSERT_EQ(ae.rsc, 2000) << ae;
  EXPECT_EQ(ae.resource().value("aei", ""), "Csensor1");
  // TLS 1.3 external PSK with the same KeID: served from the CSE's table.
  std::string container = Json{{"m2m:cnt", {{"rn", "readings"}}}}.dump();
  PskReply created = request(key, "-tls1_3", "POST", "/cse-in/sensor1", "Csensor1", container, 3);
  EXPECT_EQ(created.rsc, 2001) << created;
  // The key proves Csensor1 and nobody else.
  PskReply other = request(key, kTls12, "GET", "/cse-in/sensor1", kAdmin);
  EXPECT_EQ(other.rsc, 4106) << other;
  // A wrong key for a known KeID fails the handshake.
  PskReply wrong = pskHttpRequest(port_, key.first, std::string(64, '7'), kTls12, "GET",
                                  "/cse-in/sensor1", "Csensor1");
  EXPECT_EQ(wrong.rsc, 0) << wrong;
  // Neither log shows the key.
  EXPECT_EQ(count(readFile(file("cse.log")), key.second), 0u);
  EXPECT_EQ(count(readFile(file("mef.log")), key.second), 0u);
}

TEST_F(MefEnrolmentTargetTest, RefusesAKeyIdIssuedForAnotherTargetOrAnotherSuid) {
  auto other_target = enrol("sensor-1", kOtherTarget, 22);
  ASSERT_FALSE(other_target.first.empty());
  PskReply refused =
      request(other_target, kTls12, "POST", "/cse-in", "Csensor1", aeBody("sensor1b"), 2);
  EXPECT_EQ(refused.rsc, 0) << refused;
  auto esprim = enrol("sensor-1", kTarget, 23);  // a key for ESPrim, not for TLS
  ASSERT_FALSE(esprim.first.empty());
  PskReply wrong_usage =
      request(esprim, kTls12, "POST", "/cse-in", "Csensor1", aeBody("sensor1c"), 2);
  EXPECT_EQ(wrong_usage.rsc, 0) << wrong_usage;
  auto unbound = enrol("sensor-2", kTarget, 22);  // the MEF has no Enrolee-ID for sensor-2
  PskReply no_identity = request(unbound, kTls12, "GET", "/cse-in", "Csensor2");
  EXPECT_EQ(no_identity.rsc, 0) << no_identity;
  std::string mef_log = readFile(file("mef.log"));
  EXPECT_EQ(count(mef_log, other_target.first + " suid 22 by " + kTarget +
                               " refused: issued for another target"),
            1u)
      << mef_log;
  EXPECT_EQ(count(mef_log, esprim.first + " suid 22 by " + kTarget +
                               " refused: issued for another SUID"),
            1u);
  EXPECT_EQ(count(mef_log, unbound.first + " suid 22 by " + kTarget + " refused: no Enrolee-ID"),
            1u);
}

TEST_F(MefEnrolmentTargetTest, AnUnknownKeyIdIsRefusedAndTheRefusalRemembered) {
  std::pair<std::string, std::string> invented{
      "0123456789abcdef0123456789abcdef@" + std::string(kMefFqdn), std::string(64, '5')};
  for (int attempt = 0; attempt < 3; ++attempt) {
    PskReply refused = request(invented, kTls12, "GET", "/cse-in", "Cnobody");
    EXPECT_EQ(refused.rsc, 0) << refused;
  }
  // Three handshakes, one question to the MEF: the refusal is cached (enrolment.refusalTtl).
  EXPECT_EQ(count(readFile(file("mef.log")), invented.first + " suid 22 by " +
                                                 std::string(kTarget) + " refused: unknown KeID"),
            1u);
  // A KeID of another MEF is never asked for at all.
  std::pair<std::string, std::string> foreign{"0123456789abcdef0123456789abcdef@mef.elsewhere",
                                              std::string(64, '5')};
  EXPECT_EQ(request(foreign, kTls12, "GET", "/cse-in", "Cnobody").rsc, 0);
  EXPECT_EQ(count(readFile(file("mef.log")), "mef.elsewhere"), 0u);
  // The provisioned store still serves its own keys.
  PskReply local = pskHttpRequest(port_, "local-a", kKpm, kTls12, "GET", "/cse-in", "Clocala");
  EXPECT_NE(local.rsc, 0) << local;
}

TEST_F(MefEnrolmentTargetTest, AKill9AndRestartOfTheMefLosesNoIssuedKey) {
  // A MEF of its own: the suite's MEF must keep the port the CSE was configured with.
  MefProcess restarted(mefArgs("db-restart"));
  ASSERT_NE(restarted.port(), 0);
  auto outcome = mef::bootstrap(client("sensor-1", kKpm, restarted.port()), {kTarget, 22});
  ASSERT_TRUE(outcome.isOk()) << outcome.status().dbg();
  const std::string key_id = outcome.value().answer.enrolment.key_id;
  EXPECT_EQ(outcome.value().answer.enrolee_id, "Csensor1");
  restarted.kill9();
  ASSERT_TRUE(restarted.start());
  auto fetched = mef::fetchCredentials(client("cse1-cred", kCseCredential, restarted.port()),
                                       key_id, 22, kTarget);
  ASSERT_TRUE(fetched.isOk()) << fetched.status().dbg();
  EXPECT_EQ(fetched.value().key, outcome.value().key);
  EXPECT_EQ(fetched.value().enrolee_id, "Csensor1");
  EXPECT_GT(fetched.value().lifetime, 0);
  // The other target's credential gets nothing for it, not even in cse1's name.
  auto other = mef::fetchCredentials(client("cse2-cred", kOtherCredential, restarted.port()),
                                     key_id, 22, kOtherTarget);
  ASSERT_FALSE(other.isOk());
  EXPECT_EQ(other.status().reason(), "mef.refused");
  auto impersonating = mef::fetchCredentials(
      client("cse2-cred", kOtherCredential, restarted.port()), key_id, 22, kTarget);
  ASSERT_FALSE(impersonating.isOk());
  EXPECT_EQ(impersonating.status().reason(), "mef.refused");
}

TEST_F(MefEnrolmentTargetTest, AnEnroleeRegistersOverCoapsWithItsKeId) {
  uint16_t coaps_port = pointOfAccessPort("coaps");
  ASSERT_NE(coaps_port, 0);
  auto key = enrol("sensor-3", kTarget, 22);
  ASSERT_FALSE(key.first.empty());
  std::string raw_key = enrolment::fromHex(key.second).value();
  // Options by number (TS-0008 Table 6.2.2.4-1): 267 ty, 271 rvi, 279 fr, 283 rqi; 11
  // Uri-Path, 12 Content-Format (0x32 = 50, application/json).
  auto message = [](const std::string& originator, uint8_t code, std::string payload) {
    coap::CoapMessage m;
    m.code = code;
    m.message_id = 0x1234;
    m.token = "tk";
    m.options = {{11, "cse-in"}, {271, "3"}, {279, originator}, {283, "dtls-mef"}};
    if (!payload.empty()) {
      m.options.emplace_back(12, std::string(1, '\x32'));
      m.options.emplace_back(267, std::string(1, '\x02'));
      m.payload = std::move(payload);
    }
    return m;
  };
  constexpr uint8_t kPost = 2, kGet = 1, kCreated = 0x41, kContent = 0x45;
  auto created = dtlsPskExchange(coaps_port, key.first, raw_key,
                                 message("Csensor3", kPost, aeBody("sensor3")));
  ASSERT_TRUE(created) << "no answer over DTLS";
  EXPECT_EQ(created->code, kCreated) << created->payload;
  HttpResult ae = http().retrieve(kAdmin, std::string(kCseBase) + "/sensor3");
  ASSERT_EQ(ae.rsc, 2000) << ae;
  EXPECT_EQ(ae.resource().value("aei", ""), "Csensor3");
  // The key proves Csensor3 only.
  auto as_admin = dtlsPskExchange(coaps_port, key.first, raw_key, message(kAdmin, kGet, ""));
  ASSERT_TRUE(as_admin);
  EXPECT_NE(as_admin->code, kContent);
  // Another target's KeID fails the DTLS handshake.
  auto other = enrol("sensor-3", kOtherTarget, 22);
  EXPECT_FALSE(dtlsPskExchange(coaps_port, other.first, enrolment::fromHex(other.second).value(),
                               message("Csensor3", kGet, ""), std::chrono::seconds(3)));
}

// Issue 16 (SUID 23): an Enrolee's usage-constrained key for ESPrim. The CSE does not know the
// kid, which is a KeID of its MEF: it fetches the key for SUID 23 with its own credential, binds
// it to the Enrolee-ID, and the ESPrim object of that AE opens. A KeID issued for TLS-PSK
// (SUID 22) is not an ESPrim key (the MEF refuses it for 23), and the <CSEBase> lists 23 in esf.
TEST_F(MefEnrolmentTargetTest, AnEsprimKidOfTheMefIsFetchedAsASuid23Key) {
  HttpResult base = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(base.rsc, 2000) << base;
  EXPECT_EQ(base.resource()["esi"]["esf"], Json::parse("[13, 23]")) << base;
  http().registerAe("sensor4");
  const std::string acp = std::string(kCseBase) + "/acpCSEBase";
  Json pv = http().retrieve(kAdmin, acp).resource()["pv"];
  pv["acr"].push_back({{"acor", {"Csensor4"}}, {"acop", 16 | 2}});
  ASSERT_EQ(http().update(kAdmin, acp, {{"m2m:acp", {{"pv", pv}}}}).rsc, 2004);

  auto esprim_key = enrol("sensor-4", kTarget, 23);
  auto tls_key = enrol("sensor-4", kTarget, 22);
  auto esprim = [&](const std::pair<std::string, std::string>& key, int* code) {
    std::string key_file = file("esprim-" + key.first.substr(0, 8) + ".hex");
    writeOwnerOnly(key_file, key.second + "\n");
    return runShell(std::string(CITADEL_ESPRIM_BINARY) + " --cse=http://127.0.0.1:" +
                        std::to_string(cse().port()) + " --from=Csensor4 --key-id=" + key.first +
                        " --key-file=" + key_file + " --rcn=1 retrieve cse-in/sensor4",
                    code, 30);
  };
  int code = -1;
  std::string read = esprim(esprim_key, &code);
  ASSERT_EQ(code, 0) << read;
  EXPECT_NE(read.find("\"rsc\": 2000"), std::string::npos) << read;
  EXPECT_NE(read.find("\"m2m:ae\""), std::string::npos) << read;
  std::string refused = esprim(tls_key, &code);
  EXPECT_EQ(code, 1) << refused;
  EXPECT_NE(refused.find("4112"), std::string::npos) << refused;
  std::string mef_log = readFile(file("mef.log"));
  EXPECT_EQ(count(mef_log, tls_key.first + " suid 23 by " + kTarget + " refused"), 1u) << mef_log;
  EXPECT_EQ(count(readFile(file("cse.log")), esprim_key.second), 0u);
  EXPECT_EQ(count(mef_log, esprim_key.second), 0u);
}

}  // namespace
}  // namespace citadel::testing
