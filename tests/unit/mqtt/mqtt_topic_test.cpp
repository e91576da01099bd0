// parseTopic / buildTopic / idToTopicSegment / originatorMatchesTopic, TS-0010 §6.4.2–§6.4.4,
// §6.5.4, including a table of hostile topic names.
#include "bindings/mqtt/mqtt_topic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/status_macros.h"

namespace citadel::mqtt {
namespace {

using model::Rsc;

TEST(MqttTopicTest, ParsesRequestTopic) {
  auto topic = parseTopic("/oneM2M/req/Cae1/id-in/json");
  ASSERT_OK(topic);
  EXPECT_EQ(topic.value().kind, TopicKind::kRequest);
  EXPECT_EQ(topic.value().originator, "Cae1");
  EXPECT_EQ(topic.value().receiver, "id-in");
  EXPECT_EQ(topic.value().format, TopicFormat::kJson);
}

TEST(MqttTopicTest, ParsesEveryKindAndFormat) {
  EXPECT_EQ(parseTopic("/oneM2M/resp/a/b/cbor").value().kind, TopicKind::kResponse);
  EXPECT_EQ(parseTopic("/oneM2M/resp/a/b/cbor").value().format, TopicFormat::kCbor);
  EXPECT_EQ(parseTopic("/oneM2M/reg_req/cred:1/b/xml").value().kind,
            TopicKind::kRegistrationRequest);
  EXPECT_EQ(parseTopic("/oneM2M/reg_req/cred:1/b/xml").value().format, TopicFormat::kXml);
  EXPECT_EQ(parseTopic("/oneM2M/reg_resp/a/b/json").value().kind, TopicKind::kRegistrationResponse);
}

TEST(MqttTopicTest, ParsesSpRelativeAndAbsoluteIdsInTopicForm) {
  auto topic = parseTopic("/oneM2M/req/id-mn:Cae1/:sp.example:id-in/json");
  ASSERT_OK(topic);
  EXPECT_EQ(topic.value().originator, "id-mn:Cae1");
  EXPECT_EQ(topic.value().receiver, ":sp.example:id-in");
}

TEST(MqttTopicTest, RejectsEveryMalformedTopicWithReason) {
  const std::vector<std::string> hostile = {
      "",
      "/",
      "oneM2M/req/a/b/json",       // no leading '/'
      "/onem2m/req/a/b/json",      // case matters
      "/oneM2M/req/a/b",           // no format (TS-0010 §6.5.4: always present)
      "/oneM2M/req/a/b/json/",     // trailing level
      "/oneM2M/req/a/b/c/json",    // one level too many
      "/oneM2M/req//b/json",       // empty originator
      "/oneM2M/req/a//json",       // empty receiver
      "/oneM2M/req/a/b/",          // empty format
      "/oneM2M/request/a/b/json",  // unknown kind
      "/oneM2M//a/b/json",         // empty kind
      "/oneM2M/req/a/b/JSON",      // unknown format
      "/oneM2M/req/a/b/yaml",
      "/oneM2M/req/+/b/json",  // wildcards never appear in topic names
      "/oneM2M/req/a/#/json",
      "/oneM2M/req/a+b/c/json",
      std::string("/oneM2M/req/a\0b/c/json", 23),  // NUL
      "/oneM2M/req/a\x01/c/json",                  // control character
      "/oneM2M/req/a\x7f/c/json",
      "/oneM2M/req/" + std::string(kMaxTopicIdBytes + 1, 'x') + "/id-in/json",
      "/oneM2M/req/a/" + std::string(kMaxTopicBytes, 'x') + "/json",
      "//oneM2M/req/a/b/json",
  };
  for (const std::string& text : hostile) {
    SCOPED_TRACE("topic: " + text.substr(0, 60));
    auto topic = parseTopic(text);
    ASSERT_RSC(topic, Rsc::kBadRequest);
    EXPECT_EQ(topic.status().reason(), "mqtt.bad_topic");
    EXPECT_FALSE(topic.status().dbg().empty());
  }
}

// Found by the mqtt fuzz target (tests/fuzz/regressions/mqtt/originator_not_utf8): an originator
// level that is not UTF-8 was answered, and the answer's `to` (the originator) made a response
// no CBOR or JSON decoder accepts. MQTT topic names are UTF-8 (MQTT 3.1.1 §1.5.3).
TEST(MqttTopicTest, RejectsIdLevelsThatAreNotUtf8) {
  for (std::string topic : {std::string("/oneM2M/req/Cae\x82/id-in/json"),
                            std::string("/oneM2M/req/Cae1/id-\xc0\xafin/cbor"),
                            std::string("/oneM2M/resp/Cae1/\xed\xa0\x80/json")}) {
    auto parsed = parseTopic(topic);
    ASSERT_FALSE(parsed.isOk()) << topic;
    EXPECT_EQ(parsed.status().rsc(), Rsc::kBadRequest);
    EXPECT_NE(parsed.status().dbg().find("not UTF-8"), std::string::npos) << parsed.status().dbg();
  }
  EXPECT_TRUE(parseTopic("/oneM2M/req/C\xc3\xa9t\xc3\xa9/id-in/json").isOk());
}

TEST(MqttTopicTest, RoundTripsThroughBuildTopic) {
  for (const char* text : {"/oneM2M/req/Cae1/id-in/json", "/oneM2M/resp/id-mn:C1/id-in/cbor",
                           "/oneM2M/reg_req/cred/id-in/xml", "/oneM2M/reg_resp/c/id-in/json"}) {
    auto topic = parseTopic(text);
    ASSERT_OK(topic);
    EXPECT_EQ(buildTopic(topic.value()), text);
  }
}

TEST(MqttTopicTest, ResponseTopicKeepsOriginatorReceiverOrderAndFormat) {
  MqttTopic request{TopicKind::kRequest, "Cae1", "id-in", TopicFormat::kCbor};
  EXPECT_EQ(buildTopic(responseTopicFor(request)), "/oneM2M/resp/Cae1/id-in/cbor");
  request.kind = TopicKind::kRegistrationRequest;
  EXPECT_EQ(buildTopic(responseTopicFor(request)), "/oneM2M/reg_resp/Cae1/id-in/cbor");
}

TEST(MqttTopicTest, ConvertsIdsToTopicForm) {
  EXPECT_EQ(idToTopicSegment("Cae1"), "Cae1");
  EXPECT_EQ(idToTopicSegment("/id-in"), "id-in");
  EXPECT_EQ(idToTopicSegment("id-in"), "id-in");
  EXPECT_EQ(idToTopicSegment("/id-mn/Cae1"), "id-mn:Cae1");
  EXPECT_EQ(idToTopicSegment("//sp.example/id-in"), ":sp.example:id-in");
  EXPECT_EQ(idToTopicSegment("//sp.example/id-in/Cae"), ":sp.example:id-in:Cae");
}

TEST(MqttTopicTest, MatchesOriginatorInAnyIdForm) {
  EXPECT_TRUE(originatorMatchesTopic("Cae1", "Cae1", "id-in"));
  EXPECT_TRUE(originatorMatchesTopic("/id-in/Cae1", "Cae1", "id-in"));
  EXPECT_TRUE(originatorMatchesTopic("Cae1", "id-in:Cae1", "id-in"));
  EXPECT_TRUE(originatorMatchesTopic("/id-mn", "id-mn", "id-in"));
  EXPECT_TRUE(originatorMatchesTopic("/id-mn/Cae1", "id-mn:Cae1", "id-in"));
}

TEST(MqttTopicTest, DetectsOriginatorContradictingTopic) {
  EXPECT_FALSE(originatorMatchesTopic("CAdmin", "Cae1", "id-in"));
  EXPECT_FALSE(originatorMatchesTopic("/id-mn/Cae1", "Cae1", "id-in"));  // another CSE's AE
  EXPECT_FALSE(originatorMatchesTopic("Cae1", "id-mn:Cae1", "id-in"));
  EXPECT_FALSE(originatorMatchesTopic("Cae", "Cae1", "id-in"));
  EXPECT_FALSE(originatorMatchesTopic("Cae1", "id-in:", "id-in"));
}

}  // namespace
}  // namespace citadel::mqtt
