#pragma once
// One MQTT client connection to one broker: the only place that talks to the MQTT client
// library, libmosquitto (its error codes become Status in mqtt_connection.cpp, STYLE.md §3).
// It connects as TS-0010 §6.3 asks (MQTT 3.1.1, CleanSession false, no Will, optional user
// name and password), subscribes its topic filters with QoS 1 after every connect, and
// publishes with QoS 1 (TS-0010 §5.1, §6.4.1.1). It does not reconnect by itself: the owner
// calls connect() again (MqttBinding does, with backoff).
//
// Latency: the socket has TCP_NODELAY and ACKs at once (TCP_QUICKACK), and a publish from any
// thread wakes the connection's network thread, so a request/response through a loopback broker
// costs the broker's round trip, not a ~40 ms Nagle/delayed-ACK stall per message (issue 25 #3;
// mqtt_connection.cpp says why not Paho). One network thread per connection, started by
// connect(); callbacks run on it.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cse/model/status.h"

namespace citadel::mqtt {

// TLS to the broker (TS-0010 §7.2: the broker authenticates the client; the client checks the
// broker's certificate). PEM files; empty certificate and key: no client certificate.
struct MqttTlsOptions {
  std::string ca_file;      // trust anchors for the broker's certificate (required for TLS)
  std::string certificate;  // this client's certificate
  std::string private_key;  // its key (unencrypted)
};

struct MqttConnectionOptions {
  std::string server_uri;  // tcp://host:port or ssl://host:port (see pahoServerUri)
  MqttTlsOptions tls;      // used when server_uri is ssl://
  std::string client_id;
  std::string username;  // empty: no user name flag
  std::string password;
  std::vector<std::string> subscriptions;  // topic filters
  bool clean_session = false;              // TS-0010 §6.3.3: "shall set Clean Session to false"
  std::chrono::seconds connect_timeout{10};
  std::chrono::milliseconds operation_timeout{3000};  // subscribe and disconnect waits
  std::chrono::seconds keep_alive{30};
};

struct MqttMessage {
  std::string topic;
  std::string payload;
  bool retained = false;
};

// Runs on the MQTT library's receive thread: it must return quickly (queue the work).
using MqttMessageCallback = std::function<void(MqttMessage message)>;
// Runs on the library's thread when an established connection drops; must return quickly.
using MqttConnectionLostCallback = std::function<void(const std::string& cause)>;

class MqttConnection {
 public:
  // Creates the client (no network I/O yet). 4000 "mqtt.bad_uri" when the server URI does not
  // parse (parseMqttUri) or the library refuses the client ID or the TLS files. `on_message` receives every PUBLISH until close().
  static model::Result<std::unique_ptr<MqttConnection>> create(
      MqttConnectionOptions options, MqttMessageCallback on_message,
      MqttConnectionLostCallback on_lost = nullptr);
  ~MqttConnection();  // close()

  MqttConnection(const MqttConnection&) = delete;
  MqttConnection& operator=(const MqttConnection&) = delete;

  // One connection attempt, bounded by connect_timeout, then the subscriptions. OK when already
  // connected. 5103 "mqtt.connect_failed" / "mqtt.subscribe_failed" with the cause in dbg.
  // Not for concurrent callers (one owner thread connects).
  model::Status connect();
  bool connected() const;
  // Queues a QoS 1 PUBLISH without waiting for the PUBACK. 5103 "mqtt.not_connected" when
  // there is no connection, "mqtt.publish_failed" when the library refuses. Thread-safe.
  model::Status publish(const std::string& topic, const std::string& payload);
  // Stops the callbacks, then disconnects (bounded by operation_timeout). Idempotent.
  void close();

 private:
  struct Impl;
  explicit MqttConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace citadel::mqtt
