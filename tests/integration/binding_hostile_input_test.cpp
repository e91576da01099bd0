// Hostile input against the running `citadel` over CoAP and MQTT (issue 4 §6): a corpus of
// malformed datagrams and envelopes, then a seeded burst of random datagrams. Each item gets the
// binding's error answer, or (where none is possible) is dropped; afterwards the CSE is still
// running and still serves a valid request on the same binding, and nothing reached the tree.
#include <gtest/gtest.h>
#include <unistd.h>

#include <random>

#include "bindings/coap/coap_options.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"

namespace citadel::testing {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

class HostileInputTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    startCse({"--coap.enabled=true", "--coap.port=0", "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(), "--limits.maxRequestBytes=65536",
              "--mqtt.clientId=citadel-hostile-" + std::to_string(::getpid())});
  }

  // Every resource in the tree (discovery by the admin), to show the corpus created none.
  size_t cseBaseChildren() {
    HttpResult r = http().retrieve(kAdmin, kCseBase, "fu=1");
    EXPECT_EQ(r.rsc, 2000) << r;
    EXPECT_TRUE(r.json.contains("m2m:uril")) << r;
    return r.json.value("m2m:uril", Json::array()).size();
  }

  static MosquittoBroker* broker_;
};

MosquittoBroker* HostileInputTest::broker_ = nullptr;

struct CoapCase {
  const char* name;
  std::string datagram;
  int expect;  // CoAP code as 100*class+detail of the answer, -1 for RST, 0 for silence
};

TEST_F(HostileInputTest, CoapCorpusIsAnsweredOrDroppedAndTheCseKeepsServing) {
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  size_t children_before = cseBaseChildren();
  ASSERT_GT(children_before, 0u) << "the default ACP at least";
  CoapClient coap(port);
  std::string long_option(300, 'x');
  std::vector<CoapCase> corpus = {
      {"empty", "", 0},
      {"three_bytes", bytes({0x40, 0x01, 0x00}), 0},
      {"version_2", bytes({0x80, 0x01, 0x00, 0x01}), 0},
      {"token_length_15", bytes({0x4f, 0x01, 0x10, 0x01}), -1},
      {"delta_nibble_15", bytes({0x40, 0x01, 0x10, 0x02, 0xf1, 'x'}), -1},
      {"option_past_end", bytes({0x40, 0x01, 0x10, 0x03, 0xb5, 'a', 'b'}), -1},
      {"marker_without_payload", bytes({0x40, 0x01, 0x10, 0x04, 0xff}), -1},
      {"response_code_as_con", bytes({0x40, 0x45, 0x10, 0x05}), -1},
      {"malformed_non", bytes({0x50, 0x01, 0x10, 0x06, 0xf1, 'x'}), 0},
      {"stray_ack", bytes({0x60, 0x00, 0x10, 0x07}), 0},
      // Well-formed CoAP, bad oneM2M: unknown critical option 1001 -> 4.02 Bad Option.
      {"unknown_critical_option", [&] {
         coap::CoapMessage m;
         m.code = coap::code(0, 1);
         m.message_id = 0x1008;
         m.options = {{coap::option::kUriPath, "cse-in"}, {coap::option::kOneM2mRqi, "h0"},
                      {1001, "x"}};
         return coap::serializeMessage(m);
       }(), 402},
      // A fr option (279) of 300 bytes: longer than TS-0008's 255 -> 4.00.
      {"oversized_originator", [&] {
         coap::CoapMessage m;
         m.code = coap::code(0, 1);
         m.message_id = 0x1009;
         m.options = {{coap::option::kUriPath, "cse-in"},
                      {coap::option::kOneM2mRqi, "h1"},
                      {coap::option::kOneM2mRvi, "3"},
                      {coap::option::kOneM2mFr, long_option}};
         return coap::serializeMessage(m);
       }(), 400},
      // A CREATE whose JSON is cut off -> 4.00.
      {"truncated_json_payload", [&] {
         coap::CoapMessage m;
         m.code = coap::code(0, 2);
         m.message_id = 0x100a;
         m.options = {{coap::option::kUriPath, "cse-in"},
                      {coap::option::kContentFormat, coap::encodeUint(50)},
                      {coap::option::kOneM2mTy, coap::encodeUint(3)},
                      {coap::option::kOneM2mRvi, "3"},
                      {coap::option::kOneM2mFr, "CAdmin"},
                      {coap::option::kOneM2mRqi, "h2"}};
         m.payload = R"({"m2m:cnt":{"rn":"never")";
         return coap::serializeMessage(m);
       }(), 400},
  };
  for (const auto& item : corpus) {
    SCOPED_TRACE(item.name);
    auto reply = coap.rawDatagram(item.datagram, std::chrono::milliseconds(item.expect ? 3000 : 300));
    if (item.expect == 0) {
      EXPECT_FALSE(reply.has_value());
      continue;
    }
    ASSERT_TRUE(reply.has_value());
    auto parsed = coap::parseMessage(*reply);
    ASSERT_TRUE(parsed.isOk());
    if (item.expect < 0) {
      EXPECT_EQ(parsed.value().type, coap::MessageType::kReset);
    } else {
      EXPECT_EQ(coap::codeClass(parsed.value().code) * 100 + coap::codeDetail(parsed.value().code),
                item.expect);
      EXPECT_FALSE(parsed.value().payload.empty()) << "an m2m:dbg says why";
    }
  }

  // A seeded burst of random datagrams, half of them behind a valid CON request header.
  std::mt19937 random(20261202);
  for (int i = 0; i < 500; ++i) {
    std::string datagram(random() % 200, '\0');
    for (auto& c : datagram) c = static_cast<char>(random());
    if (i % 2 == 0 && datagram.size() >= 4) {
      datagram[0] = 0x40;
      datagram[1] = 0x01;
    }
    coap.rawDatagram(datagram, std::chrono::milliseconds(5));
  }
  CoapResult alive = coap.retrieve(kAdmin, kCseBase);
  EXPECT_EQ(alive.rsc, 2000) << alive;
  EXPECT_TRUE(cse().running());
  EXPECT_EQ(cseBaseChildren(), children_before) << "nothing reached the tree";
}

