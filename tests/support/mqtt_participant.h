#pragma once
// A bare MQTT participant for the attack tests (issue 15 #2): a Paho client on the tests' broker
// that subscribes to any topic filter and publishes any payload on any topic, as an entity with
// no ACL on an open broker can. It plays the eavesdropper that answers the CSE's requests in
// another entity's place.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mqtt {
class async_client;
}

namespace citadel::testing {

struct MqttMessageSeen {
  std::string topic;
  std::string payload;
};

class MqttParticipant {
 public:
  // Connects anonymously to `broker_uri` ("tcp://127.0.0.1:<port>") and subscribes to
  // `filters`. On failure connected() is false and error() says why; no gtest failure.
  MqttParticipant(const std::string& broker_uri, const std::vector<std::string>& filters);
  ~MqttParticipant();

  MqttParticipant(const MqttParticipant&) = delete;
  MqttParticipant& operator=(const MqttParticipant&) = delete;

  bool connected() const;
  const std::string& error() const { return error_; }

  // The next message on a subscribed topic; nullopt after `timeout`.
  std::optional<MqttMessageSeen> next(std::chrono::milliseconds timeout);
  // Publishes `payload` on `topic` with QoS 1 and waits for the broker's acknowledgement.
  bool publish(const std::string& topic, const std::string& payload);

 private:
  std::unique_ptr<::mqtt::async_client> client_;
  std::string error_;
};

}  // namespace citadel::testing
