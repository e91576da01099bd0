// Issue 24 #15, Response Type noResponse (rt=5, TS-0004 §6.3.4.2.6): the operation is executed
// and no response primitive goes back. HTTP must answer something: 204 No Content, no body, no
// oneM2M headers. CoAP: a CON is still acknowledged (RFC 7252 §4.2) with an Empty ACK and no
// response follows. MQTT: nothing is published. Each test asserts the wire answer and that the
// operation ran (the resource is stored, read back over HTTP).
#include <gtest/gtest.h>

#include <string>
#include <unistd.h>

#include "bindings/coap/coap_options.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"

namespace citadel::testing {
namespace {

namespace option = coap::option;

class ConformanceNoResponseTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    std::vector<std::string> args = {"--coap.enabled=true", "--coap.port=0"};
    if (mosquittoAvailable()) {
      broker_ = &MosquittoBroker::shared();
      for (const auto& arg : broker_->cseArgs("noresponse")) args.push_back(arg);
    }
    startCse(args);
  }

  // A container create under `ae` with rt=5 in the body-independent form of each binding.
  static Json container(const std::string& rn) { return {{"m2m:cnt", {{"rn", rn}}}}; }

  static MosquittoBroker* broker_;
};

MosquittoBroker* ConformanceNoResponseTest::broker_ = nullptr;

TEST_F(ConformanceNoResponseTest, HttpAnswers204WithNoBodyAndTheCreateIsStored) {
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  HttpResult r = http().raw("POST", ae.path + "?rt=5",
                            {{"X-M2M-Origin", ae.id},
                             {"X-M2M-RI", HttpClient::nextRequestId()},
                             {"X-M2M-RVI", "4"},
                             {"Content-Type", "application/json;ty=3"}},
                            container(rn).dump());
  EXPECT_EQ(r.http_status, 204) << r;
  EXPECT_TRUE(r.body.empty()) << r;
  EXPECT_FALSE(r.hasHeader("X-M2M-RSC")) << r;
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 2000);
}

// A failing operation is not answered either: the originator asked for no response at all.
TEST_F(ConformanceNoResponseTest, HttpAnswers204EvenWhenTheOperationFails) {
  Ae ae = registerAe();
  HttpResult r = http().raw("DELETE", ae.path + "/nothing?rt=5",
                            {{"X-M2M-Origin", ae.id},
                             {"X-M2M-RI", HttpClient::nextRequestId()},
                             {"X-M2M-RVI", "4"}},
                            "");
  EXPECT_EQ(r.http_status, 204) << r;
  EXPECT_TRUE(r.body.empty()) << r;
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000);
}

TEST_F(ConformanceNoResponseTest, CoapAcknowledgesAConWithAnEmptyAckAndTheCreateIsStored) {
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  CoapClient coap(port);
  Ae ae = registerAe();
  std::string rn = uniqueName("cnt");
  coap::CoapMessage post;
  post.type = coap::MessageType::kConfirmable;
  post.code = coap::method::kPost;
  post.message_id = 0x5151;
  post.token = "norsp1";
  post.options = {{option::kUriPath, "cse-in"},
                  {option::kUriPath, ae.name},
                  {option::kContentFormat, coap::encodeUint(50)},
                  {option::kUriQuery, "rt=5"},
                  {option::kOneM2mTy, coap::encodeUint(3)},
                  {option::kOneM2mRvi, "4"},
                  {option::kOneM2mFr, ae.id},
                  {option::kOneM2mRqi, CoapClient::nextRequestId()}};
  post.payload = container(rn).dump();
  auto reply = coap.rawDatagram(coap::serializeMessage(post), std::chrono::seconds(5));
  ASSERT_TRUE(reply.has_value()) << "a CON must be acknowledged";
  auto ack = coap::parseMessage(*reply);
  ASSERT_TRUE(ack.isOk()) << ack.status().dbg();
  EXPECT_EQ(ack.value().type, coap::MessageType::kAcknowledgement);
  EXPECT_EQ(ack.value().code, 0) << "not an Empty ACK: " << coap::codeString(ack.value().code);
  EXPECT_EQ(ack.value().message_id, post.message_id);
  EXPECT_TRUE(ack.value().token.empty());
  EXPECT_TRUE(ack.value().options.empty());
  EXPECT_TRUE(ack.value().payload.empty());
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/" + rn).rsc, 2000);
}

TEST_F(ConformanceNoResponseTest, MqttPublishesNoResponseAndTheCreateIsStored) {
  if (broker_ == nullptr) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  ASSERT_TRUE(broker_->running()) << broker_->log();
  Ae ae = registerAe();
  MqttClient mqtt(broker_->uri(), ae.id);
  ASSERT_TRUE(mqtt.connected()) << mqtt.error();
  ASSERT_TRUE(waitUntil([&] { return mqtt.retrieve(ae.path.substr(1)).rsc == 2000; },
                        std::chrono::seconds(20)))
      << "the CSE never answered over MQTT";
  std::string rn = uniqueName("cnt");
  std::string silent_rqi = "norsp-" + rn;
  Json silent = {{"op", 1}, {"to", ae.path.substr(1)}, {"fr", ae.id}, {"rqi", silent_rqi},
                 {"rvi", "4"}, {"ty", 3}, {"rt", {{"rtv", 5}}}, {"pc", container(rn)}};
  std::string topic = "/oneM2M/req/" + mqtt.topicId() + "/id-in/json";
  MqttResult first = mqtt.publishRaw(topic, silent.dump(), std::chrono::milliseconds(1));
  ASSERT_TRUE(waitUntil([&] { return http().retrieve(ae.id, ae.path + "/" + rn).rsc == 2000; }))
      << "the rt=5 CREATE was not executed";
  // The next message on the response topic answers the next request, not the silent one.
  MqttResult answered = mqtt.retrieve(ae.path.substr(1) + "/" + rn);
  EXPECT_EQ(answered.rsc, 2000) << answered;
  MqttResult stray = first.received ? first : mqtt.next(std::chrono::milliseconds(1));
  EXPECT_FALSE(stray.received && stray.json.value("rqi", "") == silent_rqi)
      << "a response to the rt=5 request was published: " << stray;
}

}  // namespace
}  // namespace citadel::testing
