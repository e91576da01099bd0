// ESCertKE (TS-0003 §8.7) between the Initiating End-Point (an AE, EscertkeInitiator) and the
// CSE as Terminating End-Point (EscertkeTerminator), in process with the test PKI: both export
// the same pairwiseE2EKey and ID, the CSE keeps it for the originator its certificate names,
// and every way the procedure can go wrong keeps nothing.
#include <gtest/gtest.h>

#include "security/escertke/escertke_initiator.h"
#include "security/escertke/escertke_terminator.h"
#include "tests/support/in_process_cse.h"
#include "tests/support/shell.h"
#include "tests/support/temp_dir.h"

namespace citadel::security::escertke {
namespace {

using testing::FakeClock;

class EscertkeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new testing::TempDir();
    other_pki_ = new testing::TempDir();
    ASSERT_EQ(testing::makeTestPki(pki_->path(), "Cdora Cemil"), "");
    ASSERT_EQ(testing::makeTestPki(other_pki_->path(), "Cdora"), "");  // another CA
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete other_pki_;
  }

  static EscertkeCredentials credentialsOf(const testing::TempDir& pki, const std::string& name) {
    return {pki.file(name + ".pem"), pki.file(name + ".key"), pki.file("ca.pem")};
  }
  std::unique_ptr<EscertkeTerminator> terminator(EscertkeSettings settings = {}) {
    auto made = EscertkeTerminator::make(credentialsOf(*pki_, "cse"), identity_, clock_, keys_,
                                         settings);
    EXPECT_TRUE(made.isOk()) << made.status().dbg();
    return made.isOk() ? std::move(made).value() : nullptr;
  }
  EscertkeInitiator initiator(const EscertkeCredentials& credentials,
                              const std::string& cse = "//citadel.example.com/id-in") {
    auto made = EscertkeInitiator::make(credentials, cse);
    EXPECT_TRUE(made.isOk()) << made.status().dbg();
    return std::move(made).value();
  }

  // Runs the four messages; the initiator's result, or the first refusal.
  model::Result<E2EKey> run(EscertkeTerminator& cse, EscertkeInitiator& ae,
                            const std::string& originator) {
    CITADEL_ASSIGN_OR_RETURN(std::string m1, ae.message1());
    CITADEL_ASSIGN_OR_RETURN(std::string m2, cse.step(originator, m1));
    CITADEL_ASSIGN_OR_RETURN(std::string m3, ae.message3(m2));
    CITADEL_ASSIGN_OR_RETURN(std::string m4, cse.step(originator, m3));
    return ae.finish(m4);
  }

  static testing::TempDir* pki_;
  static testing::TempDir* other_pki_;
  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  FakeClock clock_;
  esprim::EstablishedKeyStore keys_{16, 2};
};

testing::TempDir* EscertkeTest::pki_ = nullptr;
testing::TempDir* EscertkeTest::other_pki_ = nullptr;

TEST_F(EscertkeTest, BothEndPointsExportTheSameKeyAndTheCseKeepsItForTheOriginator) {
  auto cse = terminator();
  EscertkeInitiator ae = initiator(credentialsOf(*pki_, "Cdora"));
  auto key = run(*cse, ae, "Cdora");
  ASSERT_TRUE(key.isOk()) << key.status().dbg();
  EXPECT_EQ(key.value().key.size(), 32u);
  ASSERT_EQ(key.value().key_id.size(), 32u);  // 16 bytes, hex
  EXPECT_EQ(key.value().key_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto kept = keys_.find(key.value().key_id, clock_.now());
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->key, key.value().key);
  EXPECT_EQ(kept->originator, "Cdora");
  EXPECT_EQ(cse->pending(), 0u);
  // Its lifetime is esprim.certKeLifetime.
  clock_.advance(std::chrono::hours(24));
  EXPECT_FALSE(keys_.find(key.value().key_id, clock_.now()));
}

TEST_F(EscertkeTest, TwoRunsGiveTwoDifferentKeys) {
  auto cse = terminator();
  EscertkeInitiator first = initiator(credentialsOf(*pki_, "Cdora"));
  EscertkeInitiator second = initiator(credentialsOf(*pki_, "Cdora"));
  auto a = run(*cse, first, "Cdora");
  auto b = run(*cse, second, "Cdora");
  ASSERT_TRUE(a.isOk() && b.isOk());
  EXPECT_NE(a.value().key, b.value().key);
  EXPECT_NE(a.value().key_id, b.value().key_id);
  EXPECT_EQ(keys_.size(), 2u);
}

