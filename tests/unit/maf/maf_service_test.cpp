// The MAF procedures of TS-0003 §8.8.2.3-§8.8.2.10 as MafService answers them, written from the
// clause's tables and steps: who may register, read, change and retrieve what, and what each
// answer carries. The TLS side is in tests/integration/maf_test.cpp.
#include "tools/maf/maf_service.h"

#include <gtest/gtest.h>

#include "security/enrolment/enrolment_keys.h"
#include "storage/memory_store.h"

namespace citadel::tools::maf {
namespace {

using security::mef::MafMessage;
namespace shapes = security::mef::maf_shapes;
namespace enrolment = security::enrolment;

constexpr int64_t kNow = 1'800'000'000;
const std::string kAe = "//sp.example.com/id-in/Cae1";
const std::string kMn = "//sp.example.com/id-mn";
const std::string kOther = "//sp.example.com/id-in/Cother";

class MovableClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return model::TimePoint(std::chrono::seconds(now_)); }
  int64_t now_ = kNow;
};

class MafServiceTest : public ::testing::Test {
 protected:
  MafServiceTest() {
    MafSettings settings;
    settings.fqdn = "maf.example.com";
    settings.admin_fqdns = {"sp.example.com"};
    settings.max_registration_lifetime = std::chrono::seconds(86400);
    settings.max_key_lifetime = std::chrono::seconds(3600);
    settings.client_configs[kAe] = {{"httpPort", 80}};
    service_ = std::make_unique<MafService>(records_, clock_, settings, credentials_);
  }

  // One procedure as `client`; `exported` is the session's 48-byte export.
  HttpReply call(const std::string& procedure, const nlohmann::json& body,
                 const std::string& client, std::string exported = std::string(48, '\x07')) {
    MafSession session;
    session.client_id = client;
    session.export_connection_key = [exported]() -> model::Result<std::string> {
      return exported;
    };
    return service_->handle({"POST", "/maf/" + procedure, {}, body.dump()}, session);
  }
  MafMessage answer(const HttpReply& reply, const security::mef::MafShape& shape) {
    EXPECT_EQ(reply.code, 200) << reply.body;
    auto parsed = security::mef::parseMafMessage(reply.body, shape, true);
    EXPECT_TRUE(parsed.isOk()) << parsed.status().dbg() << " in " << reply.body;
    return parsed.isOk() ? std::move(parsed).value() : MafMessage{};
  }
  static std::string at(int64_t seconds) {
    return model::formatTimestamp(model::TimePoint(std::chrono::seconds(seconds)));
  }
  std::string registerClient(const std::string& client) {
    HttpReply reply = call("clientRegistration",
                           {{"mafFQDN", "maf.example.com"}, {"adminFQDN", "sp.example.com"},
                            {"expirationTime", at(clock_.now_ + 600)}},
                           client);
    return answer(reply, shapes::kClientRegistrationAnswer).client_reg_id.value_or("");
  }
  nlohmann::json keyRequest(int suid, nlohmann::json targets) {
    return {{"mafFQDN", "maf.example.com"}, {"adminFQDN", "sp.example.com"}, {"suid", suid},
            {"targetIDs", targets}, {"expirationTime", at(clock_.now_ + 600)}};
  }

  storage::MemoryStore store_;
  MafRecords records_{store_};
  MovableClock clock_;
  MafCredentials credentials_;
  std::unique_ptr<MafService> service_;
};

TEST_F(MafServiceTest, RegistersAClientAndAnswersTable882_3_2) {
  HttpReply reply = call("clientRegistration",
                         {{"mafFQDN", "maf.example.com"}, {"adminFQDN", "sp.example.com"},
                          {"expirationTime", at(kNow + 600)}, {"labels", {"fleet-a"}}},
                         kAe);
  MafMessage m = answer(reply, shapes::kClientRegistrationAnswer);
  ASSERT_TRUE(m.client_reg_id);
  EXPECT_EQ(m.client_reg_id->size(), 32u);  // 128 random bits, hex
  EXPECT_EQ(m.client_id, kAe);
  EXPECT_EQ(m.admin_fqdn, "sp.example.com");
  EXPECT_EQ(m.expiration_time, kNow + 600);
  EXPECT_EQ(m.labels, std::vector<std::string>{"fleet-a"});
  auto stored = records_.findClient(*m.client_reg_id);
  ASSERT_TRUE(stored.isOk() && stored.value());
  EXPECT_EQ(stored.value()->client_id, kAe);
}

