#include "tools/crash_test/cse_under_test.h"

#include <stdlib.h>

#include <chrono>
#include <vector>

#include "cse/model/json.h"
#include "tests/support/http_client.h"
#include "tests/support/mqtt_client.h"

namespace citadel::crash_test {
namespace {

constexpr std::chrono::seconds kMqttTimeout{20};

}  // namespace

CseUnderTest::CseUnderTest(std::string binary, std::string storage_path, bool sync,
                           std::string broker_uri, std::string log_path)
    : storage_path_(std::move(storage_path)),
      sync_(sync),
      broker_uri_(std::move(broker_uri)),
      log_path_(std::move(log_path)) {
  // TestCse runs CITADEL_TEST_BINARY when set ("run the tests against another build").
  setenv("CITADEL_TEST_BINARY", binary.c_str(), 1);
}

bool CseUnderTest::start(std::string* error) {
  coap_port_ = 0;
  bool started = false;
  if (cse_ == nullptr) {
    // Later keys win: the storage path given here replaces TestCse's own temp directory.
    cse_ = std::make_unique<testing::TestCse>(
        std::vector<std::string>{"--coap.enabled=true", "--coap.port=0", "--mqtt.enabled=true",
                                 "--mqtt.broker=" + broker_uri_, "--storage.path=" + storage_path_,
                                 std::string("--storage.sync=") + (sync_ ? "true" : "false")},
        log_path_);
    started = cse_->running() && cse_->port() != 0;
  } else {
    started = cse_->start();
  }
  if (!started) {
    *error = "the CSE did not start (see " + log_path_ + ")";
    return false;
  }
  return waitForCoapPort(error) && waitForMqtt(error);
}

void CseUnderTest::kill9() {
  if (cse_ != nullptr) cse_->kill9();
}

void CseUnderTest::stop() {
  if (cse_ != nullptr) cse_->stop();
}

bool CseUnderTest::waitForCoapPort(std::string* error) {
  testing::HttpClient http(httpPort());
  testing::HttpResult base = http.retrieve(kAdmin, kCseBase);
  for (const auto& poa : base.resource().value("poa", model::Json::array())) {
    if (poa.is_string() && poa.get<std::string>().starts_with("coap://")) {
      std::string text = poa.get<std::string>();
      coap_port_ = static_cast<uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
      return true;
    }
  }
  *error = "no coap:// poa on the CSEBase: " + base.body;
  return false;
}

bool CseUnderTest::waitForMqtt(std::string* error) {
  testing::MqttClient mqtt(broker_uri_, kAdmin);
  auto deadline = std::chrono::steady_clock::now() + kMqttTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    testing::MqttResult r = mqtt.send({{"op", 2}, {"to", "cse-in"}, {"fr", kAdmin}}, "json",
                                      std::chrono::milliseconds(500));
    if (r.rsc == 2000) {
      return true;
    }
  }
  *error = "the CSE never answered over MQTT";
  return false;
}

}  // namespace citadel::crash_test
