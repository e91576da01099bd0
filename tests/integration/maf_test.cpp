// The real citadel-maf on a loopback port with citadel-maf-client and the client library
// (security/mef_client/maf_client.h): a source registers with the MAF, registers a key exported
// from its MAF Handshake session (TS-0003 §8.8.2.7, §10.3.1), the target retrieves the same key
// (§8.8.2.8) and nobody else does; wrong credentials fail the handshake; registrations and keys
// survive a kill -9; hostile bodies over the wire get 400 and leave nothing behind; a client
// authenticated by its certificate is its certificate's URI (§8.8.2.2). Issue 17.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <openssl/ssl.h>

#include <fstream>

#include "security/enrolment/enrolment_keys.h"
#include "security/mef_client/maf_client.h"
#include "security/mef_client/mef_client.h"
#include "tests/support/mef_process.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

namespace enrolment = security::enrolment;
using security::mef::BootstrapPsk;
using security::mef::MafMessage;
using security::mef::MefClientOptions;
namespace shapes = security::mef::maf_shapes;

constexpr const char* kMafFqdn = "maf.citadel.test";
const std::string kSourceId = "//citadel.example.com/id-in/Csource";
const std::string kTargetId = "//citadel.example.com/id-mn";
const std::string kOtherId = "//citadel.example.com/id-in/Cother";
const std::string kKmSource = "1111111111111111111111111111111111111111111111111111111111111111";
const std::string kKmTarget = "2222222222222222222222222222222222222222222222222222222222222222";
const std::string kKmOther = "3333333333333333333333333333333333333333333333333333333333333333";

void writeMafFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  chmod(path.c_str(), 0600);
}

class MafTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writeMafFile(dir_.file("km"), "source@" + std::string(kMafFqdn) + " " + kKmSource + " " +
                                      kSourceId + "\nTarget@" + kMafFqdn + " " + kKmTarget + " " +
                                      kTargetId + "\nother@" + kMafFqdn + " " + kKmOther + " " +
                                      kOtherId + "\n");
    // The clients' own files: one 'KmID hexKm' line (the relative part in any case, §10.6).
    writeMafFile(dir_.file("source.km"), "source@" + std::string(kMafFqdn) + " " + kKmSource);
    writeMafFile(dir_.file("target.km"), "TARGET@" + std::string(kMafFqdn) + " " + kKmTarget);
  }

  std::vector<std::string> mafArgs(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {std::string("--fqdn=") + kMafFqdn,
                                     "--admin-fqdn=citadel.example.com",
                                     "--km-file=" + dir_.file("km"),
                                     "--data-dir=" + dir_.file("db")};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  MefClientOptions client(const std::string& relative, const std::string& hex_km, int tls = 0) {
    MefClientOptions options;
    options.port = maf_->port();
    options.mef_fqdn = kMafFqdn;
    options.peer_name = "MAF";
    options.psk = BootstrapPsk{relative + "@" + kMafFqdn, enrolment::fromHex(hex_km).value()};
    options.max_tls_version = tls;
    return options;
  }

  std::string cli(const std::string& arguments, int* status) {
    return runShell(MefProcess::mafClientBinary() + " " + arguments +
                        " --maf=127.0.0.1:" + std::to_string(maf_->port()) +
                        " --maf-fqdn=" + kMafFqdn,
                    status);
  }

  MafMessage keyRequest(const std::string& target) {
    MafMessage request;
    request.maf_fqdn = kMafFqdn;
    request.admin_fqdn = "citadel.example.com";
    request.suid = 32;
    request.target_ids = std::vector<std::string>{target};
    request.expiration_time = std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count() +
                              600;
    return request;
  }

  void registerSource() {
    int status = -1;
    std::string out = cli("register --km-file=" + dir_.file("source.km") +
                              " --admin-fqdn=citadel.example.com --lifetime=600",
                          &status);
    ASSERT_EQ(status, 0) << out;
    ASSERT_NE(out.find("mafClientID " + kSourceId), std::string::npos) << out;
  }

  TempDir dir_;
  std::unique_ptr<MefProcess> maf_;
};

