#include "tests/support/mqtt_participant.h"

#include <mqtt/async_client.h>
#include <unistd.h>

#include <atomic>

namespace citadel::testing {
namespace {

constexpr auto kTimeout = std::chrono::seconds(5);

std::string uniqueClientId() {
  static std::atomic<int> counter{0};
  return "test-participant-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace

MqttParticipant::MqttParticipant(const std::string& broker_uri,
                                 const std::vector<std::string>& filters) {
  try {
    client_ = std::make_unique<::mqtt::async_client>(broker_uri, uniqueClientId(), nullptr);
    client_->start_consuming();
    auto options = ::mqtt::connect_options_builder()
                       .mqtt_version(MQTTVERSION_3_1_1)
                       .clean_session(true)
                       .connect_timeout(kTimeout)
                       .finalize();
    if (!client_->connect(options)->wait_for(kTimeout + std::chrono::seconds(1))) {
      error_ = "CONNECT to " + broker_uri + " timed out";
      return;
    }
    for (const std::string& filter : filters) {
      if (!client_->subscribe(filter, 1)->wait_for(kTimeout)) {
        error_ = "SUBSCRIBE " + filter + " timed out";
        return;
      }
    }
  } catch (const std::exception& e) {
    error_ = std::string("MQTT participant: ") + e.what();
  }
}

MqttParticipant::~MqttParticipant() {
  if (!client_) return;
  try {
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // best effort: the broker drops the session with the socket anyway
  }
}

bool MqttParticipant::connected() const {
  return client_ && error_.empty() && client_->is_connected();
}

std::optional<MqttMessageSeen> MqttParticipant::next(std::chrono::milliseconds timeout) {
  ::mqtt::const_message_ptr message;
  if (!client_ || !client_->try_consume_message_for(&message, timeout) || !message) {
    return std::nullopt;
  }
  return MqttMessageSeen{message->get_topic(), message->get_payload_str()};
}

bool MqttParticipant::publish(const std::string& topic, const std::string& payload) {
  try {
    return client_ &&
           client_->publish(topic, payload.data(), payload.size(), 1, false)->wait_for(kTimeout);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace citadel::testing
