// MqttPrimitiveSender through a real Mosquitto broker (TS-0010 §6.4.5): the CSE as originator.
// The receiving entity ("Cae1") is a second MqttBinding with a recording handler, so both ends
// are real MQTT clients. Covers the standalone connection, sharing the binding's connection,
// CBOR, rqi correlation under concurrency, timeouts (4008) and unreachable brokers (5103).
#include "bindings/mqtt/mqtt_sender.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <future>
#include <vector>

#include "bindings/mqtt/mqtt_binding.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/status_macros.h"

namespace citadel::testing {
namespace {

using model::Rsc;
using mqtt::MqttBinding;
using mqtt::MqttBindingOptions;
using mqtt::MqttPrimitiveSender;
using mqtt::MqttSenderOptions;

std::string uniqueSuffix() {
  return std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

// The shared broker is the configured one (mqtt.broker): the sender connects only there.
MqttSenderOptions senderOptions() {
  MqttSenderOptions options;
  options.broker = MosquittoBroker::shared().uri();
  options.client_id = "citadel-tx-" + uniqueSuffix();
  options.response_timeout = std::chrono::milliseconds(3000);
  return options;
}

model::Request notifyRequest(std::string request_id = "") {
  model::Request request;
  request.operation = model::Operation::kNotify;
  request.to = "mqtt://ignored";
  request.originator = "/id-in";
  request.request_id = request_id.empty() ? MqttClient::nextRequestId() : request_id;
  request.release_version_indicator = "3";
  request.content = {{"m2m:sgn", {{"sur", "/id-in/sub1"}, {"vrq", true}}}};
  return request;
}

class MqttSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    broker_ = &MosquittoBroker::shared();
    ASSERT_TRUE(broker_->running()) << broker_->log();
    // The target entity: an "AE" Cae1 listening on /oneM2M/req/+/Cae1/+.
    MqttBindingOptions target;
    target.broker = broker_->uri();
    target.cse_id = "Cae1";
    target.client_id = "test-ae-" + uniqueSuffix();
    auto started = MqttBinding::start(target, ae_);
    ASSERT_OK(started);
    ae_binding_ = std::move(started).value();
    ASSERT_TRUE(waitUntil([&] { return ae_binding_->connected(); }));
  }

  std::string target(const std::string& path = "Cae1") const {
    return broker_->mqttUri() + "/" + path;
  }

  RecordingHandler ae_;
  MosquittoBroker* broker_ = nullptr;
  std::unique_ptr<MqttBinding> ae_binding_;
};

TEST_F(MqttSenderTest, SendsNotifyOverOwnConnectionAndReturnsResponse) {
  MqttPrimitiveSender sender(senderOptions());
  model::Request request = notifyRequest();
  model::Response response = sender.send(target(), request);
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(response.request_id, request.request_id);
  EXPECT_EQ(response.from, "/Cae1");  // the receiving binding fills fr with its own ID
  std::vector<model::Request> seen = ae_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].operation, model::Operation::kNotify);
  EXPECT_EQ(seen[0].originator, "/id-in");
  EXPECT_EQ(seen[0].request_id, request.request_id);
  EXPECT_EQ(seen[0].content["m2m:sgn"]["vrq"], true);
}

TEST_F(MqttSenderTest, SharesTheBindingsConnectionForItsBroker) {
  MqttSenderOptions options = senderOptions();
  MqttPrimitiveSender sender(options);
  RecordingHandler cse;
  MqttBindingOptions binding_options;
  binding_options.broker = broker_->uri();
  binding_options.client_id = "test-cse-" + uniqueSuffix();
  auto binding = MqttBinding::start(binding_options, cse, &sender);
  ASSERT_OK(binding);
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }));
  model::Response response = sender.send(target(), notifyRequest());
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(ae_.requests().size(), 1u);
  // One MQTT client per CSE (TS-0010 §6.3.3): the sender opened no connection of its own.
  EXPECT_EQ(broker_->log().find(options.client_id), std::string::npos) << broker_->log();
  EXPECT_TRUE(cse.requests().empty());  // the response went to the waiter, not the handler

  binding.value()->stop();  // detaches: the sender now opens its own connection
  EXPECT_EQ(sender.send(target(), notifyRequest()).status_code, Rsc::kOk);
  EXPECT_NE(broker_->log().find(options.client_id), std::string::npos);
}

