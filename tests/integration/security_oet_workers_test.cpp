// Issue 15 #11 on CoAP and MQTT: a request whose operation execution time (oet) is still ahead
// holds no binding worker while it waits; its answer is sent when due. Before: each such
// request slept on a worker (coap.threads, the MQTT binding's 4), so that many of them stopped
// the binding for everyone until due. Driven against the real binary.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <vector>

#include "bindings/coap/coap_options.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/mosquitto_broker.h"
#include "tests/support/mqtt_client.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kCoapThreads = 2;
constexpr int kMqttWorkers = 4;  // MqttBindingOptions::workers
constexpr const char* kDueIn = "2500";  // oet: 2.5 s from now (relative, ms)

// Waits for every timed request after the probe: each must have been pending when the probe was
// answered (so the probe did not wait for a worker they held), and each is answered when due.
template <typename Result>
void expectAllPendingThenAnswered(std::vector<std::future<Result>>& timed) {
  int pending = 0;
  for (auto& f : timed) pending += f.wait_for(0s) != std::future_status::ready;
  EXPECT_EQ(pending, static_cast<int>(timed.size()))
      << "the probe was answered only after timed requests";
  for (auto& f : timed) {
    Result r = f.get();
    EXPECT_EQ(r.rsc, 2000) << r.payload;
  }
}

class SecurityOetWorkersTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    broker_ = &MosquittoBroker::shared();
    startCse({"--coap.enabled=true", "--coap.port=0",
              "--coap.threads=" + std::to_string(kCoapThreads), "--mqtt.enabled=true",
              "--mqtt.broker=" + broker_->uri(),
              "--mqtt.clientId=citadel-oet-" + std::to_string(::getpid())});
  }
  static MosquittoBroker* broker_;
};
MosquittoBroker* SecurityOetWorkersTest::broker_ = nullptr;

TEST_F(SecurityOetWorkersTest, CoapRequestsWaitingForTheirExecutionTimeHoldNoWorker) {
  uint16_t port = pointOfAccessPort("coap");
  std::vector<std::future<CoapResult>> timed;
  for (int i = 0; i < kCoapThreads + 2; ++i) {
    timed.push_back(std::async(std::launch::async, [port, i] {
      CoapClient client(port);
      client.setTimeout(8s);
      coap::CoapRequestParts parts;
      parts.method = coap::method::kGet;
      parts.uri_path = {"cse-in"};
      parts.options = {{coap::option::kOneM2mFr, kAdmin},
                       {coap::option::kOneM2mRqi, "coap-oet-" + std::to_string(i)},
                       {coap::option::kOneM2mRvi, "3"},
                       {coap::option::kOneM2mOet, kDueIn}};
      return client.send(parts);
    }));
  }
  std::this_thread::sleep_for(400ms);  // let them reach the CSE
  CoapResult probe = CoapClient(port).retrieve(kAdmin, "/cse-in");
  EXPECT_EQ(probe.rsc, 2000) << probe.error;
  expectAllPendingThenAnswered(timed);
}

TEST_F(SecurityOetWorkersTest, MqttRequestsWaitingForTheirExecutionTimeHoldNoWorker) {
  ASSERT_TRUE(broker_->running()) << broker_->log();
  std::vector<std::future<MqttResult>> timed;
  for (int i = 0; i < kMqttWorkers + 2; ++i) {
    timed.push_back(std::async(std::launch::async, [i] {
      MqttClient client(broker_->uri(), kAdmin);
      Json primitive = {{"op", 2}, {"to", "cse-in"}, {"rqi", "mqtt-oet-" + std::to_string(i)},
                        {"oet", kDueIn}};
      return client.send(primitive, "json", 8s);
    }));
  }
  std::this_thread::sleep_for(600ms);  // connected and published
  MqttClient prober(broker_->uri(), kAdmin);
  ASSERT_TRUE(prober.connected()) << prober.error();
  MqttResult probe = prober.retrieve("cse-in");
  EXPECT_EQ(probe.rsc, 2000) << probe.payload;
  expectAllPendingThenAnswered(timed);
}

}  // namespace
}  // namespace citadel::testing
