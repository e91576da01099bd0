// The one file that talks to the MQTT client library (libmosquitto); its error codes become
// Status here (STYLE.md §3).
//
// Why libmosquitto and not Paho (issue 25 #3): Paho C 1.3 sets no TCP_NODELAY and offers no way
// to. A QoS 1 exchange writes a 4-byte PUBACK and then, from another thread, the answering
// PUBLISH on the same socket; Nagle holds the PUBLISH until the PUBACK is ACKed, and the peer
// delays that ACK by ~40 ms. Two such stalls per request/response made every closed-loop MQTT
// round trip ~88 ms (BENCHMARKS.md). libmosquitto has MOSQ_OPT_TCP_NODELAY, and its network
// loop is woken by a socket pair when another thread publishes, so a publish leaves at once.
#include "bindings/mqtt/mqtt_connection.h"

#include <mosquitto.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bindings/mqtt/mqtt_uri.h"
#include "cse/model/log.h"

namespace citadel::mqtt {
namespace {

using model::Status;

// TS-0010 §5.1: "MQTT's QoS 1 message reliability level"; §6.4.1.1: not QoS 2.
constexpr int kQos = 1;
// How long one pass of the network loop may sleep when nothing happens: it bounds how late the
// loop notices close() and sends keep-alive PINGREQs; traffic and publishes wake it at once.
constexpr int kLoopSleepMillis = 200;
// MQTT 3.1.1 §3.9.3: a SUBACK return code of 0x80 is a refusal.
constexpr int kSubackFailure = 0x80;

Status unreachable(std::string dbg, std::string_view reason) {
  return {model::Rsc::kTargetNotReachable, std::move(dbg), reason};
}

std::string mosquittoError(int rc) { return mosquitto_strerror(rc); }

// mosquitto_lib_init is not thread-safe and must run once per process; cleanup is left to exit.
void initLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

}  // namespace

struct MqttConnection::Impl {
  MqttConnectionOptions options;
  MqttUri broker;
  mosquitto* client = nullptr;

  std::mutex callback_mutex;  // held while a user callback runs; close() takes it to stop them
  bool closed = false;        // guarded by callback_mutex
  std::atomic<bool> closing{false};
  MqttMessageCallback on_message;
  MqttConnectionLostCallback on_lost;

  // The connection's progress, reported by the library's callbacks on the loop thread.
  std::mutex state_mutex;
  std::condition_variable state_cv;
  bool connack = false;              // CONNACK received for the current attempt
  int connack_code = -1;             // its return code (0: accepted)
  bool link_down = false;            // the socket went away (on_disconnect or a loop error)
  int suback_mid = -1;               // the SUBSCRIBE being waited for
  int suback_granted = -1;           // its granted QoS (0x80: refused)
  std::atomic<bool> up{false};       // CONNACK accepted and not lost since
  std::atomic<bool> established{false};  // connect() succeeded: a later drop is reported

  std::atomic<bool> loop_running{false};
  std::thread loop_thread;

  ~Impl() {
    stopLoop();
    if (client != nullptr) mosquitto_destroy(client);
  }

  // --- library callbacks (loop thread); nothing may propagate into the C library ---
  static Impl* self(void* obj) { return static_cast<Impl*>(obj); }

  static void onConnect(mosquitto*, void* obj, int rc) {
    Impl* impl = self(obj);
    std::lock_guard lock(impl->state_mutex);
    impl->connack = true;
    impl->connack_code = rc;
    impl->up = rc == 0;
    impl->state_cv.notify_all();
  }

  static void onDisconnect(mosquitto*, void* obj, int rc) {
    self(obj)->markDown(rc == 0 ? "" : mosquittoError(rc));
  }

  static void onSubscribe(mosquitto*, void* obj, int mid, int count, const int* granted) {
    Impl* impl = self(obj);
    std::lock_guard lock(impl->state_mutex);
    if (mid != impl->suback_mid) return;
    impl->suback_granted = count > 0 ? granted[0] : kSubackFailure;
    impl->state_cv.notify_all();
  }

  static void onMessage(mosquitto*, void* obj, const mosquitto_message* message) {
    Impl* impl = self(obj);
    try {
      if (message == nullptr || message->topic == nullptr) return;
      std::lock_guard<std::mutex> lock(impl->callback_mutex);
      if (impl->closed || !impl->on_message) return;
      const char* bytes = static_cast<const char*>(message->payload);
      impl->on_message(MqttMessage{message->topic,
                                   std::string(bytes, bytes == nullptr ? 0 : message->payloadlen),
                                   message->retain});
    } catch (const std::exception& e) {
      LOG_ERROR("MQTT message callback: " << e.what());
    } catch (...) {
      LOG_ERROR("MQTT message callback: unknown exception");
    }
  }

