// The one file that talks to Paho MQTT C++; its exceptions stop here (STYLE.md §3).
#include "bindings/mqtt/mqtt_connection.h"

#include <mqtt/async_client.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "cse/model/log.h"

namespace citadel::mqtt {
namespace {

using model::Status;

// TS-0010 §5.1: "MQTT's QoS 1 message reliability level"; §6.4.1.1: not QoS 2.
constexpr int kQos = 1;
constexpr int kMaxBufferedMessages = 10000;
// How long publish() waits for room in Paho's queue before it reports the message as not sent.
constexpr std::chrono::seconds kPublishBackpressureLimit{5};
// Paho enforces connect_timeout itself; the extra wait only covers its own scheduling.
constexpr std::chrono::seconds kConnectGrace{2};

Status unreachable(std::string dbg, std::string_view reason) {
  return {model::Rsc::kTargetNotReachable, std::move(dbg), reason};
}

}  // namespace

struct MqttConnection::Impl {
  MqttConnectionOptions options;
  ::mqtt::connect_options connect_options;

  std::mutex callback_mutex;  // held while a callback runs; close() takes it to stop them
  bool closed = false;        // guarded by callback_mutex
  std::atomic<bool> closing{false};
  MqttMessageCallback on_message;
  MqttConnectionLostCallback on_lost;

  // Declared last: destroyed first, while the callbacks' state above still exists.
  std::unique_ptr<::mqtt::async_client> client;

  // Paho callbacks: nothing may propagate into the C library's thread.
  void deliver(const ::mqtt::const_message_ptr& message) {
    try {
      if (!message) return;
      std::lock_guard<std::mutex> lock(callback_mutex);
      if (closed || !on_message) return;
      on_message(
          MqttMessage{message->get_topic(), message->get_payload_str(), message->is_retained()});
    } catch (const std::exception& e) {
      LOG_ERROR("MQTT message callback: " << e.what());
    } catch (...) {
      LOG_ERROR("MQTT message callback: unknown exception");
    }
  }

  void lost(const std::string& cause) {
    try {
      std::lock_guard<std::mutex> lock(callback_mutex);
      if (closed || !on_lost) return;
      on_lost(cause);
    } catch (...) {
      LOG_ERROR("MQTT connection-lost callback failed");
    }
  }

