// The MAF-based SAEF (TS-0003 §8.2.3.x with §8.8.2.7-8) end to end with the real programs: an AE
// (Entity A, the Source MAF Client) registers with citadel-maf and registers a SAEF key (SUID 32)
// for this CSE's Absolute CSE-ID, exported from its MAF Handshake session; it then opens HTTPS
// with TLS-PSK, psk_identity = the Key Identifier, psk = Kc. The CSE (Entity B, configured with
// maf.*) retrieves Kc from the MAF with its own Master Credential and binds the session to the
// AE-ID the MAF gave. A key of another SUID, one listed for another target, an unknown Key
// Identifier and a wrong psk all fail the handshake; the session speaks only as the source. The
// same for ESPrim (SUID 33, §8.4.2 C.6a): a kid that is a Key Identifier of the MAF makes the
// CSE retrieve Kc and derive the pairwiseESPrimKey (security/enrolment/README.md).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/maf_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mef_process.h"
#include "tests/support/psk_http_client.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

namespace enrolment = security::enrolment;
namespace mef = security::mef;

constexpr const char* kSaefMafFqdn = "maf.saef.test";
const std::string kSaefAeId = "//citadel.example.com/id-in/Cmafae";
const std::string kSaefCseId = "//citadel.example.com/id-in";
const std::string kSaefAeKm = "4444444444444444444444444444444444444444444444444444444444444444";
const std::string kSaefEspId = "//citadel.example.com/id-in/Cmafesp";
const std::string kSaefEspKm = "7777777777777777777777777777777777777777777777777777777777777777";
const std::string kSaefCseKm = "5555555555555555555555555555555555555555555555555555555555555555";
constexpr const char* kSaefTls12 = "-tls1_2 -cipher PSK-AES128-CBC-SHA256";

void writeSaefFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  chmod(path.c_str(), 0600);
}

class MafSaefTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const std::string fqdn = kSaefMafFqdn;
    writeSaefFile(dir_->file("maf.km"), "ae@" + fqdn + " " + kSaefAeKm + " " + kSaefAeId +
                                            "\ncse@" + fqdn + " " + kSaefCseKm + " " +
                                            kSaefCseId + "\nesp@" + fqdn + " " + kSaefEspKm +
                                            " " + kSaefEspId + "\n");
    maf_ = MefProcess::maf({"--fqdn=" + fqdn, "--admin-fqdn=citadel.example.com",
                            "--km-file=" + dir_->file("maf.km"),
                            "--data-dir=" + dir_->file("maf-db")},
                           dir_->file("maf.log"));
    ASSERT_NE(maf_->port(), 0);
    writeSaefFile(dir_->file("cse.km"), "cse@" + fqdn + " " + kSaefCseKm + "\n");
    writeSaefFile(dir_->file("psk.keys"), "# none pre-provisioned\n");
    writeSaefFile(dir_->file("esprim.keys"), "# none pre-provisioned\n");
    startCse({"--https.enabled=true", "--https.port=0", "--tls.psk=true",
              "--esprim.enabled=true", "--esprim.keyFile=" + dir_->file("esprim.keys"),
              "--tls.pskStore=" + dir_->file("psk.keys"),
              "--maf.address=127.0.0.1:" + std::to_string(maf_->port()), "--maf.fqdn=" + fqdn,
              "--maf.credentialFile=" + dir_->file("cse.km")},
             dir_->file("cse.log"));
    // Entity A registers with the MAF once.
    mef::MafMessage registration;
    registration.maf_fqdn = fqdn;
    registration.admin_fqdn = "citadel.example.com";
    registration.expiration_time = nowSeconds() + 3600;
    for (const auto& [name, km] : {std::pair{"ae", kSaefAeKm}, std::pair{"esp", kSaefEspKm}}) {
      auto registered = mef::callMaf(source(name, km), "clientRegistration", registration,
                                     mef::maf_shapes::kClientRegistrationAnswer);
      ASSERT_TRUE(registered.isOk()) << registered.status().dbg();
    }
  }
  static void TearDownTestSuite() {
    stopCse();
    maf_.reset();
    dir_.reset();
  }

  static int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static mef::MefClientOptions source(const std::string& name = "ae",
                                      const std::string& km = kSaefAeKm) {
    mef::MefClientOptions options;
    options.port = maf_->port();
    options.mef_fqdn = kSaefMafFqdn;
    options.peer_name = "MAF";
    options.psk = mef::BootstrapPsk{name + "@" + kSaefMafFqdn, enrolment::fromHex(km).value(), ""};
    return options;
  }
  // Entity A's key registration: the Key Identifier and Kc (hex).
  static std::pair<std::string, std::string> registerKey(int suid, const std::string& target,
                                                         const std::string& name = "ae",
                                                         const std::string& km = kSaefAeKm) {
    mef::MafMessage request;
    request.maf_fqdn = kSaefMafFqdn;
    request.admin_fqdn = "citadel.example.com";
    request.suid = suid;
    request.target_ids = std::vector<std::string>{target};
    request.expiration_time = nowSeconds() + 600;
    auto registered = mef::registerKey(source(name, km), request);
    EXPECT_TRUE(registered.isOk()) << registered.status().dbg();
    if (!registered.isOk()) return {};
    return {registered.value().key_id, enrolment::toHex(registered.value().key)};
  }
  PskReply request(const std::pair<std::string, std::string>& key, const std::string& method,
                   const std::string& path, const std::string& originator,
                   const std::string& body = "", int ty = 0) {
    return pskHttpRequest(pointOfAccessPort("https"), key.first, key.second, kSaefTls12, method,
                          path, originator, body, ty);
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<MefProcess> maf_;
};

