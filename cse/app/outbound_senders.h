#pragma once
// The ways out of the CSE: the bindings' PrimitiveSenders for notifications (bounded by
// notification.timeout) and for DAS consultations (bounded by das.timeout), each behind a router
// that picks the binding from the target's scheme. One MQTT client serves both (TS-0010 §6.3.3: one
// client ID per CSE and broker), and the MQTT binding shares it once started.

#include <memory>

#include "bindings/coap/coap_sender.h"
#include "bindings/http/http_sender.h"
#include "bindings/mqtt/mqtt_sender.h"
#include "cse/engine/config.h"
#include "cse/engine/sender_router.h"

namespace citadel::app {

class OutboundSenders {
 public:
  explicit OutboundSenders(const engine::Config& config);
  OutboundSenders(const OutboundSenders&) = delete;
  OutboundSenders& operator=(const OutboundSenders&) = delete;

  // Notifications and other CSE-originated primitives, by scheme. Thread-safe.
  model::PrimitiveSender& notifications() { return notification_router_; }
  // DAS consultations and token fetches, by scheme, bounded by das.timeout. Thread-safe.
  model::PrimitiveSender& das() { return das_router_; }
  // Serves "pch://" targets (request-unreachable entities' polling channels) among the
  // notification senders. Before serving; `sender` must outlive this object.
  void addPollingChannels(model::PrimitiveSender* sender) {
    notification_router_.add("pch", sender);
  }
  // The CSE's one MQTT client, for the MQTT binding to attach its connection to.
  mqtt::MqttPrimitiveSender& mqtt() { return mqtt_; }
  // The long polls of this CSE's channel at its Registrar (registrar.requestReachable=false):
  // an HTTP(S) sender whose exchanges last registrar.pollWait plus notification.timeout, closed
  // by closeRegistrarPolls(). Null when this CSE does not poll.
  model::PrimitiveSender* registrarPolls() { return registrar_polls_.get(); }
  void closeRegistrarPolls() {
    if (registrar_polls_) registrar_polls_->close();
  }

 private:
  http::HttpPrimitiveSender http_;
  coap::CoapPrimitiveSender coap_;
  mqtt::MqttPrimitiveSender mqtt_;
  engine::SenderRouter notification_router_;
  http::HttpPrimitiveSender das_http_;
  coap::CoapPrimitiveSender das_coap_;
  mqtt::MqttSenderWithTimeout das_mqtt_;  // the same MQTT client, with das.timeout
  engine::SenderRouter das_router_;
  std::unique_ptr<http::HttpPrimitiveSender> registrar_polls_;
};

}  // namespace citadel::app
