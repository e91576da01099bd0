#pragma once
// The MQTT binding (TS-0010 §6.3, §6.4): one client connection to the broker, subscribed to
// /oneM2M/req/+/<cse-id>/+ and /oneM2M/reg_req/+/<cse-id>/+ (requests to this CSE) and to
// /oneM2M/resp/<cse-id>/# (responses to requests this CSE sent through MqttPrimitiveSender).
// Each request is handed to the PrimitiveHandler port on a small worker pool (never on the MQTT
// library's receive thread, which would stall every other delivery), and the response is
// published on the matching /oneM2M/resp/… or /oneM2M/reg_resp/… topic with QoS 1. A request
// with an oet still ahead holds no worker: its response is published when due (dropped once
// the binding has stopped).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "bindings/mqtt/mqtt_connection.h"
#include "cse/model/ports.h"
#include "cse/model/status.h"

namespace citadel::mqtt {

class MqttPrimitiveSender;

struct MqttBindingOptions {
  std::string broker = "tcp://127.0.0.1:1883";  // tcp://, mqtt://; ssl://, mqtts:// with `tls`
  // TS-0010 §6.3.3 suggests "C::<CSE-ID>"; any ID unique on the broker works.
  std::string client_id = "citadel-id-in";
  std::string username, password;  // sent only when username is not empty
  MqttTlsOptions tls;              // for ssl:// and mqtts:// brokers: ca_file is required
  std::string cse_id = "id-in";    // SP-relative CSE-ID without the leading '/'
  size_t max_payload_bytes = 1 << 20;
  int workers = 4;           // threads calling the handler
  // Received but not yet handled, by count and by payload bytes; beyond, dropped and logged.
  // Deep, so that a pipelined burst is absorbed (the receive thread cannot wait; see .cpp).
  size_t max_queued = 16384;
  size_t max_queued_bytes = size_t{64} << 20;
  // A refused connection fails at once; this bounds a silent broker (TCP connect, TLS, CONNACK).
  std::chrono::seconds connect_timeout{10};
  // Reconnect backoff: doubles from min to max after each failed attempt, back to min on success.
  std::chrono::milliseconds min_reconnect_delay{250};
  std::chrono::milliseconds max_reconnect_delay{30000};
};

class MqttBinding final : public model::BindingEndpoint {
 public:
  // Validates the options, starts the workers and makes one connection attempt (bounded by
  // connect_timeout). An unreachable broker is not an error: it is logged, and a background
  // thread keeps trying with the backoff above, as it does after any later connection loss.
  // 4000 "mqtt.bad_uri" / "mqtt.bad_options" for a malformed broker URI or option.
  // `sender`, when given, sends its requests for this broker over this binding's connection
  // (one client ID per broker, TS-0010 §6.3.3) until stop(); its cse_id must match. It must
  // outlive this binding.
  static model::Result<std::unique_ptr<MqttBinding>> start(const MqttBindingOptions& options,
                                                           model::PrimitiveHandler& handler,
                                                           MqttPrimitiveSender* sender = nullptr);
  ~MqttBinding() override;  // stop()

  MqttBinding(const MqttBinding&) = delete;
  MqttBinding& operator=(const MqttBinding&) = delete;

  // The broker's URI as a point of access ("mqtt://127.0.0.1:1883"; TS-0010 §6.6): the CSE is
  // reached through its broker.
  std::string pointOfAccess() const override;
  // Detaches from the sender, stops reconnecting and receiving, waits for requests in progress
  // (their responses are still published), drops queued ones, and disconnects. Idempotent; not
  // from a handler thread.
  void stop() override;
  // True while connected to the broker (subscriptions made). Thread-safe.
  bool connected() const;
  // Requests dropped because max_queued were already waiting. Thread-safe.
  uint64_t droppedForTest() const;

 private:
  struct Impl;
  explicit MqttBinding(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::mqtt