  // The socket is gone: wake connect()'s waits, and report the loss of an established link.
  void markDown(const std::string& cause) {
    bool was_established = established.exchange(false);
    {
      std::lock_guard lock(state_mutex);
      link_down = true;
      up = false;
      state_cv.notify_all();
    }
    if (!was_established) return;
    try {
      std::lock_guard<std::mutex> lock(callback_mutex);
      if (closed || !on_lost) return;
      on_lost(cause);
    } catch (...) {
      LOG_ERROR("MQTT connection-lost callback failed");
    }
  }

  // Acknowledge what arrives at once rather than after the kernel's delayed-ACK timer (~40 ms):
  // a broker that leaves Nagle on (Mosquitto's default, set_tcp_nodelay false) holds its next
  // small PUBLISH to us until its PUBACK to us is ACKed. Linux drops the flag when the socket
  // turns interactive again, so it is renewed before each pass of the loop.
  void quickAck() {
    int fd = mosquitto_socket(client);
    if (fd < 0) return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  }

  // The network loop of one connection attempt: reads, writes (woken by publishes through the
  // library's socket pair), keep-alive. It ends when the socket does, or at stopLoop().
  void runLoop() {
    while (loop_running) {
      quickAck();
      int rc = mosquitto_loop(client, kLoopSleepMillis, 1);
      if (rc != MOSQ_ERR_SUCCESS) {
        markDown(rc == MOSQ_ERR_NO_CONN ? "" : mosquittoError(rc));
        break;
      }
    }
  }

  void stopLoop() {
    loop_running = false;
    if (loop_thread.joinable()) loop_thread.join();
  }

  // Waits on state_cv for `done` until `deadline`; gives up early when the link drops.
  template <typename Done>
  bool waitFor(std::chrono::steady_clock::time_point deadline, Done done) {
    std::unique_lock lock(state_mutex);
    state_cv.wait_until(lock, deadline, [&] { return done() || link_down; });
    return done();
  }

  Status subscribeAll() {
    for (const std::string& filter : options.subscriptions) {
      int mid = 0;
      {
        // The SUBACK may come before mosquitto_subscribe returns: hold the lock across it.
        std::lock_guard lock(state_mutex);
        int rc = mosquitto_subscribe(client, &mid, filter.c_str(), kQos);
        if (rc != MOSQ_ERR_SUCCESS) {
          return unreachable("MQTT SUBSCRIBE to " + filter + " failed: " + mosquittoError(rc),
                             "mqtt.subscribe_failed");
        }
        suback_mid = mid;
        suback_granted = -1;
      }
      auto deadline = std::chrono::steady_clock::now() + options.operation_timeout;
      if (!waitFor(deadline, [&] { return suback_granted >= 0; })) {
        return unreachable("MQTT broker did not acknowledge the subscription to " + filter,
                           "mqtt.subscribe_failed");
      }
      if (suback_granted > 2) {
        return unreachable("MQTT broker refused the subscription to " + filter,
                           "mqtt.subscribe_failed");
      }
    }
    return {};
  }

  // Ends the current attempt's socket and loop (the library sends DISCONNECT when it can).
  void dropConnection() {
    established = false;
    mosquitto_disconnect(client);
    stopLoop();
    up = false;
  }
};

MqttConnection::MqttConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MqttConnection::~MqttConnection() {
  close();
  impl_.reset();
}

model::Result<std::unique_ptr<MqttConnection>> MqttConnection::create(
    MqttConnectionOptions options, MqttMessageCallback on_message,
    MqttConnectionLostCallback on_lost) {
  auto refused = [&](const std::string& why) {
    return Status::badRequest("MQTT broker URI '" + options.server_uri + "' or client ID '" +
                                  options.client_id + "' refused: " + why,
                              "mqtt.bad_uri");
  };
  auto broker = parseMqttUri(options.server_uri);
  if (!broker.isOk()) return refused(broker.status().dbg());
  initLibraryOnce();
  auto impl = std::make_unique<Impl>();
  impl->broker = std::move(broker).value();
  impl->on_message = std::move(on_message);
  impl->on_lost = std::move(on_lost);
  // No persistence: in-flight QoS 1 state lives in memory. The broker keeps the session
  // (CleanSession false), which is what TS-0010 §5.1's store-and-forward relies on.
  impl->client = mosquitto_new(options.client_id.c_str(), options.clean_session, impl.get());
  if (impl->client == nullptr) return refused("the MQTT library refused the client");
  mosquitto* client = impl->client;
  // Publishes come from worker threads; the loop thread does the I/O (woken by a socket pair).
  mosquitto_threaded_set(client, true);
  mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);  // §6.3.1
  mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1);  // see the top of this file
  // No cap on QoS 1 messages awaiting their PUBACK: a burst of responses leaves at once instead
  // of queueing behind the 20 the library allows by default. Memory stays bounded by the
  // binding's work queue, which bounds how many responses can be outstanding.
  mosquitto_max_inflight_messages_set(client, 0);
  if (!options.username.empty()) {
    int rc = mosquitto_username_pw_set(client, options.username.c_str(), options.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) return refused(mosquittoError(rc));
  }
  if (impl->broker.secure) {
    // TLS 1.2 or later; the broker's certificate must chain to ca_file and name its host.
    const char* cert = options.tls.certificate.empty() ? nullptr : options.tls.certificate.c_str();
    const char* key = options.tls.certificate.empty() ? nullptr : options.tls.private_key.c_str();
    int rc = mosquitto_tls_set(client, options.tls.ca_file.c_str(), nullptr, cert, key, nullptr);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_tls_opts_set(client, 1, "tlsv1.2", nullptr);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_tls_insecure_set(client, false);
    if (rc != MOSQ_ERR_SUCCESS) return refused("TLS settings: " + mosquittoError(rc));
  }
  mosquitto_connect_callback_set(client, &Impl::onConnect);
  mosquitto_disconnect_callback_set(client, &Impl::onDisconnect);
  mosquitto_subscribe_callback_set(client, &Impl::onSubscribe);
  mosquitto_message_callback_set(client, &Impl::onMessage);
  impl->options = std::move(options);
  return std::unique_ptr<MqttConnection>(new MqttConnection(std::move(impl)));
}

