#include "tools/mef/mef_service.h"

#include <gtest/gtest.h>

#include "security/enrolment/enrolment_keys.h"
#include "storage/memory_store.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

class FixedClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return model::TimePoint(std::chrono::seconds(1000)); }
};

class MefServiceTest : public ::testing::Test {
 protected:
  BootstrapSession session(char fill) {
    auto key = enrolment::splitExportedKey(std::string(48, fill));
    return {"sensor-1", key.value()};
  }
  HttpMessage post(const std::string& body) { return {"POST", "/bootstrap", {}, body}; }

  storage::MemoryStore store_;
  IssuedKeys issued_{store_};
  FixedClock clock_;
  MefCredentials credentials_;
  MefService service_{issued_, clock_, {"mef.example.com", std::chrono::seconds(3600)},
                      credentials_};
};

TEST_F(MefServiceTest, IssuesKeyIdWithConfirmationsAndRecordsIt) {
  BootstrapSession s = session('\x01');
  HttpReply reply = service_.handle(post("{\"target\":\"cse1.example.com\",\"suid\":22}"), s);
  ASSERT_EQ(reply.code, 200) << reply.body;
  auto answer = parseBootstrapAnswer(reply.body);
  ASSERT_TRUE(answer.isOk()) << answer.status().dbg();
  const Enrolment& e = answer.value().enrolment;
  EXPECT_EQ(e.key_id, "01010101010101010101010101010101@mef.example.com");
  EXPECT_EQ(e.issued, 1000);
  EXPECT_EQ(e.expires, 4600);
  EXPECT_EQ(e.ke_confirmation, enrolment::toHex(enrolment::keyConfirmation(s.key.ke, e.key_id)));
  auto key = enrolment::deriveUsageConstrainedKey(s.key.ke, 22, "cse1.example.com");
  EXPECT_EQ(answer.value().key_confirmation,
            enrolment::toHex(enrolment::keyConfirmation(key.value(), e.key_id)));
  // Neither key travels in the answer.
  EXPECT_EQ(reply.body.find(enrolment::toHex(s.key.ke)), std::string::npos);
  EXPECT_EQ(reply.body.find(enrolment::toHex(key.value())), std::string::npos);

  auto stored = issued_.find(e.key_id);
  ASSERT_TRUE(stored.isOk());
  ASSERT_TRUE(stored.value());
  EXPECT_EQ(stored.value()->ke, s.key.ke);
  EXPECT_EQ(stored.value()->kpm_id, "sensor-1");
  EXPECT_EQ(stored.value()->enrolment.target, "cse1.example.com");
}

TEST_F(MefServiceTest, ListsOnlyTheEnroleesOwnEnrolments) {
  ASSERT_EQ(service_.handle(post("{\"target\":\"a.example\",\"suid\":22}"), session(1)).code, 200);
  ASSERT_EQ(service_.handle(post("{\"target\":\"b.example\",\"suid\":23}"), session(2)).code, 200);
  BootstrapSession other = session(3);
  other.kpm_id = "sensor-1/x";  // a prefix-sharing identity must not see sensor-1's keys
  ASSERT_EQ(service_.handle(post("{\"target\":\"c.example\",\"suid\":22}"), other).code, 200);
  HttpReply reply = service_.handle({"GET", "/enrolments", {}, ""}, session(9));
  ASSERT_EQ(reply.code, 200);
  auto listed = parseEnrolmentList(reply.body);
  ASSERT_TRUE(listed.isOk());
  ASSERT_EQ(listed.value().size(), 2u);
  EXPECT_EQ(listed.value()[0].target, "a.example");
  EXPECT_EQ(listed.value()[1].target, "b.example");
}

TEST_F(MefServiceTest, RefusesBadRequestsWithoutRecording) {
  EXPECT_EQ(service_.handle(post("{\"target\":\"cse1\",\"suid\":99}"), session(1)).code, 400);
  EXPECT_EQ(service_.handle(post("{\"target\":\"c\xc3\xa9\",\"suid\":22}"), session(1)).code,
            400);
  EXPECT_EQ(service_.handle(post("nonsense"), session(1)).code, 400);
  EXPECT_EQ(service_.handle({"GET", "/bootstrap", {}, ""}, session(1)).code, 405);
  EXPECT_EQ(service_.handle({"POST", "/enrolments", {}, ""}, session(1)).code, 405);
  EXPECT_EQ(service_.handle({"GET", "/fetchCredentials/x/22", {}, ""}, session(1)).code, 404);
  auto listed = issued_.listFor("sensor-1", 10);
  ASSERT_TRUE(listed.isOk());
  EXPECT_TRUE(listed.value().empty());
}

TEST_F(MefServiceTest, RefusesReusedKeyId) {
  ASSERT_EQ(service_.handle(post("{\"target\":\"a.example\",\"suid\":22}"), session(1)).code, 200);
  HttpReply again = service_.handle(post("{\"target\":\"b.example\",\"suid\":22}"), session(1));
  EXPECT_EQ(again.code, 409) << again.body;
}

TEST(MefCredentialsTest, NoPskIdentityMayPassForACertificateSession) {
  const std::string key = std::string(64, 'a');
  for (bool as_target : {false, true}) {
    MefCredentials credentials;
    auto psks = BootstrapPsks::parse("cert://sp/id-in/Cx " + key + " t.example\n", "test");
    ASSERT_TRUE(psks.isOk()) << psks.status().dbg();
    (as_target ? credentials.targets : credentials.enrolees) = std::move(psks).value();
    model::Status checked = credentials.check();
    EXPECT_EQ(checked.reason(), "mef.psk_file") << checked.dbg();
  }
}

TEST_F(MefServiceTest, ACertificateSessionIsEntitledToItsCertificatesIdentity) {
  BootstrapSession by_certificate = session('c');
  by_certificate.certificate_uri = "//sp.example/id-in/Ccert";
  by_certificate.kpm_id = std::string(kCertificateSessionPrefix) + by_certificate.certificate_uri;
  HttpReply reply = service_.handle(post(R"({"target":"cse1.example","suid":22})"),
                                    by_certificate);
  ASSERT_EQ(reply.code, 200) << reply.body;
  EXPECT_NE(reply.body.find("\"enroleeId\":\"//sp.example/id-in/Ccert\""), std::string::npos)
      << reply.body;
}

}  // namespace
}  // namespace citadel::tools::mef
