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

// The https:// sender proves this CSE by its own certificate (its CSE-ID certificate) and trusts
// the servers tls.caFile anchors.
http::HttpSenderOptions httpSenderOptions(const engine::Config& config, int timeout_ms) {
  http::HttpSenderOptions options;
  options.connect_timeout = std::chrono::milliseconds(timeout_ms);
  options.response_timeout = std::chrono::milliseconds(timeout_ms);
  options.tls = {config.tls_certificate, config.tls_private_key, config.tls_ca_file};
  return options;
}

}  // namespace

OutboundSenders::OutboundSenders(const engine::Config& config)
    : http_(httpSenderOptions(config, config.notification_timeout_ms)),
      coap_({std::chrono::milliseconds(config.notification_timeout_ms)}),
      mqtt_(mqttSenderOptions(config)),
      das_http_(httpSenderOptions(config, config.das_timeout_ms)),
      das_coap_({std::chrono::milliseconds(config.das_timeout_ms)}),
      das_mqtt_(mqtt_, std::chrono::milliseconds(config.das_timeout_ms)) {
  notification_router_.add("http", &http_);
  notification_router_.add("https", &http_);
  notification_router_.add("coap", &coap_);
  notification_router_.add("mqtt", &mqtt_);
  // mqtts:// reaches the configured TLS broker only (the MQTT sender's rule).
  notification_router_.add("mqtts", &mqtt_);
  das_router_.add("http", &das_http_);
  das_router_.add("https", &das_http_);
  das_router_.add("coap", &das_coap_);
  das_router_.add("mqtt", &das_mqtt_);
  das_router_.add("mqtts", &das_mqtt_);
  if (!config.registrar_url.empty() && !config.registrar_request_reachable) {
    http::HttpSenderOptions polls = httpSenderOptions(config, config.notification_timeout_ms);
    polls.response_timeout += std::chrono::milliseconds(config.registrar_poll_wait_ms);
    registrar_polls_ = std::make_unique<http::HttpPrimitiveSender>(polls);
  }
}

}  // namespace citadel::app
