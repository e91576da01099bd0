// parseMqttUri / pahoServerUri, TS-0010 §6.6.
#include "bindings/mqtt/mqtt_uri.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::mqtt {
namespace {

TEST(MqttUriTest, ParsesHostPortAndPath) {
  auto uri = parseMqttUri("mqtt://broker.example:1884/Cae1");
  ASSERT_OK(uri);
  EXPECT_FALSE(uri.value().secure);
  EXPECT_EQ(uri.value().host, "broker.example");
  EXPECT_EQ(uri.value().port, 1884);
  EXPECT_EQ(uri.value().path, "Cae1");
  EXPECT_EQ(pahoServerUri(uri.value()), "tcp://broker.example:1884");
  EXPECT_EQ(pointOfAccessUri(uri.value()), "mqtt://broker.example:1884");
}

TEST(MqttUriTest, UsesIanaPortsWhenAbsent) {
  EXPECT_EQ(parseMqttUri("mqtt://h").value().port, 1883);
  EXPECT_EQ(parseMqttUri("mqtts://h").value().port, 8883);
  EXPECT_TRUE(parseMqttUri("mqtts://h").value().secure);
  EXPECT_EQ(pahoServerUri(parseMqttUri("mqtts://h").value()), "ssl://h:8883");
}

TEST(MqttUriTest, AcceptsPahoSchemesAndIpv6) {
  EXPECT_EQ(parseMqttUri("tcp://127.0.0.1:1883").value().host, "127.0.0.1");
  auto v6 = parseMqttUri("mqtt://[::1]:1999/oneM2M/req/id-in/Cae/json");
  ASSERT_OK(v6);
  EXPECT_EQ(v6.value().host, "::1");
  EXPECT_EQ(v6.value().port, 1999);
  EXPECT_EQ(v6.value().path, "oneM2M/req/id-in/Cae/json");
  EXPECT_EQ(pahoServerUri(v6.value()), "tcp://[::1]:1999");
  EXPECT_EQ(pointOfAccessUri(parseMqttUri("tcp://[::1]").value()), "mqtt://[::1]:1883");
}

TEST(MqttUriTest, RejectsMalformedUris) {
  for (const char* text :
       {"", "mqtt:/h", "http://h:80/x", "mqtt://", "mqtt://:1883", "mqtt://h:", "mqtt://h:0",
        "mqtt://h:65536", "mqtt://h:12x", "mqtt://user:pw@h", "mqtt://h/x?y=1", "mqtt://h/x#f",
        "mqtt://[::1", "mqtt://[::1]x", "mqtt://h h"}) {
    SCOPED_TRACE(text);
    auto uri = parseMqttUri(text);
    ASSERT_RSC(uri, model::Rsc::kBadRequest);
    EXPECT_EQ(uri.status().reason(), "mqtt.bad_uri");
  }
}

TEST(MqttUriTest, NeverEchoesUserInfo) {
  auto uri = parseMqttUri("mqtt://cse:s3cret@broker.example:1883/x");
  ASSERT_RSC(uri, model::Rsc::kBadRequest);
  EXPECT_EQ(uri.status().dbg().find("s3cret"), std::string::npos) << uri.status().dbg();
  EXPECT_NE(uri.status().dbg().find("broker.example"), std::string::npos) << uri.status().dbg();
}

}  // namespace
}  // namespace citadel::mqtt