TEST_F(HostileInputTest, MqttCorpusIsAnsweredOrDroppedAndTheCseKeepsServing) {
  ASSERT_TRUE(broker_->running()) << broker_->log();
  size_t children_before = cseBaseChildren();
  ASSERT_EQ(http().registerAe("hostile"), "Chostile");
  size_t registered = children_before + 1;
  MqttClient client(broker_->uri(), "Chostile");
  ASSERT_TRUE(client.connected()) << client.error();
  ASSERT_TRUE(waitUntil([&] { return client.retrieve("cse-in").rsc == 2000; },
                        std::chrono::seconds(20)))
      << "the CSE never answered over MQTT";
  const std::string topic = "/oneM2M/req/Chostile/id-in/json";
  std::string deep(60000, '[');  // under limits.maxRequestBytes: the depth limit answers
  struct MqttCase {
    const char* name;
    std::string topic;
    std::string payload;
    int rsc;  // the rsc of the answer, 0 when no answer is possible (dropped)
  };
  std::vector<MqttCase> corpus = {
      {"truncated_json", topic, R"({"op":2,"to":)", 4000},
      {"not_an_object", topic, "[1,2,3]", 4000},
      {"op_as_string", topic, R"({"op":"x","to":"cse-in","fr":"Chostile","rqi":"a"})", 4000},
      {"op_out_of_range", topic, R"({"op":9,"to":"cse-in","fr":"Chostile","rqi":"b"})", 4000},
      {"missing_to", topic, R"({"op":2,"fr":"Chostile","rqi":"c"})", 4000},
      {"deep_nesting", topic, deep, 4000},
      {"oversized", topic, std::string(70000, ' ') + "{}", 4000},
      {"binary_junk", topic, bytes({0x00, 0xff, 0xfe, 0x7f, 0x80}), 4000},
      {"cbor_garbage", "/oneM2M/req/Chostile/id-in/cbor", bytes({0xbf, 0x61, 0x6f, 0xff, 0xff}),
       4000},
      {"fr_contradicts_topic", topic, R"({"op":2,"to":"cse-in","fr":"CAdmin","rqi":"d"})", 4000},
      {"xml_topic", "/oneM2M/req/Chostile/id-in/xml", "<m2m:rqp/>", 4015},
      {"too_few_levels", "/oneM2M/req/Chostile/id-in", R"({"op":2})", 0},
      {"unknown_kind", "/oneM2M/ask/Chostile/id-in/json", R"({"op":2})", 0},
  };
  for (const auto& item : corpus) {
    SCOPED_TRACE(item.name);
    MqttResult r = client.publishRaw(item.topic, item.payload,
                                     std::chrono::milliseconds(item.rsc ? 5000 : 500));
    if (item.rsc == 0) {
      EXPECT_FALSE(r.received) << r;
      continue;
    }
    ASSERT_TRUE(r.received) << r;
    EXPECT_EQ(r.rsc, item.rsc) << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  MqttResult alive = client.retrieve("cse-in");
  EXPECT_EQ(alive.rsc, 2000) << alive;
  EXPECT_TRUE(cse().running());
  EXPECT_EQ(cseBaseChildren(), registered) << "nothing but the AE reached the tree";
}

}  // namespace
}  // namespace citadel::testing