  Status subscribeAll() {
    for (const std::string& filter : options.subscriptions) {
      auto token = client->subscribe(filter, kQos);
      if (!token->wait_for(options.operation_timeout)) {
        return unreachable("MQTT broker did not acknowledge the subscription to " + filter,
                           "mqtt.subscribe_failed");
      }
      // MQTT 3.1.1 §3.9.3: 0x80 in the SUBACK is a refusal (e.g. a broker ACL).
      ::mqtt::subscribe_response response = token->get_subscribe_response();
      for (auto code : response.get_reason_codes()) {
        if (static_cast<int>(code) > 2) {
          return unreachable("MQTT broker refused the subscription to " + filter,
                             "mqtt.subscribe_failed");
        }
      }
    }
    return {};
  }
};

MqttConnection::MqttConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MqttConnection::~MqttConnection() {
  close();
  impl_->client.reset();
}

model::Result<std::unique_ptr<MqttConnection>> MqttConnection::create(
    MqttConnectionOptions options, MqttMessageCallback on_message,
    MqttConnectionLostCallback on_lost) {
  auto impl = std::make_unique<Impl>();
  impl->on_message = std::move(on_message);
  impl->on_lost = std::move(on_lost);
  try {
    // No persistence object: in-flight QoS 1 state lives in memory. The broker keeps the
    // session (CleanSession false), which is what TS-0010 §5.1's store-and-forward relies on.
    // Paho refuses a publish once this many wait for its send thread (default 100): a burst of
    // responses would then be lost. A deeper queue absorbs bursts; publish() waits beyond it.
    ::mqtt::create_options create(MQTTVERSION_3_1_1, kMaxBufferedMessages);
    impl->client = std::make_unique<::mqtt::async_client>(options.server_uri, options.client_id,
                                                          create, nullptr);
    auto builder = ::mqtt::connect_options_builder()
                       .mqtt_version(MQTTVERSION_3_1_1)  // TS-0010 §6.3.1: protocol level 4
                       .clean_session(options.clean_session)
                       .keep_alive_interval(options.keep_alive)
                       .connect_timeout(options.connect_timeout)
                       .automatic_reconnect(false);  // the owner reconnects, with backoff
    if (!options.username.empty()) {
      builder.user_name(options.username);
      builder.password(options.password);
    }
    if (options.server_uri.starts_with("ssl://")) {
      // TLS 1.2 or later; the broker's certificate must chain to ca_file and name its host.
      auto ssl = ::mqtt::ssl_options_builder()
                     .trust_store(options.tls.ca_file)
                     .enable_server_cert_auth(true)
                     .verify(true)
                     .ssl_version(MQTT_SSL_VERSION_TLS_1_2)
                     .finalize();
      if (!options.tls.certificate.empty()) {
        ssl.set_key_store(options.tls.certificate);
        ssl.set_private_key(options.tls.private_key);
      }
      builder.ssl(std::move(ssl));
    }
    impl->connect_options = builder.finalize();
    Impl* raw = impl.get();
    impl->client->set_message_callback([raw](::mqtt::const_message_ptr m) { raw->deliver(m); });
    impl->client->set_connection_lost_handler([raw](const std::string& c) { raw->lost(c); });
  } catch (const std::exception& e) {
    return Status::badRequest("MQTT broker URI '" + options.server_uri + "' or client ID '" +
                                  options.client_id + "' refused: " + e.what(),
                              "mqtt.bad_uri");
  }
  impl->options = std::move(options);
  return std::unique_ptr<MqttConnection>(new MqttConnection(std::move(impl)));
}

Status MqttConnection::connect() {
  Impl& impl = *impl_;
  if (impl.closing) {
    return unreachable("MQTT connection is closed", "mqtt.closed");
  }
  try {
    if (impl.client->is_connected()) {
      return {};
    }
    auto token = impl.client->connect(impl.connect_options);
    if (!token->wait_for(impl.options.connect_timeout + kConnectGrace)) {
      return unreachable("MQTT broker " + impl.options.server_uri + " did not answer CONNECT",
                         "mqtt.connect_failed");
    }
    Status subscribed = impl.subscribeAll();
    if (!subscribed.isOk()) {
      // Connected but deaf: drop the connection, so that connected() is false and the owner's
      // next connect() subscribes again.
      impl.client->disconnect()->wait_for(impl.options.operation_timeout);
    }
    return subscribed;
  } catch (const std::exception& e) {
    return unreachable("cannot connect to MQTT broker " + impl.options.server_uri + ": " + e.what(),
                       "mqtt.connect_failed");
  }
}

bool MqttConnection::connected() const {
  try {
    return !impl_->closing && impl_->client->is_connected();
  } catch (...) {
    return false;
  }
}

Status MqttConnection::publish(const std::string& topic, const std::string& payload) {
  if (impl_->closing) {
    return unreachable("MQTT connection is closed", "mqtt.closed");
  }
  try {
    if (!impl_->client->is_connected()) {
      return unreachable("not connected to MQTT broker " + impl_->options.server_uri,
                         "mqtt.not_connected");
    }
    // Backpressure: while Paho's queue is full, wait (bounded) instead of dropping the message.
    auto deadline = std::chrono::steady_clock::now() + kPublishBackpressureLimit;
    while (true) {
      try {
        impl_->client->publish(topic, payload.data(), payload.size(), kQos, false);
        return {};
      } catch (const ::mqtt::exception& e) {
        if (e.get_return_code() != MQTTASYNC_MAX_BUFFERED_MESSAGES ||
            std::chrono::steady_clock::now() >= deadline || impl_->closing) {
          throw;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  } catch (const std::exception& e) {
    return unreachable("MQTT publish on " + topic + " failed: " + e.what(), "mqtt.publish_failed");
  }
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
  try {
    if (impl.client->is_connected()) {
      auto token =
          impl.client->disconnect(static_cast<int>(impl.options.operation_timeout.count()));
      if (!token->wait_for(impl.options.operation_timeout + kConnectGrace)) {
        LOG_WARN("MQTT disconnect from " << impl.options.server_uri << " timed out");
      }
    }
  } catch (const std::exception& e) {
    LOG_WARN("MQTT disconnect from " << impl.options.server_uri << ": " << e.what());
  }
}

}  // namespace citadel::mqtt