TEST_F(MafTest, TheTargetRetrievesTheKeyTheSourceExportedAndNobodyElseDoes) {
  maf_ = MefProcess::maf(mafArgs());
  ASSERT_NE(maf_->port(), 0);
  registerSource();
  for (int tls : {0, TLS1_2_VERSION}) {
    auto registered = security::mef::registerKey(client("source", kKmSource, tls),
                                                 keyRequest(kTargetId));
    ASSERT_TRUE(registered.isOk()) << registered.status().dbg();
    // The library compared the MAF's RelativeKeyID with its own export's KcID already.
    const std::string& key_id = registered.value().key_id;
    EXPECT_EQ(key_id.substr(32), std::string("@") + kMafFqdn);
    ASSERT_EQ(registered.value().key.size(), 32u);

    // The target, by the CLI with its KmID written in another case.
    int status = -1;
    std::string out = cli("retrieve-key --km-file=" + dir_.file("target.km") + " --key-id=" +
                              key_id + " --show-key",
                          &status);
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("key " + enrolment::toHex(registered.value().key)), std::string::npos)
        << out;
    EXPECT_NE(out.find("sourceMafClientID " + kSourceId), std::string::npos) << out;
    EXPECT_NE(out.find("suid 32"), std::string::npos) << out;
    // The first half is the single key of TLS-PSK and ESPrim (§8.8.1).
    EXPECT_EQ(security::mef::singleKeyOf(registered.value().key),
              registered.value().key.substr(0, 16));

    // Neither the source nor another client retrieves it: one and the same refusal.
    auto by_source = security::mef::retrieveKey(client("source", kKmSource),
                                                key_id.substr(0, 32));
    auto by_other = security::mef::retrieveKey(client("other", kKmOther), key_id.substr(0, 32));
    auto unknown = security::mef::retrieveKey(client("other", kKmOther), std::string(32, '0'));
    ASSERT_FALSE(by_source.isOk());
    ASSERT_FALSE(by_other.isOk());
    EXPECT_EQ(by_other.status().dbg(), unknown.status().dbg());
    EXPECT_EQ(by_source.status().dbg(), unknown.status().dbg());
  }
}

TEST_F(MafTest, AWrongKmOrAnUnknownKmIdFailsTheHandshake) {
  maf_ = MefProcess::maf(mafArgs());
  ASSERT_NE(maf_->port(), 0);
  // Another client's Km under our KmID; a KmID the MAF does not know.
  for (const MefClientOptions& options : {client("source", kKmTarget),
                                          client("nobody", kKmSource)}) {
    auto refused = security::mef::retrieveKey(options, std::string(32, '0'));
    ASSERT_FALSE(refused.isOk());
    EXPECT_EQ(refused.status().reason(), "mef.handshake_refused") << refused.status().dbg();
  }
  // The right pair reaches the procedure (and is told there is no such key).
  auto answered = security::mef::retrieveKey(client("source", kKmSource), std::string(32, '0'));
  EXPECT_EQ(answered.status().reason(), "mef.refused") << answered.status().dbg();
}