TEST_F(MafServiceTest, ShortensAnExpirationTimeBeyondItsMaximumAndRefusesOneInThePast) {
  HttpReply reply = call("clientRegistration",
                         {{"mafFQDN", "maf.example.com"}, {"adminFQDN", "sp.example.com"},
                          {"expirationTime", at(kNow + 10 * 86400)}},
                         kAe);
  EXPECT_EQ(answer(reply, shapes::kClientRegistrationAnswer).expiration_time, kNow + 86400);
  reply = call("clientRegistration",
               {{"mafFQDN", "maf.example.com"}, {"adminFQDN", "sp.example.com"},
                {"expirationTime", at(kNow - 1)}},
               kMn);
  EXPECT_EQ(reply.code, 400) << reply.body;
}

TEST_F(MafServiceTest, RefusesAnotherMafsFqdnAnUnservedStakeholderAndASecondRegistration) {
  nlohmann::json body = {{"mafFQDN", "other-maf.example.com"}, {"adminFQDN", "sp.example.com"},
                         {"expirationTime", at(kNow + 60)}};
  EXPECT_EQ(call("clientRegistration", body, kAe).code, 400);
  body["mafFQDN"] = "maf.example.com";
  body["adminFQDN"] = "evil.example.com";
  EXPECT_EQ(call("clientRegistration", body, kAe).code, 403);
  ASSERT_FALSE(registerClient(kAe).empty());
  body["adminFQDN"] = "sp.example.com";
  HttpReply again = call("clientRegistration", body, kAe);
  EXPECT_EQ(again.code, 409) << again.body;
}

TEST_F(MafServiceTest, AnExpiredRegistrationIsReplacedAndIsNoLongerServed) {
  std::string first = registerClient(kAe);
  clock_.now_ += 601;
  nlohmann::json ask = {{"mafFQDN", "maf.example.com"}, {"mafClientRegID", first}};
  EXPECT_EQ(call("clientConfigurationRetrieval", ask, kAe).code, 404);
  std::string second = registerClient(kAe);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  EXPECT_FALSE(records_.findClient(first).value());
}

TEST_F(MafServiceTest, OnlyTheRegisteringClientReadsUpdatesAndEndsItsRegistration) {
  std::string reg = registerClient(kAe);
  nlohmann::json ask = {{"mafFQDN", "maf.example.com"}, {"mafClientRegID", reg}};
  // Another client gets the answer an unknown ID gets.
  HttpReply theirs = call("clientConfigurationRetrieval", ask, kOther);
  HttpReply unknown = call("clientConfigurationRetrieval",
                           {{"mafFQDN", "maf.example.com"},
                            {"mafClientRegID", std::string(32, 'a')}},
                           kOther);
  EXPECT_EQ(theirs.code, 404);
  EXPECT_EQ(theirs.body, unknown.body);
  EXPECT_EQ(call("clientDeregistration", ask, kOther).code, 404);
  nlohmann::json update = ask;
  update["labels"] = {"x"};
  EXPECT_EQ(call("clientRegistrationUpdate", update, kOther).code, 404);

  MafMessage config = answer(call("clientConfigurationRetrieval", ask, kAe),
                             shapes::kClientConfigurationAnswer);
  EXPECT_EQ(config.client_config, (nlohmann::json{{"httpPort", 80}}));
  // Table 8.8.2.5-2: the answer carries only what the request named.
  MafMessage updated =
      answer(call("clientRegistrationUpdate", update, kAe),
             shapes::kClientRegistrationUpdateAnswer);
  EXPECT_EQ(updated.labels, std::vector<std::string>{"x"});
  EXPECT_FALSE(updated.expiration_time);
  EXPECT_EQ(records_.findClient(reg).value()->labels, std::vector<std::string>{"x"});
  answer(call("clientDeregistration", ask, kAe), shapes::kEmptyAnswer);
  EXPECT_FALSE(records_.findClient(reg).value());
}

TEST_F(MafServiceTest, AnUpdateNamesAtLeastOneParameter) {
  std::string reg = registerClient(kAe);
  HttpReply reply = call("clientRegistrationUpdate",
                         {{"mafFQDN", "maf.example.com"}, {"mafClientRegID", reg}}, kAe);
  EXPECT_EQ(reply.code, 400);
  EXPECT_NE(reply.body.find("at least one of"), std::string::npos);
}

TEST_F(MafServiceTest, AClientWithoutConfigurationGets404) {
  std::string reg = registerClient(kMn);
  HttpReply reply = call("clientConfigurationRetrieval",
                         {{"mafFQDN", "maf.example.com"}, {"mafClientRegID", reg}}, kMn);
  EXPECT_EQ(reply.code, 404);
}