// TS-0001 §11.4.3 C.1a: the key belongs to the originator of the NOTIFYs, which the
// certificate must name: Emil's certificate in NOTIFYs from Dora is refused.
TEST_F(EscertkeTest, ACertificateOfAnotherOriginatorIsRefusedAndNothingIsKept) {
  auto cse = terminator();
  EscertkeInitiator ae = initiator(credentialsOf(*pki_, "Cemil"));
  auto key = run(*cse, ae, "Cdora");
  ASSERT_FALSE(key.isOk());
  EXPECT_EQ(key.status().rsc(), model::Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(key.status().reason(), "escertke.identity");
  EXPECT_EQ(keys_.size(), 0u);
}

TEST_F(EscertkeTest, ACertificateOfAnotherAuthorityFailsTheHandshake) {
  auto cse = terminator();
  // Dora's certificate from another CA, which trusts only its own CA for the CSE too.
  EscertkeCredentials foreign = credentialsOf(*other_pki_, "Cdora");
  foreign.ca_file = pki_->file("ca.pem");
  EscertkeInitiator ae = initiator(foreign);
  auto key = run(*cse, ae, "Cdora");
  ASSERT_FALSE(key.isOk());
  EXPECT_EQ(key.status().rsc(), model::Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(key.status().reason(), "escertke.handshake_failed");
  EXPECT_EQ(keys_.size(), 0u);
  EXPECT_EQ(cse->pending(), 0u);
}

TEST_F(EscertkeTest, TheInitiatorChecksWhichCseItTalksTo) {
  auto cse = terminator();
  EscertkeInitiator ae = initiator(credentialsOf(*pki_, "Cdora"), "//citadel.example.com/id-mn");
  auto key = run(*cse, ae, "Cdora");
  ASSERT_FALSE(key.isOk());
  EXPECT_EQ(key.status().reason(), "escertke.identity");
}

TEST_F(EscertkeTest, MessageThreeNeedsAPendingHandshakeOfTheSameOriginator) {
  auto cse = terminator();
  EscertkeInitiator ae = initiator(credentialsOf(*pki_, "Cdora"));
  auto m1 = ae.message1();
  ASSERT_TRUE(m1.isOk());
  auto m2 = cse->step("Cdora", m1.value());
  ASSERT_TRUE(m2.isOk()) << m2.status().dbg();
  auto m3 = ae.message3(m2.value());
  ASSERT_TRUE(m3.isOk());
  // Emil cannot finish Dora's handshake.
  auto stolen = cse->step("Cemil", m3.value());
  ASSERT_FALSE(stolen.isOk());
  EXPECT_EQ(stolen.status().reason(), "escertke.not_pending");
  // After the pending lifetime, neither can Dora.
  clock_.advance(std::chrono::seconds(31));
  auto late = cse->step("Cdora", m3.value());
  ASSERT_FALSE(late.isOk());
  EXPECT_EQ(late.status().reason(), "escertke.not_pending");
  EXPECT_EQ(keys_.size(), 0u);
}

TEST_F(EscertkeTest, HostileMessagesAreRefusedWithoutACrash) {
  auto cse = terminator();
  for (const std::string& junk :
       {std::string("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10),  // a truncated ClientHello
        std::string("\x16\x03\x03\xff\xff\x01", 6),                    // a record past its bytes
        std::string(200, '\0'), std::string("GET / HTTP/1.1\r\n\r\n"),
        std::string(kMaxMessageBytes + 1, '\x16')}) {
    auto answer = cse->step("Cdora", junk);
    if (answer.isOk()) {
      // A ClientHello cut short waits for the rest; the CSE sends nothing yet.
      EXPECT_TRUE(answer.value().empty());
    } else {
      EXPECT_TRUE(answer.status().rsc() == model::Rsc::kBadRequest ||
                  answer.status().rsc() == model::Rsc::kOriginatorNotAuthenticated)
          << answer.status().dbg();
    }
  }
  EXPECT_EQ(keys_.size(), 0u);
  EXPECT_LE(cse->pending(), 1u);
}

TEST_F(EscertkeTest, PendingHandshakesAreBounded) {
  EscertkeSettings settings;
  settings.max_pending = 3;
  auto cse = terminator(settings);
  EscertkeInitiator ae = initiator(credentialsOf(*pki_, "Cdora"));
  auto m1 = ae.message1();
  ASSERT_TRUE(m1.isOk());
  for (int i = 0; i < 10; ++i) {
    clock_.advance(std::chrono::milliseconds(10));
    ASSERT_TRUE(cse->step("Cflood" + std::to_string(i), m1.value()).isOk());
  }
  EXPECT_EQ(cse->pending(), 3u);
}

TEST_F(EscertkeTest, CredentialsThatCannotBeLoadedAreNamedNotShown) {
  auto made = EscertkeInitiator::make({"/nonexistent.pem", pki_->file("Cdora.key"),
                                       pki_->file("ca.pem")},
                                      "//citadel.example.com/id-in");
  ASSERT_FALSE(made.isOk());
  EXPECT_EQ(made.status().reason(), "escertke.credentials");
  EXPECT_NE(made.status().dbg().find("/nonexistent.pem"), std::string::npos);
  // A key that is not the certificate's.
  auto mismatched = EscertkeInitiator::make({pki_->file("Cdora.pem"), pki_->file("Cemil.key"),
                                             pki_->file("ca.pem")},
                                            "//citadel.example.com/id-in");
  ASSERT_FALSE(mismatched.isOk());
  EXPECT_EQ(mismatched.status().reason(), "escertke.credentials");
}

TEST(EscertkeContentTest, TheNotifyContentRoundTripsAndIsCheckedStrictly) {
  std::string message("\x16\x03\x03\x00\x01\x01", 6);
  model::Json content = escertkeContent(message);
  EXPECT_EQ(content["m2m:seci"]["sit"], 6);
  EXPECT_EQ(content["m2m:seci"]["eckm"], "FgMDAAEB");
  auto back = escertkeMessageOf(content);
  ASSERT_TRUE(back.isOk());
  EXPECT_EQ(back.value(), message);
  for (const char* bad : {R"({"m2m:seci":{"sit":6}})", R"({"m2m:seci":{"sit":5,"eckm":"AA=="}})",
                          R"({"m2m:seci":{"sit":6,"eckm":"not base64!"}})",
                          R"({"m2m:seci":{"sit":6,"eckm":""}})",
                          R"({"m2m:seci":{"sit":6,"eckm":"AA==","x":1}})",
                          R"({"m2m:seci":{"sit":"6","eckm":"AA=="}})", R"({"m2m:sgn":{}})",
                          R"([1])"}) {
    auto parsed = escertkeMessageOf(model::Json::parse(bad));
    ASSERT_FALSE(parsed.isOk()) << bad;
    EXPECT_EQ(parsed.status().reason(), "escertke.bad_seci") << bad;
  }
}

}  // namespace
}  // namespace citadel::security::escertke
