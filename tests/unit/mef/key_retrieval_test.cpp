// The MEF's Enrolment Target key retrieval (TS-0003 §8.3.2.1 step f) on MefService: a target
// gets the usage-constrained key and the Enrolee-ID only for a KeID issued for it, with the SUID
// it was issued for, before it expires; every other fetch gets the same 404.
#include <gtest/gtest.h>

#include "security/enrolment/enrolment_keys.h"
#include "storage/memory_store.h"
#include "tools/mef/mef_service.h"

namespace citadel::tools::mef {
namespace {

namespace enrolment = security::enrolment;

class SettableClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return model::TimePoint(std::chrono::seconds(seconds)); }
  int64_t seconds = 1000;
};

const std::string kKey(32, 'k');

class KeyRetrievalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_.enrolees =
        BootstrapPsks::parse("sensor-1 " + enrolment::toHex(kKey) + " Csensor1\n" +
                                 "sensor-2 " + enrolment::toHex(kKey) + "\n",
                             "enrolees")
            .value();
    credentials_.targets =
        BootstrapPsks::parse("cse1-cred " + enrolment::toHex(kKey) + " cse1.example.com\n" +
                                 "cse2-cred " + enrolment::toHex(kKey) + " cse2.example.com\n",
                             "targets")
            .value();
    ASSERT_TRUE(credentials_.check().isOk());
  }

  BootstrapSession session(const std::string& identity, char fill) {
    return {identity, enrolment::splitExportedKey(std::string(48, fill)).value()};
  }
  // Bootstraps `enrolee` for `target`; the KeID.
  std::string issue(const std::string& enrolee, char fill, const std::string& target, int suid) {
    HttpReply reply = service_.handle(
        {"POST", "/bootstrap", {}, "{\"target\":\"" + target + "\",\"suid\":" +
                                       std::to_string(suid) + "}"},
        session(enrolee, fill));
    EXPECT_EQ(reply.code, 200) << reply.body;
    return parseBootstrapAnswer(reply.body).value().enrolment.key_id;
  }
  HttpReply fetch(const std::string& target_identity, const std::string& path,
                  const std::string& origin) {
    HttpMessage request{"GET", path, {}, ""};
    if (!origin.empty()) request.headers["x-m2m-origin"] = origin;
    return service_.handle(request, session(target_identity, '\x7f'));
  }

  storage::MemoryStore store_;
  IssuedKeys issued_{store_};
  SettableClock clock_;
  MefCredentials credentials_;
  MefService service_{issued_, clock_, {"mef.example.com", std::chrono::seconds(3600)},
                      credentials_};
};

TEST_F(KeyRetrievalTest, TheTargetGetsTheUsageConstrainedKeyAndTheEnroleeId) {
  std::string key_id = issue("sensor-1", '\x01', "cse1.example.com", 22);
  clock_.seconds = 1600;
  HttpReply reply = fetch("cse1-cred", "/fetchCredentials/" + key_id + "/22", "cse1.example.com");
  ASSERT_EQ(reply.code, 200) << reply.body;
  auto answer = parseFetchAnswer(reply.body);
  ASSERT_TRUE(answer.isOk()) << answer.status().dbg();
  std::string ke = std::string(48, '\x01').substr(16);
  EXPECT_EQ(answer.value().key, enrolment::deriveUsageConstrainedKey(ke, 22, "cse1.example.com").value());
  EXPECT_EQ(answer.value().enrolee_id, "Csensor1");
  EXPECT_EQ(answer.value().key_id, key_id);
  EXPECT_EQ(answer.value().suid, 22);
  EXPECT_EQ(answer.value().expires, 4600);
  EXPECT_EQ(answer.value().lifetime, 3000);
}

TEST_F(KeyRetrievalTest, EveryFetchWithoutAValidKeyForThisTargetGetsTheSame404) {
  std::string key_id = issue("sensor-1", '\x01', "cse1.example.com", 22);
  std::string unbound = issue("sensor-2", '\x02', "cse1.example.com", 22);  // no Enrolee-ID
  HttpReply unknown =
      fetch("cse1-cred", "/fetchCredentials/0123456789abcdef0123456789abcdef@mef.example.com/22",
            "cse1.example.com");
  EXPECT_EQ(unknown.code, 404);
  const HttpReply refused[] = {
      fetch("cse2-cred", "/fetchCredentials/" + key_id + "/22", "cse2.example.com"),  // other
      fetch("cse1-cred", "/fetchCredentials/" + key_id + "/23", "cse1.example.com"),  // SUID
      fetch("cse1-cred", "/fetchCredentials/" + unbound + "/22", "cse1.example.com"),
      fetch("cse1-cred", "/fetchCredentials/x@other.example/22", "cse1.example.com"),
  };
  for (const HttpReply& reply : refused) {
    EXPECT_EQ(reply.code, 404);
    EXPECT_EQ(reply.body, unknown.body);
  }
  clock_.seconds = 4600;  // the Enrolment Expiry
  EXPECT_EQ(fetch("cse1-cred", "/fetchCredentials/" + key_id + "/22", "cse1.example.com").body,
            unknown.body);
}

