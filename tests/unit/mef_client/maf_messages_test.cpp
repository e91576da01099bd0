// The MAF messages (security/mef_client/maf_messages.h): each table of TS-0003 §8.8.2 as a shape,
// round trips, and every malformed or hostile body refused with the member named, never a value.
#include "security/mef_client/maf_messages.h"

#include <gtest/gtest.h>

namespace citadel::security::mef {
namespace {

namespace shapes = maf_shapes;

std::string keyRegistration(const std::string& extra = "") {
  return R"({"mafFQDN":"maf.example.com","adminFQDN":"sp.example.com","suid":32,)"
         R"("expirationTime":"20270101T000000","targetIDs":["//sp/id-mn"])" + extra + "}";
}

TEST(MafMessagesTest, ARequestRoundTripsWithEveryMember) {
  MafMessage m;
  m.maf_fqdn = "maf.example.com";
  m.admin_fqdn = "sp.example.com";
  m.expiration_time = 1'800'000'000;
  m.labels = std::vector<std::string>{"a", "b"};
  m.suid = 34;
  m.target_ids = std::vector<std::string>{"//sp/id-mn", "//sp/id-in/Cae"};
  m.key_value = std::string(32, '\x5a');
  std::string text = formatMafMessage(m, false);
  EXPECT_NE(text.find("\"expirationTime\":\"20270115T080000\""), std::string::npos) << text;
  auto back = parseMafMessage(text, shapes::kKeyRegistration, false);
  ASSERT_TRUE(back.isOk()) << back.status().dbg();
  EXPECT_EQ(back.value().expiration_time, 1'800'000'000);
  EXPECT_EQ(back.value().labels, m.labels);
  EXPECT_EQ(back.value().target_ids, m.target_ids);
  EXPECT_EQ(back.value().key_value, m.key_value);
  EXPECT_EQ(back.value().suid, 34);
}

TEST(MafMessagesTest, AnAnswerNeedsStatusTrue) {
  std::string body = R"({"mafClientRegID":"r1","expirationTime":"20270101T000000",)"
                     R"("mafClientID":"//sp/id-in/Cae","adminFQDN":"sp.example.com")";
  EXPECT_FALSE(parseMafMessage(body + "}", shapes::kClientRegistrationAnswer, true).isOk());
  EXPECT_FALSE(
      parseMafMessage(body + ",\"status\":false}", shapes::kClientRegistrationAnswer, true).isOk());
  EXPECT_TRUE(
      parseMafMessage(body + ",\"status\":true}", shapes::kClientRegistrationAnswer, true).isOk());
  // A request may not carry "status".
  EXPECT_FALSE(parseMafMessage(keyRegistration(",\"status\":true"), shapes::kKeyRegistration,
                               false)
                   .isOk());
}

TEST(MafMessagesTest, RefusesMalformedAndHostileBodiesNamingTheMember) {
  struct Case {
    std::string body;
    std::string named;  // in the dbg; "" to skip
  };
  const std::string long_label(300, 'x');
  std::string many_labels = "[";
  for (int i = 0; i < 65; ++i) many_labels += std::string(i ? "," : "") + "\"l\"";
  many_labels += "]";
  const Case cases[] = {
      {"", ""},
      {"[]", ""},
      {"{\"mafFQDN\":", ""},
      {std::string("{\"mafFQDN\":\"maf\x01\"}"), ""},  // raw control byte: not JSON
      {R"({"mafFQDN":"maf\u0001"})", "mafFQDN"},
      {keyRegistration(",\"bogus\":1"), "bogus"},
      {keyRegistration(",\"relativeKeyID\":\"00\""), "relativeKeyID"},  // not in this message
      {keyRegistration(",\"keyValue\":\"zz\""), "keyValue"},
      {keyRegistration(",\"keyValue\":\"" + std::string(62, 'a') + "\""), "keyValue"},
      {keyRegistration(",\"keyValue\":\"" + std::string(66, 'a') + "\""), "keyValue"},
      {keyRegistration(",\"labels\":[\"" + long_label + "\"]"), "labels"},
      {keyRegistration(",\"labels\":" + many_labels), "labels"},
      {keyRegistration(",\"labels\":[1]"), "labels"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":31,"expirationTime":"20270101T000000"})", "suid"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":"32","expirationTime":"20270101T000000"})",
       "suid"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":32,"expirationTime":"20271301T000000"})",
       "expirationTime"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":32,"expirationTime":1800000000})",
       "expirationTime"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":32,"expirationTime":"99991231T235959"})",
       "expirationTime"},
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":32})", "expirationTime"},  // missing
      {R"({"mafFQDN":"m","adminFQDN":"a","suid":32,"expirationTime":"20270101T000000",)"
       R"("targetIDs":[]})",
       "targetIDs"},
      {std::string(R"({"mafFQDN":"m","adminFQDN":"a","suid":32,"expirationTime":)") +
           R"("20270101T000000","targetIDs":"//sp/x"})",
       "targetIDs"},
  };
  for (const Case& c : cases) {
    auto parsed = parseMafMessage(c.body, shapes::kKeyRegistration, false);
    ASSERT_FALSE(parsed.isOk()) << c.body;
    EXPECT_EQ(parsed.status().rsc(), model::Rsc::kBadRequest);
    EXPECT_EQ(parsed.status().reason(), "maf.bad_message");
    if (!c.named.empty()) {
      EXPECT_NE(parsed.status().dbg().find(c.named), std::string::npos)
          << parsed.status().dbg() << " for " << c.body;
    }
    // Never a value: the hostile label and key digits do not come back.
    EXPECT_EQ(parsed.status().dbg().find(long_label), std::string::npos);
    EXPECT_EQ(parsed.status().dbg().find("aaaaaaaa"), std::string::npos);
  }
}

TEST(MafMessagesTest, AnUnknownMemberWithAHugeNameIsNotEchoed) {
  std::string name(5000, 'n');
  auto parsed = parseMafMessage("{\"" + name + "\":1}", shapes::kKeyRetrieval, false);
  ASSERT_FALSE(parsed.isOk());
  EXPECT_LT(parsed.status().dbg().size(), 200u);
}

TEST(MafMessagesTest, RelativeKeyIdsAndKeyIdentifiers) {
  EXPECT_TRUE(isRelativeKeyId(std::string(32, 'a')));
  EXPECT_FALSE(isRelativeKeyId(std::string(32, 'A')));
  EXPECT_FALSE(isRelativeKeyId(std::string(31, 'a')));
  auto split = splitMafKeyId(std::string(32, '0') + "@maf.example.com");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->second, "maf.example.com");
  EXPECT_FALSE(splitMafKeyId(std::string(32, '0')));
  EXPECT_FALSE(splitMafKeyId(std::string(32, '0') + "@"));
  EXPECT_FALSE(splitMafKeyId(std::string(32, '0') + "@a@b"));
  EXPECT_FALSE(splitMafKeyId("zz@maf.example.com"));
}

TEST(MafMessagesTest, AtLeastOneOfTheUpdatableParameters) {
  auto parsed = parseMafMessage(R"({"mafFQDN":"m","relativeKeyID":")" + std::string(32, '0') +
                                    "\"}",
                                shapes::kKeyRegistrationUpdate, false);
  ASSERT_FALSE(parsed.isOk());
  EXPECT_NE(parsed.status().dbg().find("at least one of"), std::string::npos);
}

}  // namespace
}  // namespace citadel::security::mef