TEST_F(MafServiceTest, KeyRegistrationNeedsTheSourcesRegistrationWithThatStakeholder) {
  HttpReply reply = call("keyRegistration", keyRequest(32, {kMn}), kAe);
  EXPECT_EQ(reply.code, 403) << reply.body;
  EXPECT_FALSE(records_.findKey(enrolment::toHex(std::string(16, '\x07'))).value());
}

TEST_F(MafServiceTest, AnExportedKeyIsNamedByItsKcIdAndRetrievedOnlyByItsTarget) {
  registerClient(kAe);
  std::string exported = std::string(16, '\x01') + std::string(32, '\x02');
  MafMessage registered =
      answer(call("keyRegistration", keyRequest(32, {kMn}), kAe, exported),
             shapes::kKeyRegistrationAnswer);
  // §10.3.1/§10.3.5: KcID = the 16 most significant bytes, RelativeKeyID = hex(KcID).
  EXPECT_EQ(registered.relative_key_id, enrolment::toHex(std::string(16, '\x01')));
  EXPECT_EQ(registered.source_client_id, kAe);
  EXPECT_EQ(registered.target_ids, std::vector<std::string>{kMn});
  EXPECT_EQ(registered.suid, 32);
  // The answer to the source carries no key.
  EXPECT_FALSE(registered.key_value);

  nlohmann::json ask = {{"relativeKeyID", *registered.relative_key_id}};
  MafMessage retrieved = answer(call("keyRetrieval", ask, kMn), shapes::kKeyRetrievalAnswer);
  EXPECT_EQ(retrieved.key_value, std::string(32, '\x02'));  // Kc: the 32 least significant
  EXPECT_EQ(retrieved.source_client_id, kAe);
  EXPECT_EQ(retrieved.suid, 32);
  // Not a target: the source itself, another client. The answer of an unknown ID.
  HttpReply by_source = call("keyRetrieval", ask, kAe);
  HttpReply by_other = call("keyRetrieval", ask, kOther);
  HttpReply unknown = call("keyRetrieval", {{"relativeKeyID", std::string(32, 'f')}}, kMn);
  EXPECT_EQ(by_source.code, 404);
  EXPECT_EQ(by_other.body, unknown.body);
  EXPECT_EQ(by_source.body, unknown.body);
  // Expired: the same.
  clock_.now_ += 601;
  EXPECT_EQ(call("keyRetrieval", ask, kMn).body, unknown.body);
}

TEST_F(MafServiceTest, ASelfGeneratedKeyGetsARandomRelativeKeyId) {
  registerClient(kAe);
  nlohmann::json request = keyRequest(34, {kMn, kOther});
  request["keyValue"] = std::string(64, 'c');
  MafMessage first = answer(call("keyRegistration", request, kAe), shapes::kKeyRegistrationAnswer);
  MafMessage second = answer(call("keyRegistration", request, kAe), shapes::kKeyRegistrationAnswer);
  ASSERT_TRUE(first.relative_key_id && second.relative_key_id);
  EXPECT_NE(*first.relative_key_id, *second.relative_key_id);
  // ESData (34): every listed target retrieves it.
  for (const std::string& target : {kMn, kOther}) {
    MafMessage got = answer(call("keyRetrieval", {{"relativeKeyID", *first.relative_key_id}},
                                 target),
                            shapes::kKeyRetrievalAnswer);
    EXPECT_EQ(got.key_value, std::string(32, '\xcc'));
  }
}

TEST_F(MafServiceTest, TargetRulesOfTheSuid) {
  registerClient(kAe);
  // SAEF and ESPrim: exactly one target.
  EXPECT_EQ(call("keyRegistration", keyRequest(33, {kMn, kOther}), kAe).code, 400);
  // Absolute IDs only.
  EXPECT_EQ(call("keyRegistration", keyRequest(32, {"Cae2"}), kAe).code, 400);
  EXPECT_EQ(call("keyRegistration", keyRequest(32, {"//sp.example.com"}), kAe).code, 400);
  // MAF keys only (32..35), and a list is required.
  EXPECT_EQ(call("keyRegistration", keyRequest(22, {kMn}), kAe).code, 400);
  nlohmann::json no_targets = keyRequest(32, {kMn});
  no_targets.erase("targetIDs");
  EXPECT_EQ(call("keyRegistration", no_targets, kAe).code, 400);
  // An empty list is malformed (targetIDs has 1..64 entries).
  EXPECT_EQ(call("keyRegistration", keyRequest(34, nlohmann::json::array()), kAe).code, 400);
}