TEST_F(KeyRetrievalTest, AnAdministratorRevokesAKeyAndItIsFetchedNoMore) {
  credentials_.admins = BootstrapPsks::parse("admin-1 " + enrolment::toHex(kKey), "admins").value();
  ASSERT_TRUE(credentials_.check().isOk());
  std::string key_id = issue("sensor-1", '\x03', "cse1.example.com", 22);
  const std::string path = "/fetchCredentials/" + key_id + "/22";
  ASSERT_EQ(fetch("cse1-cred", path, "cse1.example.com").code, 200);
  auto revoke = [&](const std::string& identity, const std::string& body) {
    return service_.handle({"POST", "/admin/revoke", {}, body}, session(identity, '\x7e'));
  };
  // Not by an Enrolee or a target; a malformed or unknown one is refused.
  EXPECT_EQ(revoke("sensor-1", "{\"keId\":\"" + key_id + "\"}").code, 404);
  EXPECT_EQ(revoke("cse1-cred", "{\"keId\":\"" + key_id + "\"}").code, 404);
  EXPECT_EQ(revoke("admin-1", "{\"keId\":1}").code, 400);
  EXPECT_EQ(revoke("admin-1", "{\"keId\":\"a\",\"serial\":\"b\"}").code, 400);
  EXPECT_EQ(revoke("admin-1", "{\"keId\":\"0000@mef.example.com\"}").code, 404);
  HttpReply done = revoke("admin-1", "{\"keId\":\"" + key_id + "\"}");
  EXPECT_EQ(done.code, 200) << done.body;
  EXPECT_TRUE(issued_.isKeyRevoked(key_id));
  EXPECT_EQ(fetch("cse1-cred", path, "cse1.example.com").code, 404);
  // An administrator's session serves nothing else.
  EXPECT_EQ(service_.handle({"POST", "/bootstrap", {}, "{}"}, session("admin-1", '\x7e')).code,
            404);
}

TEST_F(KeyRetrievalTest, ATargetByCertificateIsItsDnsNameAndOnlyWhenTheMefAllowsIt) {
  std::string key_id = issue("sensor-1", '\x04', "cse1.example.com", 22);
  const std::string path = "/fetchCredentials/" + key_id + "/22";
  auto by_certificate = [&](MefService& service, const std::string& dns) {
    BootstrapSession session = this->session("cert://sp/id-x", '\x7d');
    session.certificate_uri = "//sp/id-x";
    session.certificate_dns = dns;
    HttpMessage request{"GET", path, {{"x-m2m-origin", "cse1.example.com"}}, ""};
    return service.handle(request, session);
  };
  // Off by default: a certificate session is an Enrolee's.
  EXPECT_EQ(by_certificate(service_, "cse1.example.com").code, 404);
  MefService allowing{issued_, clock_,
                      {"mef.example.com", std::chrono::seconds(3600), "", true}, credentials_};
  EXPECT_EQ(by_certificate(allowing, "cse1.example.com").code, 200);
  EXPECT_EQ(by_certificate(allowing, "cse2.example.com").code, 403);  // not its own name
  EXPECT_EQ(by_certificate(allowing, "").code, 404);                  // no DNS name: no target
}

TEST_F(KeyRetrievalTest, TheOriginatorMustBeTheCredentialsTargetAndRolesStaySeparate) {
  std::string key_id = issue("sensor-1", '\x01', "cse1.example.com", 22);
  std::string path = "/fetchCredentials/" + key_id + "/22";
  EXPECT_EQ(fetch("cse2-cred", path, "cse1.example.com").code, 403);  // in another's name
  EXPECT_EQ(fetch("cse1-cred", path, "").code, 403);
  // An Enrolee cannot fetch, not even its own key; a target cannot enrol.
  EXPECT_EQ(service_.handle({"GET", path, {{"x-m2m-origin", "cse1.example.com"}}, ""},
                            session("sensor-1", '\x03'))
                .code,
            404);
  EXPECT_EQ(fetch("cse1-cred", "/enrolments", "cse1.example.com").code, 404);
  EXPECT_EQ(service_.handle({"POST", path, {{"x-m2m-origin", "cse1.example.com"}}, ""},
                            session("cse1-cred", '\x04'))
                .code,
            405);
  EXPECT_EQ(fetch("cse1-cred", "/fetchCredentials/" + key_id + "/2x", "cse1.example.com").code,
            400);
  EXPECT_EQ(fetch("cse1-cred", "/fetchCredentials/" + key_id, "cse1.example.com").code, 400);
}

TEST_F(KeyRetrievalTest, TheBootstrapAnswerNamesTheEnroleeId) {
  HttpReply reply = service_.handle({"POST", "/bootstrap", {}, R"({"target":"c.example","suid":22})"},
                                    session("sensor-1", '\x05'));
  ASSERT_EQ(reply.code, 200);
  EXPECT_EQ(parseBootstrapAnswer(reply.body).value().enrolee_id, "Csensor1");
}

TEST(MefCredentialsTest, RefusesAnIdentityInBothSetsAndATargetWithoutFqdn) {
  const std::string key = enrolment::toHex(kKey);
  MefCredentials both;
  both.enrolees = BootstrapPsks::parse("x " + key + "\n", "e").value();
  both.targets = BootstrapPsks::parse("x " + key + " cse1.example.com\n", "t").value();
  EXPECT_EQ(both.check().reason(), "mef.psk_file");
  MefCredentials unnamed;
  unnamed.enrolees = BootstrapPsks::parse("x " + key + "\n", "e").value();
  unnamed.targets = BootstrapPsks::parse("y " + key + "\n", "t").value();
  EXPECT_EQ(unnamed.check().reason(), "mef.psk_file");
}

}  // namespace
}  // namespace citadel::tools::mef
