// The real citadel-mef on a loopback port, bootstrapped from the Enrolee library
// (security/mef_client/mef_client.h) and the citadel-mef-client CLI: TLS-PSK handshake, both ends export
// Ke/KeID with EXPORTER-oneM2M-Bootstrap (TS-0003 §10.3.1) and compare key IDs and
// key-confirmation values (never keys); a wrong bootstrap key is refused; issued keys survive a
// kill -9 and restart (issue 17).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <fstream>

#include "security/enrolment/enrolment_keys.h"
#include "tests/support/child_process.h"
#include "tests/support/mef_process.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"
#include "security/mef_client/mef_client.h"

namespace citadel::testing {
namespace {

namespace enrolment = security::enrolment;
using security::mef::BootstrapOutcome;
using security::mef::BootstrapPsk;
using security::mef::MefClientOptions;

constexpr const char* kFqdn = "mef.citadel.test";
const std::string kWrongKpm = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class MefBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writeOwnerOnly(dir_.file("mef.psk"), "sensor-1 " + kKpm + "\nsensor-2 " + kKpm + "\n");
  }

  static void writeOwnerOnly(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
    chmod(path.c_str(), 0600);
  }

  std::vector<std::string> mefArgs() {
    return {std::string("--fqdn=") + kFqdn, "--psk-file=" + dir_.file("mef.psk"),
            "--data-dir=" + dir_.file("db")};
  }

  MefClientOptions client(const std::string& identity, const std::string& hex_key, int tls = 0) {
    MefClientOptions options;
    options.port = mef_->port();
    options.mef_fqdn = kFqdn;
    options.psk = BootstrapPsk{identity, enrolment::fromHex(hex_key).value()};
    options.max_tls_version = tls;
    return options;
  }

  TempDir dir_;
  std::unique_ptr<MefProcess> mef_;
};

TEST_F(MefBootstrapTest, BothEndsDeriveTheSameKeOverTls13AndTls12) {
  mef_ = std::make_unique<MefProcess>(mefArgs());
  ASSERT_NE(mef_->port(), 0);
  for (int tls : {0, TLS1_2_VERSION}) {
    auto outcome = security::mef::bootstrap(client("sensor-1", kKpm, tls), {"cse1.citadel.test", 22});
    ASSERT_TRUE(outcome.isOk()) << outcome.status().dbg();
    const BootstrapOutcome& done = outcome.value();
    EXPECT_EQ(done.tls_version, tls == 0 ? "TLSv1.3" : "TLSv1.2");
    const auto& e = done.answer.enrolment;
    // KeID = 32 hex digits "@" MEF-FQDN; the client library already refused a KeID that
    // differs from its own export, the check here is the format.
    ASSERT_EQ(e.key_id.size(), 32 + 1 + std::string(kFqdn).size());
    EXPECT_EQ(e.key_id.substr(32), std::string("@") + kFqdn);
    // The MEF's confirmation of Ke equals the one computed from the Ke this end exported.
    EXPECT_EQ(e.ke_confirmation, enrolment::toHex(enrolment::keyConfirmation(done.ke, e.key_id)));
    auto key = enrolment::deriveUsageConstrainedKey(done.ke, 22, "cse1.citadel.test");
    EXPECT_EQ(done.answer.key_confirmation,
              enrolment::toHex(enrolment::keyConfirmation(key.value(), e.key_id)));
    EXPECT_EQ(e.expires - e.issued, 30 * 86400);
  }
}

TEST_F(MefBootstrapTest, RefusesHandshakeWithWrongKeyOrUnknownIdentity) {
  mef_ = std::make_unique<MefProcess>(mefArgs());
  ASSERT_NE(mef_->port(), 0);
  for (int tls : {0, TLS1_2_VERSION}) {
    auto wrong = security::mef::bootstrap(client("sensor-1", kWrongKpm, tls), {"cse1.citadel.test", 22});
    ASSERT_FALSE(wrong.isOk());
    EXPECT_EQ(wrong.status().reason(), "mef.handshake_refused");
    auto unknown = security::mef::bootstrap(client("sensor-9", kKpm, tls), {"cse1.citadel.test", 22});
    ASSERT_FALSE(unknown.isOk());
    EXPECT_EQ(unknown.status().reason(), "mef.handshake_refused");
  }
  // Nothing was issued, and the MEF still serves the right key.
  auto listed = security::mef::listEnrolments(client("sensor-1", kKpm));
  ASSERT_TRUE(listed.isOk()) << listed.status().dbg();
  EXPECT_TRUE(listed.value().empty());
}