Status MqttConnection::connect() {
  Impl& impl = *impl_;
  if (impl.closing) {
    return unreachable("MQTT connection is closed", "mqtt.closed");
  }
  if (impl.up && impl.established) {
    return {};
  }
  impl.dropConnection();  // the remains of an earlier attempt, if any
  {
    std::lock_guard lock(impl.state_mutex);
    impl.connack = false;
    impl.connack_code = -1;
    impl.link_down = false;
  }
  auto deadline = std::chrono::steady_clock::now() + impl.options.connect_timeout;
  const std::string& uri = impl.options.server_uri;
  // Non-blocking TCP connect; the loop thread completes it (and TLS) and reads the CONNACK.
  int rc = mosquitto_connect_async(impl.client, impl.broker.host.c_str(), impl.broker.port,
                                   static_cast<int>(impl.options.keep_alive.count()));
  if (rc != MOSQ_ERR_SUCCESS) {
    std::string cause = rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquittoError(rc);
    return unreachable("cannot connect to MQTT broker " + uri + ": " + cause, "mqtt.connect_failed");
  }
  impl.loop_running = true;
  impl.loop_thread = std::thread([&impl] { impl.runLoop(); });
  if (!impl.waitFor(deadline, [&] { return impl.connack; })) {
    impl.dropConnection();
    return unreachable("MQTT broker " + uri + " did not answer CONNECT", "mqtt.connect_failed");
  }
  if (impl.connack_code != 0) {
    std::string cause = mosquitto_connack_string(impl.connack_code);
    impl.dropConnection();
    return unreachable("MQTT broker " + uri + " refused CONNECT: " + cause, "mqtt.connect_failed");
  }
  Status subscribed = impl.subscribeAll();
  if (!subscribed.isOk()) {
    // Connected but deaf: drop the connection, so that connected() is false and the owner's
    // next connect() subscribes again.
    impl.dropConnection();
    return subscribed;
  }
  impl.established = true;
  if (!impl.up) {  // lost between the SUBACK and here: report it as a failed attempt
    impl.established = false;
    return unreachable("MQTT connection to " + uri + " dropped while subscribing",
                       "mqtt.connect_failed");
  }
  return {};
}

bool MqttConnection::connected() const { return !impl_->closing && impl_->up; }

Status MqttConnection::publish(const std::string& topic, const std::string& payload) {
  if (impl_->closing) {
    return unreachable("MQTT connection is closed", "mqtt.closed");
  }
  if (!impl_->up) {
    return unreachable("not connected to MQTT broker " + impl_->options.server_uri,
                       "mqtt.not_connected");
  }
  int rc = mosquitto_publish(impl_->client, nullptr, topic.c_str(), static_cast<int>(payload.size()),
                             payload.data(), kQos, false);
  if (rc == MOSQ_ERR_NO_CONN) {
    return unreachable("not connected to MQTT broker " + impl_->options.server_uri,
                       "mqtt.not_connected");
  }
  if (rc != MOSQ_ERR_SUCCESS) {
    return unreachable("MQTT publish on " + topic + " failed: " + mosquittoError(rc),
                       "mqtt.publish_failed");
  }
  return {};
}

void MqttConnection::close() {
  Impl& impl = *impl_;
  if (impl.closing.exchange(true)) {
    return;
  }
  {
    std::lock_guard<std::mutex> lock(impl.callback_mutex);
    impl.closed = true;  // no callback runs after this block
  }
  impl.state_cv.notify_all();
  if (!impl.loop_thread.joinable()) return;
  // DISCONNECT is queued behind what is already queued (responses still leave); the loop ends
  // when the library has sent it and closed the socket, or after operation_timeout.
  impl.established = false;
  mosquitto_disconnect(impl.client);
  auto deadline = std::chrono::steady_clock::now() + impl.options.operation_timeout;
  if (!impl.waitFor(deadline, [&] { return impl.link_down; })) {
    LOG_WARN("MQTT disconnect from " << impl.options.server_uri << " timed out");
  }
  impl.stopLoop();
  impl.up = false;
}

}  // namespace citadel::mqtt
