#pragma once
// The MQTT side of the PrimitiveSender port (TS-0010 §6.4.2, §6.4.5, §6.6): sends a request
// primitive (a NOTIFY, later a forwarded request or a DAS query) as the originator and waits for
// the response primitive with the same rqi.
//
// Target URIs: mqtt://host[:port]/<target-id>. The request goes to
// /oneM2M/req/<cse-id>/<target-id>/json and the response is awaited on
// /oneM2M/resp/<cse-id>/<target-id>/json. <target-id> is an entity ID ("Cae1"; "id-mn/Cae1" has
// its '/' turned into ':'). A path that is itself a request topic of this CSE
// ("oneM2M/req/<cse-id>/<target>/json|cbor", the TS-0010 §6.6 nu form) is used as given.
//
// Connections: the broker of a running MqttBinding is reached over the binding's own connection
// (attachRoute), so that the CSE is one MQTT client with one client ID per broker (TS-0010
// §6.3.3, §7.2). Other brokers get a connection of the sender's own, opened on first use, and
// only when they are the configured broker (`broker`) or on the `foreign_brokers` allow-list
// (issue 15 #3): a nu or DAS URI is written by an originator, and following it anywhere would
// let it make the CSE connect to hosts of its choice. The CSE's credentials (username, password)
// go to the configured broker only; a foreign broker is connected to without any.
//
// Responses: see mqtt_response_waiter.h (only the target may answer; issue 15 #2).

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cse/model/ports.h"

namespace citadel::mqtt {

class MqttConnection;
class ResponseWaiter;

struct MqttSenderOptions {
  std::string cse_id = "id-in";  // the originator in topics, without the leading '/'
  // For the sender's own connections; must differ from the binding's client ID.
  std::string client_id = "citadel-id-in-tx";
  // The configured broker (mqtt.broker, any form parseMqttUri takes); "" for none. The only
  // broker that gets username and password.
  std::string broker;
  // Other brokers requests may go to, "host:port" each (mqtt.foreignBrokers); connected to
  // without credentials. Empty: none. Brokers are compared by host text and port, so
  // "localhost:1883" does not allow "127.0.0.1:1883".
  std::vector<std::string> foreign_brokers;
  std::string username, password;  // sent to `broker` only
  // For the sender's own connections: bounds TCP connect, TLS and the CONNACK.
  std::chrono::seconds connect_timeout{5};
  std::chrono::milliseconds response_timeout{3000};
  size_t max_payload_bytes = 1 << 20;
};

// A connection requests may be published on, and the waiter its response topics feed.
struct MqttRoute {
  std::shared_ptr<MqttConnection> connection;
  std::shared_ptr<ResponseWaiter> waiter;
};

class MqttPrimitiveSender final : public model::PrimitiveSender {
 public:
  explicit MqttPrimitiveSender(MqttSenderOptions options);
  ~MqttPrimitiveSender() override;  // closes the sender's own connections

  MqttPrimitiveSender(const MqttPrimitiveSender&) = delete;
  MqttPrimitiveSender& operator=(const MqttPrimitiveSender&) = delete;

  // Blocking, bounded by connect_timeout (own connections only) + response_timeout. Returns the
  // peer's response, or:
  //   5103 when the URI is not a usable mqtt:// target, names a broker that is neither attached,
  //        `broker` nor in `foreign_brokers` (reason "mqtt.foreign_broker", logged), or the
  //        broker cannot be reached (an attached route that is reconnecting counts as
  //        unreachable);
  //   4008 when no response with the request's rqi arrives within response_timeout.
  // A request without rqi gets a generated one. Thread-safe.
  model::Response send(const std::string& target_uri, const model::Request& request) override;
  // send() with another bound on the wait for the response (the DAS consultation's own).
  model::Response sendWithin(const std::string& target_uri, const model::Request& request,
                             std::chrono::milliseconds response_timeout);

  // Sends requests for brokers at `server_uri` (Paho form, "tcp://host:port") over `route`,
  // whose owner feeds /oneM2M/resp/<cse-id>/# messages to route.waiter. Replaces an earlier
  // route for the same broker. Thread-safe.
  void attachRoute(const std::string& server_uri, MqttRoute route);
  // Removes the route for `server_uri` if it still uses `connection`. Sends in progress finish
  // on it. Thread-safe.
  void detachRoute(const std::string& server_uri, const MqttConnection* connection);

  const MqttSenderOptions& options() const { return options_; }

 private:
  struct Route;
  std::shared_ptr<Route> routeFor(const std::string& server_uri, model::Status* error);

  MqttSenderOptions options_;
  std::string broker_server_uri_;              // `broker` in Paho form; "" for none
  std::set<std::string> foreign_server_uris_;  // `foreign_brokers` in Paho form
  std::mutex routes_mutex_;
  std::map<std::string, std::shared_ptr<Route>> attached_;  // by Paho server URI
  std::map<std::string, std::shared_ptr<Route>> own_;       // by Paho server URI
};

// The same sender and connections with another response timeout: the engine's DAS
// consultations are bounded by das.timeout, its notifications by notification.timeout, and the
// CSE stays one MQTT client per broker.
class MqttSenderWithTimeout final : public model::PrimitiveSender {
 public:
  MqttSenderWithTimeout(MqttPrimitiveSender& sender, std::chrono::milliseconds response_timeout)
      : sender_(sender), response_timeout_(response_timeout) {}
  model::Response send(const std::string& target_uri, const model::Request& request) override {
    return sender_.sendWithin(target_uri, request, response_timeout_);
  }

 private:
  MqttPrimitiveSender& sender_;
  const std::chrono::milliseconds response_timeout_;
};

}  // namespace citadel::mqtt
