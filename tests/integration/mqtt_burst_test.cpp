// A pipelined burst through a real Mosquitto broker (issue 25 #3): one client publishes 2,000
// requests back to back without waiting, and every one is answered exactly once, with its own
// rqi; with one worker the answers also arrive in request order (MQTT 3.1.1 §4.6 keeps the
// order of QoS 1 messages on one topic, and one worker answers in arrival order). The client is
// the binding's own MqttConnection, which publishes without waiting for anything, as a device
// that streams readings does. Functional, not timed: the bounds are only there to end a hang.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bindings/mqtt/mqtt_binding.h"
#include "bindings/mqtt/mqtt_connection.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"
#include "tests/support/status_macros.h"

namespace citadel::testing {
namespace {

constexpr int kBurst = 2000;

// The answers one client received, in arrival order.
class Answers {
 public:
  void add(std::string payload) {
    std::lock_guard lock(mutex_);
    payloads_.push_back(std::move(payload));
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return payloads_.size();
  }
  // The rqi of each answer, in arrival order ("" where it has none).
  std::vector<std::string> requestIds() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const std::string& payload : payloads_) {
      Json answer = Json::parse(payload, nullptr, false);
      out.push_back(answer.is_object() ? answer.value("rqi", "") : "");
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> payloads_;
};

class MqttBurstTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!mosquittoAvailable()) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
    broker_ = &MosquittoBroker::shared();
    ASSERT_TRUE(broker_->running()) << broker_->log();
  }

  // A binding on its own CSE-ID with `workers` workers, connected.
  std::unique_ptr<mqtt::MqttBinding> startBinding(const std::string& cse_id, int workers) {
    mqtt::MqttBindingOptions options;
    options.broker = broker_->uri();
    options.cse_id = cse_id;
    options.client_id = "citadel-burst-" + std::to_string(::getpid()) + "-" + cse_id;
    options.workers = workers;
    auto binding = mqtt::MqttBinding::start(options, handler_);
    EXPECT_TRUE(binding.isOk()) << statusOf(binding).dbg();
    if (!binding.isOk()) return nullptr;
    EXPECT_TRUE(waitUntil([&] { return binding.value()->connected(); }));
    return std::move(binding).value();
  }

  // Publishes kBurst RETRIEVEs as `originator` to `cse_id` without waiting, then waits until
  // kBurst answers arrived (or 60 s passed) and a moment more for any duplicate. Returns the
  // answers' rqis in arrival order; the requests' rqis are "<originator>-<n>".
  std::vector<std::string> burst(const std::string& originator, const std::string& cse_id) {
    Answers answers;
    mqtt::MqttConnectionOptions options;
    options.server_uri = broker_->uri();
    options.client_id = originator + "-" + std::to_string(::getpid());
    options.clean_session = true;
    options.subscriptions = {"/oneM2M/resp/" + originator + "/" + cse_id + "/json"};
    auto client = mqtt::MqttConnection::create(
        options, [&answers](mqtt::MqttMessage m) { answers.add(std::move(m.payload)); });
    EXPECT_TRUE(client.isOk());
    if (!client.isOk()) return {};
    EXPECT_OK(client.value()->connect());
    const std::string topic = "/oneM2M/req/" + originator + "/" + cse_id + "/json";
    for (int i = 0; i < kBurst; ++i) {
      Json request = {{"op", 2}, {"to", "cse-in"}, {"fr", originator},
                      {"rqi", originator + "-" + std::to_string(i)}, {"rvi", "3"}};
      EXPECT_OK(client.value()->publish(topic, request.dump()));
    }
    EXPECT_TRUE(waitUntil([&] { return answers.size() >= kBurst; }, std::chrono::seconds(60)))
        << answers.size() << " of " << kBurst << " answered";
    waitUntil([&] { return answers.size() > kBurst; }, std::chrono::milliseconds(300));
    client.value()->close();
    return answers.requestIds();
  }

  RecordingHandler handler_;
  MosquittoBroker* broker_ = nullptr;
};

TEST_F(MqttBurstTest, EveryPipelinedRequestIsAnsweredExactlyOnce) {
  auto binding = startBinding("id-burst", 4);
  ASSERT_TRUE(binding);
  std::vector<std::string> rqis = burst("Cburst", "id-burst");
  std::map<std::string, int> times;
  for (const std::string& rqi : rqis) ++times[rqi];
  EXPECT_EQ(rqis.size(), static_cast<size_t>(kBurst));
  for (int i = 0; i < kBurst; ++i) {
    std::string rqi = "Cburst-" + std::to_string(i);
    EXPECT_EQ(times[rqi], 1) << rqi;
    if (times[rqi] != 1) break;  // one message is enough to see what went wrong
  }
  EXPECT_EQ(handler_.requests().size(), static_cast<size_t>(kBurst));
}

TEST_F(MqttBurstTest, OneWorkerAnswersAPipelinedBurstInRequestOrder) {
  auto binding = startBinding("id-order", 1);
  ASSERT_TRUE(binding);
  std::vector<std::string> rqis = burst("Corder", "id-order");
  ASSERT_EQ(rqis.size(), static_cast<size_t>(kBurst));
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_EQ(rqis[i], "Corder-" + std::to_string(i)) << "answer " << i << " out of order";
  }
}

}  // namespace
}  // namespace citadel::testing
