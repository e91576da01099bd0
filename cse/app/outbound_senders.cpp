#include "cse/app/outbound_senders.h"

namespace citadel::app {
namespace {

mqtt::MqttSenderOptions mqttSenderOptions(const engine::Config& config) {
  mqtt::MqttSenderOptions options;
  options.cse_id = config.cse_id;
  options.client_id = config.mqttClientId() + "-tx";
  options.broker = config.mqtt_broker;
  options.foreign_brokers = config.mqtt_foreign_brokers;
  options.username = config.mqtt_username;
  options.password = config.mqtt_password;
  options.response_timeout = std::chrono::milliseconds(config.notification_timeout_ms);
  options.max_payload_bytes = config.max_request_bytes;
  return options;
}

}  // namespace

OutboundSenders::OutboundSenders(const engine::Config& config)
    : http_({std::chrono::milliseconds(config.notification_timeout_ms),
             std::chrono::milliseconds(config.notification_timeout_ms)}),
      coap_({std::chrono::milliseconds(config.notification_timeout_ms)}),
      mqtt_(mqttSenderOptions(config)),
      das_http_({std::chrono::milliseconds(config.das_timeout_ms),
                 std::chrono::milliseconds(config.das_timeout_ms)}),
      das_coap_({std::chrono::milliseconds(config.das_timeout_ms)}),
      das_mqtt_(mqtt_, std::chrono::milliseconds(config.das_timeout_ms)) {
  notification_router_.add("http", &http_);
  notification_router_.add("coap", &coap_);
  notification_router_.add("mqtt", &mqtt_);
  das_router_.add("http", &das_http_);
  das_router_.add("coap", &das_coap_);
  das_router_.add("mqtt", &das_mqtt_);
}

}  // namespace citadel::app