TEST_F(MafTest, RegistrationsAndKeysSurviveAKill9) {
  maf_ = MefProcess::maf(mafArgs());
  ASSERT_NE(maf_->port(), 0);
  registerSource();
  auto registered =
      security::mef::registerKey(client("source", kKmSource), keyRequest(kTargetId));
  ASSERT_TRUE(registered.isOk()) << registered.status().dbg();
  maf_->kill9();
  ASSERT_TRUE(maf_->start());
  auto retrieved = security::mef::retrieveKey(client("Target", kKmTarget),
                                              registered.value().answer.relative_key_id.value());
  ASSERT_TRUE(retrieved.isOk()) << retrieved.status().dbg();
  EXPECT_EQ(retrieved.value().key_value, registered.value().key);
  // The registration too: a second one with the same stakeholder is a conflict.
  int status = -1;
  std::string again = cli("register --km-file=" + dir_.file("source.km") +
                              " --admin-fqdn=citadel.example.com --lifetime=600",
                          &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(again.find("409"), std::string::npos) << again;
  // De-registered, the key is gone for good.
  status = -1;
  std::string ended = cli("deregister-key --km-file=" + dir_.file("source.km") + " --key-id=" +
                              registered.value().key_id,
                          &status);
  ASSERT_EQ(status, 0) << ended;
  maf_->kill9();
  ASSERT_TRUE(maf_->start());
  EXPECT_FALSE(security::mef::retrieveKey(client("Target", kKmTarget),
                                          registered.value().answer.relative_key_id.value())
                   .isOk());
}

TEST_F(MafTest, HostileBodiesOverTheWireGet400AndLeaveNothing) {
  maf_ = MefProcess::maf(mafArgs());
  ASSERT_NE(maf_->port(), 0);
  registerSource();
  const std::string valid =
      security::mef::formatMafMessage(keyRequest(kTargetId), false);
  const std::string bodies[] = {
      "",
      "null",
      "[" + valid + "]",
      std::string(15000, '['),
      "{\"mafFQDN\":\"" + std::string(15000, 'm') + "\"}",
      valid.substr(0, valid.size() - 1) + ",\"keyValue\":\"" + std::string(64, 'g') + "\"}",
      valid.substr(0, valid.size() - 1) + ",\"suid\":1e400}",
      valid.substr(0, valid.size() - 1) + ",\"targetIDs\":[{\"$ne\":null}]}",
      valid.substr(0, valid.size() - 1) + ",\"targetIDs\":[\"//x/y\\u0000z\"]}",
      "{\"mafFQDN\":\"" + std::string(kMafFqdn) + "\",\"relativeKeyID\":\"../../etc\"}",
  };
  for (const std::string& body : bodies) {
    auto answer = security::mef::requestInSession(
        client("source", kKmSource), "POST", "/maf/keyRegistration", "application/json",
        [&](SSL*) -> model::Result<std::string> { return body; });
    ASSERT_FALSE(answer.isOk()) << body.substr(0, 80);
    EXPECT_NE(answer.status().dbg().find("answered 400"), std::string::npos)
        << answer.status().dbg() << " for " << body.substr(0, 80);
  }
  // Nothing was registered: the source still registers a key, and the MAF is alive.
  auto registered =
      security::mef::registerKey(client("source", kKmSource), keyRequest(kTargetId));
  EXPECT_TRUE(registered.isOk()) << registered.status().dbg();
}

TEST_F(MafTest, ACertificateClientIsItsCertificatesUri) {
  int status = -1;
  std::string out = runShell(
      "sh -c \"cd " + dir_.path() +
          " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
          "-keyout ca.key -out ca.pem -subj '/CN=MAF CA' -days 2 -addext "
          "basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign && "
          "echo subjectAltName=DNS:" + std::string(kMafFqdn) + " > maf.ext && "
          "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout maf.key "
          "-out maf.csr -subj '/CN=maf' && openssl x509 -req -in maf.csr -CA ca.pem -CAkey "
          "ca.key -CAcreateserial -days 2 -out maf.pem -extfile maf.ext && "
          "echo subjectAltName=URI:" + kOtherId + " > client.ext && "
          "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout c.key "
          "-out c.csr -subj '/CN=client' && openssl x509 -req -in c.csr -CA ca.pem -CAkey "
          "ca.key -CAcreateserial -days 2 -out c.pem -extfile client.ext && "
          "chmod 600 maf.key c.key\"",
      &status);
  ASSERT_EQ(status, 0) << out;
  maf_ = MefProcess::maf(mafArgs({"--tls.certificate=" + dir_.file("maf.pem"),
                                  "--tls.privateKey=" + dir_.file("maf.key"),
                                  "--tls.caFile=" + dir_.file("ca.pem")}));
  ASSERT_NE(maf_->port(), 0);
  registerSource();
  auto registered = security::mef::registerKey(client("source", kKmSource), keyRequest(kOtherId));
  ASSERT_TRUE(registered.isOk()) << registered.status().dbg();
  // The target authenticates with its certificate (URI = kOtherId), by the CLI.
  out = cli("retrieve-key --auth-cert=" + dir_.file("c.pem") + " --auth-key=" +
                dir_.file("c.key") + " --maf-ca=" + dir_.file("ca.pem") + " --key-id=" +
                registered.value().key_id + " --show-key",
            &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("key " + enrolment::toHex(registered.value().key)), std::string::npos)
      << out;
}

TEST_F(MafTest, AKeyTheMefProvisionedBecomesAKmUnderTheKmIdTheMafAssigns) {
  // The MEF: an Enrolee bound to its Absolute AE-ID, and the MAF as an Enrolment Target.
  const std::string maf_credential =
      "6666666666666666666666666666666666666666666666666666666666666666";
  writeMafFile(dir_.file("mef.psk"), "sensor-1 " + kKpm + " //citadel.example.com/id-in/Csensor\n");
  writeMafFile(dir_.file("targets.psk"),
               "maf-cred " + maf_credential + " " + std::string(kMafFqdn) + "\n");
  writeMafFile(dir_.file("maf.credential"), "maf-cred " + maf_credential + "\n");
  MefProcess mef({"--fqdn=mef.citadel.test", "--psk-file=" + dir_.file("mef.psk"),
                  "--target-psk-file=" + dir_.file("targets.psk"),
                  "--data-dir=" + dir_.file("mef-db")});
  ASSERT_NE(mef.port(), 0);
  maf_ = MefProcess::maf(mafArgs({"--mef=127.0.0.1:" + std::to_string(mef.port()),
                                  "--mef-fqdn=mef.citadel.test",
                                  "--mef-credential=" + dir_.file("maf.credential")}));
  ASSERT_NE(maf_->port(), 0);
  // The Enrolee bootstraps a key for the MAF (SUID 21, §8.8.2.3).
  MefClientOptions enrolee;
  enrolee.port = mef.port();
  enrolee.mef_fqdn = "mef.citadel.test";
  enrolee.psk = BootstrapPsk{"sensor-1", enrolment::fromHex(kKpm).value()};
  auto boot = security::mef::bootstrap(enrolee, {kMafFqdn, 21});
  ASSERT_TRUE(boot.isOk()) << boot.status().dbg();
  const std::string key_id = boot.value().answer.enrolment.key_id;
  writeMafFile(dir_.file("keid.km"), key_id + " " + enrolment::toHex(boot.value().key) + "\n");

  // With the KeID: registration only, which assigns the KmID (saved for later runs).
  int status = -1;
  std::string out = cli("register --km-file=" + dir_.file("keid.km") +
                            " --admin-fqdn=citadel.example.com --lifetime=600 --save-km=" +
                            dir_.file("assigned.km"),
                        &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("mafClientID //citadel.example.com/id-in/Csensor"), std::string::npos)
      << out;
  ASSERT_NE(out.find("assignedSymmKeyID km-"), std::string::npos) << out;
  size_t reg_at = out.find("mafClientRegID ");
  ASSERT_NE(reg_at, std::string::npos) << out;
  const std::string reg_id = out.substr(reg_at + 15, 32);
  struct stat mode {};
  ASSERT_EQ(stat(dir_.file("assigned.km").c_str(), &mode), 0);
  EXPECT_EQ(mode.st_mode & 0777, 0600u);
  out = cli("register-key --km-file=" + dir_.file("keid.km") +
                " --admin-fqdn=citadel.example.com --suid=32 --targets=" + kTargetId +
                " --lifetime=60",
            &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("403"), std::string::npos) << out;
  // With the assigned KmID (and the same key): the source's own procedures.
  out = cli("register-key --km-file=" + dir_.file("assigned.km") +
                " --admin-fqdn=citadel.example.com --suid=32 --targets=" + kTargetId +
                " --lifetime=60",
            &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("sourceMafClientID //citadel.example.com/id-in/Csensor"), std::string::npos)
      << out;
  // De-registered, the assigned KmID no longer opens a MAF Handshake.
  out = cli("deregister --km-file=" + dir_.file("assigned.km") + " --reg-id=" + reg_id, &status);
  ASSERT_EQ(status, 0) << out;
  out = cli("register --km-file=" + dir_.file("assigned.km") +
                " --admin-fqdn=citadel.example.com --lifetime=600",
            &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("refused the handshake"), std::string::npos) << out;
}

}  // namespace
}  // namespace citadel::testing
