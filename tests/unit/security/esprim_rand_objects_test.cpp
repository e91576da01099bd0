// ESPrim phase B on the Receiver side: the receiverESPrimRandObjects this CSE issues (fields,
// uniqueness, lifetime), the bound that keeps one originator from starving others, and the
// m2m:seci requests a NOTIFY to the <CSEBase> may carry.
#include <gtest/gtest.h>

#include <set>

#include "resources/e2e_sec_info.h"
#include "security/esprim/rand_object_issuer.h"
#include "security/esprim/security_info_request.h"
#include "tests/support/status_macros.h"

namespace citadel::security::esprim {
namespace {

using model::Json;

class StepClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  model::TimePoint now_ = model::TimePoint(std::chrono::seconds(1798761600));  // 2027-01-01
};

TEST(EsprimRandObjectsTest, IssuedObjectsHaveTheSpecFieldsAndAreUnique) {
  StepClock clock;
  RandObjectIssuer issuer(clock, {});
  std::set<std::string> ids;
  std::set<std::string> values;
  for (int i = 0; i < 100; ++i) {
    ReceiverRandObject object = issuer.issue("Cae1");
    EXPECT_TRUE(ids.insert(object.id).second);
    EXPECT_TRUE(values.insert(object.value).second);
    // "u" + 32 hex digits (128 bits): an NCName that says "not shared"; esrv likewise.
    EXPECT_EQ(object.id.size(), 33u);
    EXPECT_EQ(object.id[0], 'u');
    EXPECT_EQ(object.value.size(), 33u);
    EXPECT_EQ(object.value[0], 'v');
    EXPECT_EQ(object.expiry, "20270101T010000");  // default lifetime 3600 s
    EXPECT_EQ(object.key_gen_algs, std::vector<int>{1});
    EXPECT_EQ(object.protocol_algs, (std::vector<int>{10, 11, 12}));
    EXPECT_OK(resources::checkReceiverRandObject(toJson(object), "ero"));
  }
}

TEST(EsprimRandObjectsTest, AnObjectIsFoundOnlyForItsOriginatorAndUntilItsExpiry) {
  StepClock clock;
  RandObjectSettings settings;
  settings.lifetime = std::chrono::seconds(60);
  RandObjectIssuer issuer(clock, settings);
  ReceiverRandObject object = issuer.issue("Cae1");
  ASSERT_TRUE(issuer.find("Cae1", object.id).has_value());
  EXPECT_EQ(issuer.find("Cae1", object.id)->value, object.value);
  EXPECT_FALSE(issuer.find("Cae2", object.id).has_value());  // not shared: bound to its asker
  EXPECT_FALSE(issuer.find("Cae1", "u0").has_value());
  clock.advance(std::chrono::seconds(59));
  EXPECT_TRUE(issuer.find("Cae1", object.id).has_value());
  clock.advance(std::chrono::seconds(1));
  EXPECT_FALSE(issuer.find("Cae1", object.id).has_value());
  EXPECT_EQ(issuer.size(), 0u);
}

// An attacker asking again and again only displaces its own objects; when the total is
// reached the largest holder gives one up, never an originator holding a single object.
TEST(EsprimRandObjectsTest, OneOriginatorCannotStarveAnother) {
  StepClock clock;
  RandObjectSettings settings;
  settings.capacity = 10;
  settings.per_originator = 4;
  RandObjectIssuer issuer(clock, settings);
  ReceiverRandObject victim = issuer.issue("Cvictim");
  for (int i = 0; i < 1000; ++i) issuer.issue("Cattacker");
  EXPECT_EQ(issuer.size(), 5u);  // 4 + 1
  EXPECT_TRUE(issuer.find("Cvictim", victim.id).has_value());
  // Many attackers fill the total: the victim's single object stays.
  for (int i = 0; i < 1000; ++i) issuer.issue("Cattacker" + std::to_string(i % 7));
  EXPECT_LE(issuer.size(), 10u);
  EXPECT_TRUE(issuer.find("Cvictim", victim.id).has_value());
  // Expired objects make room first.
  clock.advance(std::chrono::seconds(3600));
  ReceiverRandObject fresh = issuer.issue("Cnew");
  EXPECT_EQ(issuer.size(), 1u);
  EXPECT_TRUE(issuer.find("Cnew", fresh.id).has_value());
}

TEST(EsprimRandObjectsTest, E2eSecInfoShowsTheSharedObjectWhenConfigured) {
  StepClock clock;
  RandObjectIssuer plain(clock, {});
  EXPECT_EQ(plain.e2eSecInfo(), Json::parse(R"({"esf":[13]})"));
  RandObjectSettings settings;
  settings.shared_lifetime = std::chrono::seconds(86400);
  RandObjectIssuer shared(clock, settings);
  Json esi = shared.e2eSecInfo();
  ASSERT_TRUE(esi.contains("esro"));
  EXPECT_OK(resources::checkE2eSecInfo(esi, "esi"));
  std::string id = esi["esro"]["esri"];
  EXPECT_EQ(id[0], 's');
  EXPECT_EQ(esi["esro"]["esrx"], "20270102T000000");
  EXPECT_TRUE(shared.find("anyone", id).has_value());
  clock.advance(std::chrono::seconds(86400));
  EXPECT_FALSE(shared.find("anyone", id).has_value());
}

TEST(EsprimRandObjectsTest, Sit3IsAnsweredWithSit4AndAUniqueObject) {
  StepClock clock;
  RandObjectIssuer issuer(clock, {});
  auto answer = answerSecurityInfo(Json{{"sit", 3}}, "Cae1", &issuer);
  ASSERT_OK(answer);
  EXPECT_EQ(answer.value().status_code, model::Rsc::kOk);
  const Json& seci = answer.value().content["m2m:seci"];
  EXPECT_EQ(seci["sit"], 4);
  EXPECT_OK(resources::checkReceiverRandObject(seci["ero"], "ero"));
  EXPECT_TRUE(issuer.find("Cae1", seci["ero"]["esri"].get<std::string>()).has_value());
  // Without ESPrim configured a well-formed request is one this CSE does not serve.
  auto off = answerSecurityInfo(Json{{"sit", 3}}, "Cae1", nullptr);
  ASSERT_FALSE(off.isOk());
  EXPECT_EQ(off.status().rsc(), model::Rsc::kNotImplemented);
}

TEST(EsprimRandObjectsTest, HostileSecurityInfoIsRefusedAndNothingIsStored) {
  StepClock clock;
  RandObjectIssuer issuer(clock, {});
  const Json hostile[] = {
      Json::array(),
      Json("sit"),
      Json::object(),
      Json{{"sit", "3"}},
      Json{{"sit", 3.5}},
      Json{{"sit", true}},
      Json{{"sit", 0}},
      Json{{"sit", 9}},
      Json{{"sit", -3}},
      Json{{"sit", 18446744073709551615ull}},
      Json{{"sit", 2}},
      Json{{"sit", 4}, {"ero", {{"esri", "x"}}}},
      Json{{"sit", 8}},
      Json{{"sit", 3}, {"ero", Json::object()}},
      Json{{"sit", 3}, {"pad", std::string(100000, 'A')}},
  };
  for (const Json& seci : hostile) {
    auto refused = answerSecurityInfo(seci, "Cae1", &issuer);
    ASSERT_FALSE(refused.isOk()) << seci.dump().substr(0, 80);
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kBadRequest) << seci.dump().substr(0, 80);
  }
  for (int sit : {1, 5, 6, 7}) {  // requests this CSE does not serve yet
    auto refused = answerSecurityInfo(Json{{"sit", sit}}, "Cae1", &issuer);
    ASSERT_FALSE(refused.isOk());
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kNotImplemented) << sit;
  }
  EXPECT_EQ(issuer.size(), 0u);
}

