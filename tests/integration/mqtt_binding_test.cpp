// MqttBinding end to end through a real Mosquitto broker (TS-0010 §6.4): requests from the Paho
// test client and from the mosquitto_pub / mosquitto_sub command-line tools reach a recording
// PrimitiveHandler, and its responses come back on the response topic. Also: concurrency,
// reconnection after a broker restart, and start-up while the broker is down.
#include "bindings/mqtt/mqtt_binding.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/status_macros.h"

namespace citadel::testing {
namespace {

using mqtt::MqttBinding;
using mqtt::MqttBindingOptions;

// Fast reconnects and a per-process client ID, so that parallel test processes sharing no broker
// still never share a session.
MqttBindingOptions bindingOptions(const std::string& broker_uri) {
  MqttBindingOptions options;
  options.broker = broker_uri;
  options.client_id = "citadel-test-" + std::to_string(::getpid()) + "-" +
                      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name();
  options.connect_timeout = std::chrono::seconds(5);  // > the ~2 s of a second Paho connection
  options.min_reconnect_delay = std::chrono::milliseconds(100);
  options.max_reconnect_delay = std::chrono::milliseconds(1000);
  return options;
}

class MqttBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    broker_ = &MosquittoBroker::shared();
    ASSERT_TRUE(broker_->running()) << broker_->log();
    binding_ = startBinding(broker_->uri());
    ASSERT_TRUE(binding_);
    ASSERT_TRUE(waitUntil([&] { return binding_->connected(); }));
  }

  std::unique_ptr<MqttBinding> startBinding(const std::string& broker_uri) {
    auto binding = MqttBinding::start(bindingOptions(broker_uri), handler_);
    EXPECT_TRUE(binding.isOk()) << citadel::testing::statusOf(binding).dbg();
    return binding.isOk() ? std::move(binding).value() : nullptr;
  }

  RecordingHandler handler_;
  MosquittoBroker* broker_ = nullptr;
  std::unique_ptr<MqttBinding> binding_;
};

TEST_F(MqttBindingTest, AnswersRequestFromPahoClient) {
  MqttClient client(broker_->uri(), "Cae1");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.retrieve("cse-in");
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.topic, "/oneM2M/resp/Cae1/id-in/json");
  EXPECT_EQ(result.rsc, 2000) << result;
  EXPECT_EQ(result.json["rqi"], result.request_id);
  EXPECT_EQ(result.json["rvi"], "3");
  EXPECT_EQ(result.json["to"], "Cae1");
  EXPECT_EQ(result.json["fr"], "/id-in");
  EXPECT_EQ(result.resource()["rn"], "cse-in");
  std::vector<model::Request> seen = handler_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].operation, model::Operation::kRetrieve);
  EXPECT_EQ(seen[0].to, "cse-in");
  EXPECT_EQ(seen[0].originator, "Cae1");
  EXPECT_EQ(seen[0].request_id, result.request_id);
  EXPECT_EQ(seen[0].transport.binding, model::Binding::kMqtt);
}

TEST_F(MqttBindingTest, AnswersCborRequestInCbor) {
  MqttClient client(broker_->uri(), "Cae2");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.send(
      {{"op", 1}, {"to", "cse-in"}, {"ty", 3}, {"pc", {{"m2m:cnt", {{"rn", "c"}}}}}}, "cbor");
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.topic, "/oneM2M/resp/Cae2/id-in/cbor");
  EXPECT_EQ(result.rsc, 2000);
  ASSERT_EQ(handler_.requests().size(), 1u);
  EXPECT_EQ(handler_.requests()[0].content["m2m:cnt"]["rn"], "c");
  EXPECT_EQ(handler_.requests()[0].resource_type, 3);
}

TEST_F(MqttBindingTest, AnswersRequestFromMosquittoCommandLineTools) {
  std::string port = std::to_string(broker_->port());
  std::string request = R"({"op":2,"to":"cse-in","fr":"Ccli","rqi":"cli-1","rvi":"3","rcn":1})";
  // Subscribe first (and wait for the SUBACK), then publish: the response must not race ahead.
  CommandOutput response =
      runWithSubscriber({"/usr/bin/mosquitto_sub", "-d", "-h", "127.0.0.1", "-p", port, "-q", "1",
                         "-C", "1", "-W", "5", "-t", "/oneM2M/resp/Ccli/id-in/json"},
                        {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-q", "1", "-t",
                         "/oneM2M/req/Ccli/id-in/json", "-m", request});
  ASSERT_TRUE(response.ok) << response.output;
  Json primitive = firstJsonLine(response.output);
  ASSERT_TRUE(primitive.is_object()) << response.output;
  EXPECT_EQ(primitive["rsc"], 2000);
  EXPECT_EQ(primitive["rqi"], "cli-1");
  ASSERT_EQ(handler_.requests().size(), 1u);
  EXPECT_EQ(handler_.requests()[0].result_content, model::ResultContent::kAttributes);
}