TEST_F(MafServiceTest, OnlyTheSourceUpdatesAndDeregistersAKeyAndItsIdIsNeverReused) {
  registerClient(kAe);
  std::string exported = std::string(16, '\x05') + std::string(32, '\x06');
  MafMessage key = answer(call("keyRegistration", keyRequest(33, {kMn}), kAe, exported),
                          shapes::kKeyRegistrationAnswer);
  nlohmann::json update = {{"mafFQDN", "maf.example.com"},
                           {"relativeKeyID", *key.relative_key_id},
                           {"targetIDs", {kOther}}};
  EXPECT_EQ(call("keyRegistrationUpdate", update, kMn).code, 404);
  MafMessage updated =
      answer(call("keyRegistrationUpdate", update, kAe), shapes::kKeyRegistrationUpdateAnswer);
  EXPECT_EQ(updated.target_ids, std::vector<std::string>{kOther});
  EXPECT_FALSE(updated.expiration_time);
  nlohmann::json ask = {{"relativeKeyID", *key.relative_key_id}};
  EXPECT_EQ(call("keyRetrieval", ask, kMn).code, 404);  // no longer a target
  answer(call("keyRetrieval", ask, kOther), shapes::kKeyRetrievalAnswer);

  nlohmann::json end = {{"mafFQDN", "maf.example.com"}, {"relativeKeyID", *key.relative_key_id}};
  EXPECT_EQ(call("keyDeregistration", end, kOther).code, 404);
  answer(call("keyDeregistration", end, kAe), shapes::kEmptyAnswer);
  EXPECT_EQ(call("keyRetrieval", ask, kOther).code, 404);
  // The same export again (a replayed session cannot happen, but an ID must not come back).
  HttpReply again = call("keyRegistration", keyRequest(33, {kMn}), kAe, exported);
  EXPECT_EQ(again.code, 409) << again.body;
}

TEST_F(MafServiceTest, UnknownPathsAndMethods) {
  EXPECT_EQ(service_->handle({"GET", "/maf/keyRetrieval", {}, ""}, {kAe, nullptr}).code, 405);
  EXPECT_EQ(service_->handle({"POST", "/maf/nothing", {}, "{}"}, {kAe, nullptr}).code, 404);
  EXPECT_EQ(service_->handle({"POST", "/bootstrap", {}, "{}"}, {kAe, nullptr}).code, 404);
}

TEST_F(MafServiceTest, AProvisionedKeyRegistersOnlyAndBecomesTheKmOfTheAssignedKmId) {
  // A session authenticated by a KeID of the MEF (§8.8.2.3): its key is the Km to be.
  auto provisioned = [&](const std::string& procedure, const nlohmann::json& body) {
    MafSession session;
    session.client_id = kAe;
    session.provisioned_km = std::string(32, '\x42');
    return service_->handle({"POST", "/maf/" + procedure, {}, body.dump()}, session);
  };
  nlohmann::json registration = {{"mafFQDN", "maf.example.com"},
                                 {"adminFQDN", "sp.example.com"},
                                 {"expirationTime", at(kNow + 600)}};
  MafMessage m = answer(provisioned("clientRegistration", registration),
                        shapes::kClientRegistrationAnswer);
  ASSERT_TRUE(m.assigned_km_id);
  EXPECT_TRUE(m.assigned_km_id->ends_with("@maf.example.com")) << *m.assigned_km_id;
  // The KmID authenticates from now on with that key, in any case (§10.6), until the
  // registration expires.
  std::string upper = *m.assigned_km_id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(service_->pskKey(upper), std::string(32, '\x42'));
  EXPECT_EQ(provisioned("keyRegistration", keyRequest(32, {kMn})).code, 403);

  // An update in a new provisioned session: a new KmID, the old one stops working.
  nlohmann::json update = {{"mafFQDN", "maf.example.com"},
                           {"mafClientRegID", *m.client_reg_id},
                           {"expirationTime", at(kNow + 300)}};
  MafMessage updated =
      answer(provisioned("clientRegistrationUpdate", update),
             shapes::kClientRegistrationUpdateAnswer);
  ASSERT_TRUE(updated.assigned_km_id);
  EXPECT_NE(*updated.assigned_km_id, *m.assigned_km_id);
  EXPECT_FALSE(service_->pskKey(*m.assigned_km_id));
  EXPECT_TRUE(service_->pskKey(*updated.assigned_km_id));
  clock_.now_ += 301;
  EXPECT_FALSE(service_->pskKey(*updated.assigned_km_id));
}

}  // namespace
}  // namespace citadel::tools::maf