TEST(EsprimRandObjectsTest, E2eSecInfoShapeIsChecked) {
  EXPECT_OK(resources::checkE2eSecInfo(Json::parse(R"({"esf":[13,43]})"), "esi"));
  EXPECT_OK(resources::checkE2eSecInfo(Json::parse(R"({"esf":[],"escert":["TUlJQg=="]})"), "esi"));
  const char* bad[] = {
      R"([])",
      R"({})",
      R"({"esf":13})",
      R"({"esf":[16]})",
      R"({"esf":["13"]})",
      R"({"esf":[13],"other":1})",
      R"({"esf":[13],"escert":"TUlJQg=="})",
      R"({"esf":[13],"escert":["not base64!"]})",
      R"({"esf":[13],"escert":[""]})",
      R"({"esf":[13],"esro":{}})",
      R"({"esf":[13],"esro":{"esri":"1abc","esrv":"v1","esrx":"20270101T000000","esks":[1],"espa":[12]}})",
      R"({"esf":[13],"esro":{"esri":"a","esrv":"v1","esrx":"soon","esks":[1],"espa":[12]}})",
      R"({"esf":[13],"esro":{"esri":"a","esrv":"v1","esrx":"20270101T000000","esks":[],"espa":[12]}})",
      R"({"esf":[13],"esro":{"esri":"a","esrv":"v1","esrx":"20270101T000000","esks":[1],"espa":[0]}})",
      R"({"esf":[13],"esro":{"esri":"a","esrv":"v1","esrx":"20270101T000000","esks":[1]}})",
  };
  for (const char* text : bad) {
    auto refused = resources::checkE2eSecInfo(Json::parse(text), "esi");
    EXPECT_FALSE(refused.isOk()) << text;
  }
  Json many_suids = {{"esf", Json::array()}};
  for (int i = 0; i < 33; ++i) many_suids["esf"].push_back(13);
  EXPECT_FALSE(resources::checkE2eSecInfo(many_suids, "esi").isOk());
}

}  // namespace
}  // namespace citadel::security::esprim