TEST_F(MqttBindingTest, AnswersMalformedPayloadWith4000) {
  MqttClient client(broker_->uri(), "Cae3");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.publishRaw("/oneM2M/req/Cae3/id-in/json", "{\"op\":2,");
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.topic, "/oneM2M/resp/Cae3/id-in/json");
  EXPECT_EQ(result.rsc, 4000);
  EXPECT_FALSE(result.dbg().empty());
  MqttResult typed = client.send({{"op", 2}, {"to", "cse-in"}, {"rcn", "all"}});
  EXPECT_EQ(typed.rsc, 4000) << typed;
  EXPECT_NE(typed.dbg().find("rcn"), std::string::npos) << typed;
  EXPECT_TRUE(handler_.requests().empty());
}

TEST_F(MqttBindingTest, RefusesFromContradictingTopicOriginator) {
  MqttClient client(broker_->uri(), "Cae4");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.send({{"op", 2}, {"to", "cse-in"}, {"fr", "CAdmin"}});
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.rsc, 4000) << result;
  EXPECT_TRUE(handler_.requests().empty());
}

TEST_F(MqttBindingTest, AnswersRegistrationOnRegResp) {
  MqttClient client(broker_->uri(), "cred-42");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.sendRegistration(
      {{"op", 1},
       {"to", "cse-in"},
       {"fr", "C"},
       {"ty", 2},
       {"pc", {{"m2m:ae", {{"api", "Nreg"}, {"rr", false}, {"srv", {"3"}}}}}}});
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.topic, "/oneM2M/reg_resp/cred-42/id-in/json");
  EXPECT_EQ(result.rsc, 2000);
  ASSERT_EQ(handler_.requests().size(), 1u);
  EXPECT_EQ(handler_.requests()[0].originator, "C");
}

TEST_F(MqttBindingTest, SlowRequestDoesNotBlockOthers) {
  handler_.blockRequestsTo("cse-in/slow");
  MqttClient slow_client(broker_->uri(), "Cslow");
  MqttClient fast_client(broker_->uri(), "Cfast");
  ASSERT_TRUE(slow_client.connected() && fast_client.connected());
  auto slow = std::async(std::launch::async, [&] { return slow_client.retrieve("cse-in/slow"); });
  ASSERT_TRUE(waitUntil([&] { return handler_.requests().size() == 1; }));
  MqttResult fast = fast_client.retrieve("cse-in/fast");
  EXPECT_EQ(fast.rsc, 2000) << fast;  // answered while the slow one is still in the handler
  handler_.release();
  EXPECT_EQ(slow.get().rsc, 2000);
}

TEST_F(MqttBindingTest, AnswersConcurrentRequestsEachWithItsOwnRqi) {
  constexpr int kClients = 4;
  constexpr int kRequestsEach = 10;
  std::vector<std::future<int>> answered;
  for (int c = 0; c < kClients; ++c) {
    answered.push_back(std::async(std::launch::async, [&, c] {
      MqttClient client(broker_->uri(), "Cpar" + std::to_string(c));
      int ok = 0;
      for (int i = 0; i < kRequestsEach; ++i) {
        MqttResult result = client.retrieve("cse-in");
        if (result.rsc == 2000 && result.json["rqi"] == result.request_id) ++ok;
      }
      return ok;
    }));
  }
  for (auto& count : answered) EXPECT_EQ(count.get(), kRequestsEach);
  EXPECT_EQ(handler_.requests().size(), static_cast<size_t>(kClients * kRequestsEach));
}

TEST_F(MqttBindingTest, AnswersOversizedPayloadWith4000) {
  MqttBindingOptions options = bindingOptions(broker_->uri());
  options.cse_id = "id-small";  // its own topics: the fixture's binding listens on id-in
  options.client_id += "-small";  // a shared client ID would make the broker drop the other
  options.max_payload_bytes = 512;
  RecordingHandler small_handler;
  auto small = MqttBinding::start(options, small_handler);
  ASSERT_OK(small);
  ASSERT_TRUE(waitUntil([&] { return small.value()->connected(); }));
  MqttClient client(broker_->uri(), "Cbig", "id-small");
  Json big = {{"op", 1}, {"to", "cse-in"}, {"fr", "Cbig"}, {"rqi", "big-1"}, {"rvi", "3"},
              {"ty", 4}, {"pc", {{"m2m:cin", {{"con", std::string(600, 'x')}}}}}};
  // Refused before parsing, so the answer cannot echo the rqi: take the next message.
  MqttResult result = client.publishRaw("/oneM2M/req/Cbig/id-small/json", big.dump());
  ASSERT_TRUE(result.received) << result;
  EXPECT_EQ(result.topic, "/oneM2M/resp/Cbig/id-small/json");
  EXPECT_EQ(result.rsc, 4000) << result;
  EXPECT_NE(result.dbg().find("512"), std::string::npos) << result;
  EXPECT_TRUE(small_handler.requests().empty());
}

