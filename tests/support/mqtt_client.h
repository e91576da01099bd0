#pragma once
// An MQTT client for the tests (TS-0010 binding), on Paho: it plays an AE or CSE that publishes
// request primitives to the CSE and waits, bounded, for the response primitive with the same
// rqi. It builds and reads primitives with nlohmann directly (not with the binding's codec), so
// that it is an independent check of the wire format. Every helper request carries a fresh rqi
// and rvi "3"; publishRaw() sends only what it is given.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/ports.h"

namespace mqtt {
class async_client;
}

namespace citadel::testing {

using Json = model::Json;

struct MqttResult {
  bool received = false;   // false: nothing arrived within the timeout (see `error`)
  std::string topic;       // the topic the response arrived on
  std::string payload;     // its raw payload
  Json json;               // the parsed primitive (JSON or CBOR by topic suffix); null if not
  int rsc = 0;             // json["rsc"], 0 when absent
  std::string request_id;  // the rqi this client sent ("" for publishRaw)
  std::string error;

  // The m2m:dbg string of an error response, "" when absent.
  std::string dbg() const;
  // The resource inside pc when it has one member ({"m2m:cnt":{...}}); null otherwise.
  const Json& resource() const;
};

// For gtest failure messages: "rsc=4000 topic=... payload=...".
std::ostream& operator<<(std::ostream& out, const MqttResult& result);

class MqttClient {
 public:
  // Connects to `broker_uri` ("tcp://127.0.0.1:<port>") as the entity `originator` (its fr;
  // topic ID per TS-0010 §6.4.2: leading '/' dropped, other '/' as ':') and subscribes to
  // /oneM2M/resp/<topic-id>/# and /oneM2M/reg_resp/<topic-id>/#. On failure connected() is
  // false and error() says why; no gtest failure is recorded.
  MqttClient(std::string broker_uri, std::string originator, std::string cse_id = "id-in");
  ~MqttClient();

  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  bool connected() const;
  const std::string& error() const { return error_; }
  const std::string& originator() const { return originator_; }
  const std::string& topicId() const { return topic_id_; }

  // Publishes `primitive` (rqi, rvi and fr added when absent) on
  // /oneM2M/req/<topic-id>/<cse-id>/<format> ("json" or "cbor") and waits for the message whose
  // rqi matches. Other messages that arrive meanwhile are kept for next().
  MqttResult send(Json primitive, const std::string& format = "json",
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Same as JSON on the registration topic /oneM2M/reg_req/<topic-id>/<cse-id>/json
  // (TS-0010 §6.4.4): the client's topic ID plays the Credential-ID; fr is not added.
  MqttResult sendRegistration(Json primitive,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Publishes exactly `payload` on `topic` (QoS 1) and returns the next message received.
  MqttResult publishRaw(const std::string& topic, const std::string& payload,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The next message on a subscribed topic; received == false after `timeout`.
  MqttResult next(std::chrono::milliseconds timeout);

  // Binding-agnostic helpers: op, to, fr = originator(), fresh rqi, rvi "3".
  MqttResult create(const std::string& to, int ty, const Json& content);
  MqttResult retrieve(const std::string& to);
  MqttResult update(const std::string& to, const Json& content);
  MqttResult remove(const std::string& to);

  // A fresh request identifier, unique within this process.
  static std::string nextRequestId();
  // The TS-0010 §6.4.2 topic form of an entity ID.
  static std::string topicIdFor(const std::string& id);

 private:
  MqttResult exchange(const std::string& topic, const std::string& payload,
                      const std::string& request_id, std::chrono::milliseconds timeout);
  bool publish(const std::string& topic, const std::string& payload, std::string* error);
  MqttResult take(std::chrono::steady_clock::time_point deadline);

  std::string originator_;
  std::string topic_id_;
  std::string cse_id_;
  std::string error_;
  std::unique_ptr<::mqtt::async_client> client_;
  std::deque<MqttResult> backlog_;  // received while waiting for another rqi
};

// ---- Helpers for the MQTT binding tests ----

// A fake engine: records every request and answers 2000 with a CSEBase-like pc (or the response
// set with setResponse). Requests whose `to` was given to blockRequestsTo() wait in the handler
// until release() (at most 10 s). Thread-safe.
class RecordingHandler : public model::PrimitiveHandler {
 public:
  RecordingHandler();
  model::Response handle(model::Request request) override;
  std::vector<model::Request> requests() const;
  void setResponse(model::Response response);
  void blockRequestsTo(std::string to);
  void release();

 private:
  mutable std::mutex mutex_;
  std::condition_variable released_cv_;
  std::vector<model::Request> requests_;
  model::Response response_;
  std::string blocked_to_;
  bool released_ = false;
};

// Polls `condition` every 20 ms; false when it is still false after `timeout`.
bool waitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace citadel::testing
