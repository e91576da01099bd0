// The Receiver's checks on an ESPrim Object's rand objects (TS-0003 §8.4.2 C.6b.2, C.6c.1): the
// `oro` header member's shape (4000), expiry (4113) and algorithm agreement (4111).
#include "security/esprim/session_checks.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::security::esprim {
namespace {

using model::Json;

model::TimePoint timeAt(const char* timestamp) { return *model::parseTimestamp(timestamp); }

ReceiverRandObject receiver() {
  return {"u0123", "v00112233445566778899aabbccddeeff", "20270101T010000", {1}, {10, 11, 12}};
}

Json oro() {
  return Json::parse(
      R"({"esri":"o1","esrv":"vffee","esrx":"20270101T003000","esk":1,"espa":[12]})");
}

TEST(EsprimSessionChecksTest, ParsesAWellFormedOro) {
  auto parsed = parseOriginatorRandObject(oro());
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().id, "o1");
  EXPECT_EQ(parsed.value().value, "vffee");
  EXPECT_EQ(parsed.value().expiry, "20270101T003000");
  EXPECT_EQ(parsed.value().key_gen_alg, 1);
  EXPECT_EQ(parsed.value().protocol_algs, std::vector<int>{12});
  // What enters the HMAC is rebuilt from the fields, whatever the member order was.
  EXPECT_EQ(canonicalBytes(parsed.value()),
            R"({"esk":1,"espa":[12],"esri":"o1","esrv":"vffee","esrx":"20270101T003000"})");
}

TEST(EsprimSessionChecksTest, MalformedOroIs4000) {
  const char* patches[] = {
      R"({"esri":null})",        R"({"esri":"1o"})",          R"({"esrv":5})",
      R"({"esrx":"soon"})",      R"({"esrx":600000})",        R"({"esk":0})",
      R"({"esk":"1"})",          R"({"espa":[]})",            R"({"espa":12})",
      R"({"espa":[12,"11"]})",   R"({"espa":[1,2,3,4,5,6,7,8,9]})", R"({"extra":1})",
  };
  for (const char* patch : patches) {
    Json bad = oro();
    bad.merge_patch(Json::parse(patch));
    auto refused = parseOriginatorRandObject(bad);
    ASSERT_FALSE(refused.isOk()) << patch;
    EXPECT_EQ(refused.status().rsc(), model::Rsc::kBadRequest) << patch;
  }
  EXPECT_FALSE(parseOriginatorRandObject(Json::array()).isOk());
  Json missing = oro();
  missing.erase("esk");
  EXPECT_FALSE(parseOriginatorRandObject(missing).isOk());
}

TEST(EsprimSessionChecksTest, AgreeingObjectsPass) {
  OriginatorRandObject originator = parseOriginatorRandObject(oro()).value();
  EXPECT_OK(checkSessionParameters(receiver(), originator, "A256GCM", timeAt("20270101T000000")));
}

TEST(EsprimSessionChecksTest, ExpiredOrOutlivingOriginatorObjectIs4113) {
  OriginatorRandObject originator = parseOriginatorRandObject(oro()).value();
  EXPECT_EQ(checkSessionParameters(receiver(), originator, "A256GCM", timeAt("20270101T003000"))
                .rsc(),
            model::Rsc::kEsprimUnknownOrigRandId);
  originator.expiry = "20270101T010001";  // one second after the receiver's
  EXPECT_EQ(checkSessionParameters(receiver(), originator, "A256GCM", timeAt("20270101T000000"))
                .rsc(),
            model::Rsc::kEsprimUnknownOrigRandId);
}

TEST(EsprimSessionChecksTest, DisagreeingAlgorithmsAre4111) {
  OriginatorRandObject base = parseOriginatorRandObject(oro()).value();
  model::TimePoint now = timeAt("20270101T000000");
  OriginatorRandObject other_kdf = base;
  other_kdf.key_gen_alg = 2;
  EXPECT_EQ(checkSessionParameters(receiver(), other_kdf, "A256GCM", now).rsc(),
            model::Rsc::kEsprimUnsupportedOption);
  OriginatorRandObject wider = base;
  wider.protocol_algs = {12, 13};
  EXPECT_EQ(checkSessionParameters(receiver(), wider, "A256GCM", now).rsc(),
            model::Rsc::kEsprimUnsupportedOption);
  EXPECT_EQ(checkSessionParameters(receiver(), base, "A128GCM", now).rsc(),
            model::Rsc::kEsprimUnsupportedOption);
  EXPECT_EQ(checkSessionParameters(receiver(), base, "A256CBC-HS512", now).rsc(),
            model::Rsc::kEsprimUnsupportedOption);
  ReceiverRandObject narrow = receiver();
  narrow.protocol_algs = {10};
  EXPECT_EQ(checkSessionParameters(narrow, base, "A256GCM", now).rsc(),
            model::Rsc::kEsprimUnsupportedOption);
}

}  // namespace
}  // namespace citadel::security::esprim