TEST_F(MqttBindingTest, DropsRequestsBeyondTheQueueBound) {
  MqttBindingOptions options = bindingOptions(broker_->uri());
  options.cse_id = "id-queue";
  options.client_id += "-queue";
  options.workers = 1;
  options.max_queued = 2;
  RecordingHandler slow;
  slow.blockRequestsTo("cse-in");
  auto binding = MqttBinding::start(options, slow);
  ASSERT_OK(binding);
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }));
  MqttClient client(broker_->uri(), "Cflood", "id-queue");
  ASSERT_TRUE(client.connected()) << client.error();
  // One request in the handler, two queued, the rest dropped (and logged).
  for (int i = 0; i < 6; ++i) {
    client.send({{"op", 2}, {"to", "cse-in"}}, "json", std::chrono::milliseconds(1));
    if (i == 0) {
      ASSERT_TRUE(waitUntil([&] { return slow.requests().size() == 1; }));
    }
  }
  ASSERT_TRUE(waitUntil([&] { return binding.value()->droppedForTest() == 3; }));
  slow.release();
  int answered = 0;
  while (client.next(std::chrono::milliseconds(1000)).received) ++answered;
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(slow.requests().size(), 3u);
}

TEST_F(MqttBindingTest, RefusesMalformedBrokerUri) {
  MqttBindingOptions options = bindingOptions("http://127.0.0.1:1883");
  auto binding = MqttBinding::start(options, handler_);
  ASSERT_RSC(binding, model::Rsc::kBadRequest);
  options.broker = "mqtts://127.0.0.1:8883";
  ASSERT_RSC(MqttBinding::start(options, handler_), model::Rsc::kBadRequest);
}

TEST(MqttBindingReconnectTest, ReconnectsAfterBrokerRestart) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  MosquittoBroker broker;  // its own broker: this test stops it
  ASSERT_TRUE(broker.running()) << broker.log();
  RecordingHandler handler;
  auto binding = MqttBinding::start(bindingOptions(broker.uri()), handler);
  ASSERT_OK(binding);
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }));

  broker.stop();
  ASSERT_TRUE(waitUntil([&] { return !binding.value()->connected(); }));
  ASSERT_TRUE(broker.start()) << broker.log();  // same port; a fresh broker with no session
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }, std::chrono::seconds(15)));

  MqttClient client(broker.uri(), "Cagain");
  ASSERT_TRUE(client.connected()) << client.error();
  MqttResult result = client.retrieve("cse-in");
  EXPECT_EQ(result.rsc, 2000) << result;  // subscriptions were made again
}

TEST(MqttBindingReconnectTest, StartsWhileBrokerIsDownAndConnectsLater) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  MosquittoBroker broker;
  ASSERT_TRUE(broker.running()) << broker.log();
  broker.stop();  // keeps the port for start()
  RecordingHandler handler;
  auto binding = MqttBinding::start(bindingOptions(broker.uri()), handler);
  ASSERT_OK(binding);  // an unreachable broker is not a start-up failure
  EXPECT_FALSE(binding.value()->connected());
  ASSERT_TRUE(broker.start()) << broker.log();
  ASSERT_TRUE(waitUntil([&] { return binding.value()->connected(); }, std::chrono::seconds(15)));
  MqttClient client(broker.uri(), "Clate");
  EXPECT_EQ(client.retrieve("cse-in").rsc, 2000);
  binding.value()->stop();
  binding.value()->stop();  // idempotent
  EXPECT_FALSE(binding.value()->connected());
}

// TS-0010 §6.3.2: User Name and Password when the broker asks for them.
TEST(MqttBindingBrokerPolicyTest, ConnectsWithUserNameAndPasswordOnly) {
  if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  MosquittoConfig config;
  config.allow_anonymous = false;
  MosquittoBroker secured(config, /*start_now=*/false);
  std::string passwords = secured.file("passwords");
  std::string output;
  ASSERT_EQ(runCommand({"/usr/bin/mosquitto_passwd", "-c", "-b", passwords, "cse", "s3cret"},
                       &output),
            0)
      << output;
  config.extra_lines = "password_file " + passwords;
  secured.setConfig(config);
  ASSERT_TRUE(secured.start()) << secured.log();
  RecordingHandler handler;

  MqttBindingOptions wrong = bindingOptions(secured.uri());
  wrong.username = "cse";
  wrong.password = "guess";
  auto refused = MqttBinding::start(wrong, handler);
  ASSERT_OK(refused);  // not a start-up failure: it keeps retrying
  EXPECT_FALSE(waitUntil([&] { return refused.value()->connected(); }, std::chrono::seconds(1)));
  refused.value()->stop();

  MqttBindingOptions right = bindingOptions(secured.uri());
  right.username = "cse";
  right.password = "s3cret";
  auto binding = MqttBinding::start(right, handler);
  ASSERT_OK(binding);
  EXPECT_TRUE(waitUntil([&] { return binding.value()->connected(); })) << secured.log();
}

}  // namespace
}  // namespace citadel::testing