TEST_F(MefBootstrapTest, IssuedKeysSurviveKill9AndRestart) {
  mef_ = std::make_unique<MefProcess>(mefArgs());
  ASSERT_NE(mef_->port(), 0);
  auto first = security::mef::bootstrap(client("sensor-1", kKpm), {"cse1.citadel.test", 22});
  ASSERT_TRUE(first.isOk()) << first.status().dbg();
  auto other = security::mef::bootstrap(client("sensor-2", kKpm), {"cse1.citadel.test", 23});
  ASSERT_TRUE(other.isOk()) << other.status().dbg();
  std::string key_id = first.value().answer.enrolment.key_id;
  std::string expected_confirmation =
      enrolment::toHex(enrolment::keyConfirmation(first.value().ke, key_id));

  mef_->kill9();
  ASSERT_TRUE(mef_->start());
  auto listed = security::mef::listEnrolments(client("sensor-1", kKpm));
  ASSERT_TRUE(listed.isOk()) << listed.status().dbg();
  ASSERT_EQ(listed.value().size(), 1u);  // sensor-2's enrolment is not shown to sensor-1
  EXPECT_EQ(listed.value()[0].key_id, key_id);
  EXPECT_EQ(listed.value()[0].suid, 22);
  // The restarted MEF still holds the same Ke: its confirmation matches ours.
  EXPECT_EQ(listed.value()[0].ke_confirmation, expected_confirmation);

  // Every file under the data directory is owner-only.
  std::string modes = runShell("find " + dir_.file("db") + " -perm /077");
  EXPECT_EQ(modes, "");
}

TEST_F(MefBootstrapTest, SurvivesPlaintextAndSilentPeers) {
  mef_ = std::make_unique<MefProcess>(mefArgs());
  ASSERT_NE(mef_->port(), 0);
  for (const std::string& junk : {std::string("GET / HTTP/1.1\r\n\r\n"), std::string(70000, 'x'),
                                 std::string()}) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(mef_->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    if (!junk.empty()) {
      [[maybe_unused]] ssize_t sent = send(fd, junk.data(), junk.size(), MSG_NOSIGNAL);
    }
    close(fd);
  }
  auto outcome = security::mef::bootstrap(client("sensor-1", kKpm), {"cse1.citadel.test", 22});
  EXPECT_TRUE(outcome.isOk()) << outcome.status().dbg();
}

TEST_F(MefBootstrapTest, CliPrintsKeyIdAndTheKeyOnlyWhenAsked) {
  mef_ = std::make_unique<MefProcess>(mefArgs());
  ASSERT_NE(mef_->port(), 0);
  writeOwnerOnly(dir_.file("enrolee.psk"), "sensor-1 " + kKpm + "\n");
  std::string base = MefProcess::clientBinary() + " bootstrap --mef=127.0.0.1:" +
                     std::to_string(mef_->port()) + " --mef-fqdn=" + kFqdn +
                     " --psk-file=" + dir_.file("enrolee.psk") +
                     " --target=cse1.citadel.test --suid=22";
  int code = -1;
  std::string quiet = runShell(base, &code);
  EXPECT_EQ(code, 0) << quiet;
  EXPECT_NE(quiet.find("KeID "), std::string::npos) << quiet;
  EXPECT_NE(quiet.find(std::string("@") + kFqdn), std::string::npos) << quiet;
  EXPECT_EQ(quiet.find("\nkey "), std::string::npos) << quiet;
  std::string shown = runShell(base + " --show-key", &code);
  EXPECT_EQ(code, 0) << shown;
  EXPECT_NE(shown.find("\nkey "), std::string::npos) << shown;

  writeOwnerOnly(dir_.file("wrong.psk"), "sensor-1 " + kWrongKpm + "\n");
  std::string refused = runShell(MefProcess::clientBinary() + " list --mef=127.0.0.1:" +
                                     std::to_string(mef_->port()) +
                                     " --psk-file=" + dir_.file("wrong.psk"),
                                 &code);
  EXPECT_EQ(code, 1) << refused;
}

TEST_F(MefBootstrapTest, RefusesToStartWithAPskFileOpenToOthers) {
  chmod(dir_.file("mef.psk").c_str(), 0644);
  int code = -1;
  std::string said = runShell(MefProcess::binary() + " --port=0 --fqdn=" + kFqdn +
                                  " --psk-file=" + dir_.file("mef.psk") +
                                  " --data-dir=" + dir_.file("db"),
                              &code);
  EXPECT_EQ(code, 2) << said;
  EXPECT_NE(said.find("chmod 600"), std::string::npos) << said;
  EXPECT_EQ(said.find(kKpm), std::string::npos);
}

}  // namespace
}  // namespace citadel::testing