TEST_F(MqttSenderTest, SendsCborToAnExplicitRequestTopic) {
  MqttPrimitiveSender sender(senderOptions());
  model::Response response = sender.send(target("oneM2M/req/id-in/Cae1/cbor"), notifyRequest());
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(ae_.requests().size(), 1u);
}

TEST_F(MqttSenderTest, CorrelatesConcurrentResponsesByRqi) {
  MqttPrimitiveSender sender(senderOptions());
  ASSERT_EQ(sender.send(target(), notifyRequest()).status_code, Rsc::kOk);  // connects once
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 8; ++i) {
    results.push_back(std::async(std::launch::async, [&, i] {
      model::Request request = notifyRequest("par-" + std::to_string(i) + "-" + uniqueSuffix());
      model::Response response = sender.send(target(), request);
      return response.status_code == Rsc::kOk && response.request_id == request.request_id;
    }));
  }
  for (auto& ok : results) EXPECT_TRUE(ok.get());
  EXPECT_EQ(ae_.requests().size(), 9u);
}

TEST_F(MqttSenderTest, AnswersRequestTimeoutWhenNobodyResponds) {
  MqttSenderOptions options = senderOptions();
  options.response_timeout = std::chrono::milliseconds(500);
  MqttPrimitiveSender sender(options);
  model::Response response = sender.send(target("Cnobody"), notifyRequest());
  EXPECT_EQ(response.status_code, Rsc::kRequestTimeout);
  EXPECT_EQ(response.reason, "mqtt.response_timeout");
}

TEST_F(MqttSenderTest, AnswersTargetNotReachableWhenBrokerIsDown) {
  MosquittoBroker stopped;
  ASSERT_TRUE(stopped.running());
  stopped.stop();  // nothing listens on its port now
  MqttSenderOptions options = senderOptions();
  options.broker = stopped.uri();
  MqttPrimitiveSender sender(options);
  model::Response response = sender.send(stopped.mqttUri() + "/Cae1", notifyRequest());
  EXPECT_EQ(response.status_code, Rsc::kTargetNotReachable);
  EXPECT_EQ(response.reason, "mqtt.connect_failed");
}

TEST_F(MqttSenderTest, AnswersTargetNotReachableForUnusableUris) {
  MqttPrimitiveSender sender(senderOptions());
  for (const std::string& uri :
       {std::string("http://127.0.0.1:1/x"), broker_->mqttUri(), broker_->mqttUri() + "/",
        broker_->mqttUri() + "/a+b", broker_->mqttUri() + "/oneM2M/resp/id-in/Cae1/json",
        broker_->mqttUri() + "/oneM2M/req/id-mn/Cae1/json", std::string("mqtts://h/Cae1"),
        std::string("mqtt://user@h/Cae1")}) {
    SCOPED_TRACE(uri);
    model::Response response = sender.send(uri, notifyRequest());
    EXPECT_EQ(response.status_code, Rsc::kTargetNotReachable);
    EXPECT_FALSE(response.content.is_null());  // an m2m:dbg says why
  }
  EXPECT_TRUE(ae_.requests().empty());
}

// Issue 15 #3: a broker other than the configured one is refused unless allow-listed, and the
// allow-listed one gets no credentials (the shared broker admits anonymous clients).
TEST_F(MqttSenderTest, RefusesForeignBrokersUnlessAllowListed) {
  MqttSenderOptions options = senderOptions();
  options.broker = "tcp://127.0.0.1:1";
  options.username = "cse";
  options.password = "not-for-foreign-brokers";
  {
    MqttPrimitiveSender sender(options);
    model::Response response = sender.send(target(), notifyRequest());
    EXPECT_EQ(response.status_code, Rsc::kTargetNotReachable);
    EXPECT_EQ(response.reason, "mqtt.foreign_broker");
    EXPECT_EQ(broker_->log().find(options.client_id), std::string::npos) << broker_->log();
  }
  options.foreign_brokers = {"127.0.0.1:" + std::to_string(broker_->port())};
  MqttPrimitiveSender sender(options);
  EXPECT_EQ(sender.send(target(), notifyRequest()).status_code, Rsc::kOk);
  std::string log = broker_->log();
  size_t connected = log.find(" as " + options.client_id);
  ASSERT_NE(connected, std::string::npos) << log;
  EXPECT_EQ(log.substr(connected, log.find('\n', connected) - connected).find("u'cse'"),
            std::string::npos)
      << log;
}

}  // namespace
}  // namespace citadel::testing