std::unique_ptr<TempDir> MafSaefTest::dir_;
std::unique_ptr<MefProcess> MafSaefTest::maf_;

TEST_F(MafSaefTest, TheSourceRegistersOverTlsPskWithTheKeyTheCseRetrievedFromTheMaf) {
  auto key = registerKey(32, kSaefCseId);
  ASSERT_FALSE(key.first.empty());
  std::string ae = Json{{"m2m:ae", {{"rn", "mafae"}, {"api", "Nmaf"}, {"rr", false},
                                    {"srv", {"3"}}}}}
                       .dump();
  PskReply registered = request(key, "POST", "/cse-in", "Cmafae", ae, 2);
  ASSERT_EQ(registered.rsc, 2001) << registered;
  HttpResult stored = http().retrieve(kAdmin, std::string(kCseBase) + "/mafae");
  ASSERT_EQ(stored.rsc, 2000) << stored.body;
  EXPECT_EQ(stored.json["m2m:ae"]["aei"], "Cmafae");
  // The session speaks only as the MAF's source: another originator is not authenticated.
  PskReply other = request(key, "GET", "/cse-in", "Cintruder");
  EXPECT_EQ(other.rsc, 4106) << other;
  // A wrong psk for the same Key Identifier fails the handshake.
  std::string wrong = key.second;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_EQ(request({key.first, wrong}, "GET", "/cse-in/mafae", "Cmafae").rsc, 0);
}

TEST_F(MafSaefTest, KeysNotForThisCseOrNotForTheSaefFailTheHandshake) {
  // An ESPrim key (SUID 33) listed for this CSE: never a TLS-PSK key.
  auto esprim = registerKey(33, kSaefCseId);
  ASSERT_FALSE(esprim.first.empty());
  EXPECT_EQ(request(esprim, "GET", "/cse-in", "Cmafae").rsc, 0);
  // A SAEF key for another CSE: the MAF does not give it to this one.
  auto elsewhere = registerKey(32, "//citadel.example.com/id-other");
  ASSERT_FALSE(elsewhere.first.empty());
  EXPECT_EQ(request(elsewhere, "GET", "/cse-in", "Cmafae").rsc, 0);
  // An invented Key Identifier of this MAF.
  EXPECT_EQ(request({std::string(32, 'a') + "@" + kSaefMafFqdn, std::string(64, 'a')}, "GET",
                    "/cse-in", "Cmafae")
                .rsc,
            0);
  // Neither program logs a key.
  std::ifstream log(dir_->file("cse.log"));
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find(esprim.second), std::string::npos);
  EXPECT_EQ(text.find(elsewhere.second), std::string::npos);
  std::ifstream maf_log(dir_->file("maf.log"));
  std::string maf_text((std::istreambuf_iterator<char>(maf_log)),
                       std::istreambuf_iterator<char>());
  EXPECT_NE(maf_text.find(elsewhere.first.substr(0, 32)), std::string::npos);  // IDs are logged
  EXPECT_EQ(maf_text.find(esprim.second), std::string::npos);                  // keys never
  EXPECT_EQ(maf_text.find(elsewhere.second), std::string::npos);
}

TEST_F(MafSaefTest, AnEsprimKidOfTheMafIsRetrievedAsASuid33Key) {
  HttpResult base = http().retrieve(kAdmin, kCseBase);
  ASSERT_EQ(base.rsc, 2000) << base;
  EXPECT_EQ(base.resource()["esi"]["esf"], Json::parse("[13, 33]")) << base;
  ASSERT_EQ(http().registerAe("mafesp"), "Cmafesp");
  const std::string acp = std::string(kCseBase) + "/acpCSEBase";
  Json pv = http().retrieve(kAdmin, acp).resource()["pv"];
  pv["acr"].push_back({{"acor", {"Cmafesp"}}, {"acop", 16 | 2}});
  ASSERT_EQ(http().update(kAdmin, acp, {{"m2m:acp", {{"pv", pv}}}}).rsc, 2004);

  auto esprim = [&](const std::string& key_id, const std::string& key_hex, int* code) {
    std::string key_file = dir_->file("esprim-" + key_id.substr(0, 8) + ".hex");
    writeSaefFile(key_file, key_hex + "\n");
    return runShell(std::string(CITADEL_ESPRIM_BINARY) + " --cse=http://127.0.0.1:" +
                        std::to_string(cse().port()) + " --from=Cmafesp --key-id=" + key_id +
                        " --key-file=" + key_file + " --rcn=1 retrieve cse-in/mafesp",
                    code, 30);
  };
  // The originator derives the pairwiseESPrimKey from Kc as the CSE does.
  auto key = registerKey(33, kSaefCseId, "esp", kSaefEspKm);
  ASSERT_FALSE(key.first.empty());
  std::string pairwise =
      enrolment::toHex(
          enrolment::deriveMafEsprimKey(enrolment::fromHex(key.second).value()).value());
  int code = -1;
  std::string read = esprim(key.first, pairwise, &code);
  ASSERT_EQ(code, 0) << read;
  EXPECT_NE(read.find("\"rsc\": 2000"), std::string::npos) << read;
  EXPECT_NE(read.find("\"m2m:ae\""), std::string::npos) << read;
  // Kc itself is not the pairwise key: the tag check fails.
  std::string raw = esprim(key.first, key.second, &code);
  EXPECT_EQ(code, 1) << raw;
  // A SAEF key (SUID 32) is never an ESPrim key: unknown kid.
  auto saef = registerKey(32, kSaefCseId, "esp", kSaefEspKm);
  std::string refused = esprim(saef.first, saef.second, &code);
  EXPECT_EQ(code, 1) << refused;
  EXPECT_NE(refused.find("4112"), std::string::npos) << refused;
}

}  // namespace
}  // namespace citadel::testing
