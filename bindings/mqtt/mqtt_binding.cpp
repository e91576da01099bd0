// The MQTT receiver: connection supervision with backoff, a bounded work queue and the worker
// pool around handleInbound (TS-0010 §6.4.3).
#include "bindings/mqtt/mqtt_binding.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bindings/mqtt/mqtt_connection.h"
#include "bindings/mqtt/mqtt_inbound.h"
#include "bindings/mqtt/mqtt_response_waiter.h"
#include "bindings/mqtt/mqtt_sender.h"
#include "bindings/mqtt/mqtt_topic.h"
#include "bindings/mqtt/mqtt_uri.h"
#include "cse/model/log.h"
#include "cse/model/work_queue.h"

namespace citadel::mqtt {
namespace {

using model::Status;

// How often a connected supervisor re-checks the link, in case a drop went unreported.
constexpr std::chrono::seconds kHealthCheckInterval{1};

Status badOption(std::string dbg) { return Status::badRequest(std::move(dbg), "mqtt.bad_options"); }

Status validate(const MqttBindingOptions& options) {
  if (options.cse_id.empty() || options.cse_id.find_first_of("+#") != std::string::npos) {
    return badOption("mqtt: cse id must be non-empty and free of MQTT wildcards");
  }
  if (options.client_id.empty()) return badOption("mqtt.clientId must not be empty");
  if (options.workers < 1 || options.workers > 256) {
    return badOption("mqtt workers must be in 1..256");
  }
  if (options.max_queued < 1 || options.max_payload_bytes < 1) {
    return badOption("mqtt queue and payload limits must be positive");
  }
  if (options.min_reconnect_delay.count() < 1 ||
      options.max_reconnect_delay < options.min_reconnect_delay) {
    return badOption("mqtt reconnect delays must satisfy 0 < min <= max");
  }
  return {};
}

model::WorkQueueOptions queueOptions(const MqttBindingOptions& options) {
  model::WorkQueueOptions queue;
  queue.name = "MQTT binding";
  queue.workers = static_cast<size_t>(options.workers);
  queue.max_items = options.max_queued;
  queue.max_bytes = options.max_queued_bytes;
  return queue;
}

// Where responses due later (an oet still ahead) are published: closed by stop(), after which
// they are dropped rather than published on a closed connection.
struct LaterAnswers {
  explicit LaterAnswers(std::shared_ptr<MqttConnection> c) : connection(std::move(c)) {}
  void publish(const OutboundMessage& out) {
    std::lock_guard lock(mutex);
    if (!open) return;
    Status published = connection->publish(out.topic, out.payload);
    if (!published.isOk()) {
      LOG_WARN("MQTT response on " << out.topic << " not sent: " << published.dbg());
    }
  }
  std::mutex mutex;
  bool open = true;  // guarded by mutex
  const std::shared_ptr<MqttConnection> connection;
};

}  // namespace

struct MqttBinding::Impl {
  Impl(const MqttBindingOptions& o, model::PrimitiveHandler& h)
      : options(o),
        handler(h),
        requests(
            queueOptions(o), [this](MqttMessage& message) { serve(message); },
            [](const MqttMessage& message) { return message.payload.size(); }) {
    inbound.cse_id = o.cse_id;
    inbound.limits.max_bytes = o.max_payload_bytes;
  }

  MqttBindingOptions options;
  model::PrimitiveHandler& handler;
  InboundOptions inbound;
  std::string server_uri;  // Paho form
  std::string point_of_access;
  std::shared_ptr<ResponseWaiter> waiter;
  std::shared_ptr<MqttConnection> connection;  // shared with the sender's route
  MqttPrimitiveSender* sender = nullptr;
  std::shared_ptr<LaterAnswers> later;  // set with `connection`
  LaterAnswer publish_later;            // what handleInbound calls for them

  // Received requests, bounded by count and by payload bytes, for the workers.
  model::WorkQueue<MqttMessage> requests;
  std::atomic<uint64_t> dropped{0};

  std::mutex supervisor_mutex;
  std::condition_variable supervisor_cv;
  bool supervisor_stopping = false;  // guarded by supervisor_mutex
  bool link_lost = false;            // guarded by supervisor_mutex
  std::thread supervisor;
  bool stopped = false;

  // On the MQTT library's thread: queue only, never block on the handler. Responses to this
  // CSE's own requests go straight to their waiters.
  void enqueue(MqttMessage message) {
    if (waiter->offer(message.topic, message.payload)) return;
    // This runs on the connection's network thread, which must not wait here: it also sends the
    // workers' responses, which would stall behind it. So the queue is
    // deep (by count and by bytes) and what is beyond it is dropped and logged.
    // (A refused message is left in `message`; one refused after stop() goes silently.)
    if (requests.push(std::move(message)) == model::PushResult::kFull) {
      dropped.fetch_add(1);
      LOG_WARN("MQTT request on " << model::logSafe(message.topic)
                                  << " dropped: " << requests.size() << " requests already queued");
    }
  }

  void onLost(const std::string& cause) {
    LOG_WARN("MQTT connection to " << options.broker << " lost" << (cause.empty() ? "" : ": ")
                                   << cause);
    std::lock_guard<std::mutex> lock(supervisor_mutex);
    link_lost = true;
    supervisor_cv.notify_all();
  }

  void serve(const MqttMessage& message) {
    try {
      auto out = handleInbound(message.topic, message.payload, message.retained, inbound, handler,
                               publish_later);
      if (!out) return;
      Status published = connection->publish(out->topic, out->payload);
      if (!published.isOk()) {
        LOG_WARN("MQTT response on " << out->topic << " not sent: " << published.dbg());
      }
    } catch (const std::exception& e) {
      LOG_ERROR("MQTT worker: " << e.what());  // handleInbound answers 5000 itself; belt only
    } catch (...) {
      LOG_ERROR("MQTT worker: unknown exception");
    }
  }

  // Reconnects with bounded exponential backoff (TS-0010 §6.3.3: a client "might choose to keep
  // the MQTT connection open permanently, restarting it as soon as possible").
  void supervise() {
    std::chrono::milliseconds delay = options.min_reconnect_delay;
    bool reported = false;  // one warning per outage, not one per attempt
    std::unique_lock<std::mutex> lock(supervisor_mutex);
    while (!supervisor_stopping) {
      if (connection->connected()) {
        delay = options.min_reconnect_delay;
        supervisor_cv.wait_for(lock, kHealthCheckInterval,
                               [&] { return supervisor_stopping || link_lost; });
        link_lost = false;
        continue;
      }
      lock.unlock();
      Status connected = connection->connect();
      lock.lock();
      if (connected.isOk()) {
        LOG_INFO("MQTT connected to " << options.broker << " as " << options.client_id);
        reported = false;
        continue;
      }
      if (!reported) {
        LOG_WARN(connected.dbg() << "; retrying with backoff up to "
                                 << options.max_reconnect_delay.count() << " ms");
        reported = true;
      }
      supervisor_cv.wait_for(lock, delay, [&] { return supervisor_stopping; });
      delay = std::min(delay * 2, options.max_reconnect_delay);
    }
  }
};

MqttBinding::MqttBinding(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MqttBinding::~MqttBinding() { stop(); }

model::Result<std::unique_ptr<MqttBinding>> MqttBinding::start(const MqttBindingOptions& options,
                                                               model::PrimitiveHandler& handler,
                                                               MqttPrimitiveSender* sender) {
  CITADEL_RETURN_IF_ERROR(validate(options));
  if (sender != nullptr && sender->options().cse_id != options.cse_id) {
    return badOption("mqtt: the sender's cse id differs from the binding's");
  }
  CITADEL_ASSIGN_OR_RETURN(MqttUri broker, parseMqttUri(options.broker));
  if (broker.secure && options.tls.ca_file.empty()) {
    return Status::badRequest("mqtt.broker " + options.broker +
                                  " uses TLS: set mqtt.caFile (the CA of the broker's certificate)",
                              "mqtt.tls_without_ca");
  }
  auto impl = std::make_unique<Impl>(options, handler);
  Impl* raw = impl.get();
  std::string me = idToTopicSegment(options.cse_id);
  impl->server_uri = pahoServerUri(broker);
  impl->point_of_access = pointOfAccessUri(broker);
  impl->waiter = std::make_shared<ResponseWaiter>(me, impl->inbound.limits);
  MqttConnectionOptions connection_options;
  connection_options.server_uri = impl->server_uri;
  connection_options.client_id = options.client_id;
  connection_options.username = options.username;
  connection_options.password = options.password;
  connection_options.tls = options.tls;
  connection_options.connect_timeout = options.connect_timeout;
  // TS-0010 §6.4.3 and §6.4.4 ('+' for the format: the suffix is always one level), and
  // §6.4.5 / §6.5.4 for the responses to this CSE's own requests.
  connection_options.subscriptions = {
      "/oneM2M/req/+/" + me + "/+", "/oneM2M/reg_req/+/" + me + "/+", "/oneM2M/resp/" + me + "/#"};
  CITADEL_ASSIGN_OR_RETURN(
      std::unique_ptr<MqttConnection> connection,
      MqttConnection::create(
          std::move(connection_options), [raw](MqttMessage m) { raw->enqueue(std::move(m)); },
          [raw](const std::string& cause) { raw->onLost(cause); }));
  impl->connection = std::move(connection);
  impl->later = std::make_shared<LaterAnswers>(impl->connection);
  impl->publish_later = [later = impl->later](OutboundMessage out) { later->publish(out); };
  impl->requests.start();
  Status first = impl->connection->connect();
  if (first.isOk()) {
    LOG_INFO("MQTT connected to " << options.broker << " as " << options.client_id);
  } else {
    LOG_WARN(first.dbg() << "; retrying in the background");
  }
  impl->supervisor = std::thread([raw] { raw->supervise(); });
  if (sender != nullptr) {
    impl->sender = sender;
    sender->attachRoute(impl->server_uri, MqttRoute{impl->connection, impl->waiter});
  }
  return std::unique_ptr<MqttBinding>(new MqttBinding(std::move(impl)));
}

std::string MqttBinding::pointOfAccess() const { return impl_->point_of_access; }

void MqttBinding::stop() {
  Impl& impl = *impl_;
  if (impl.stopped) return;
  impl.stopped = true;
  if (impl.sender != nullptr) impl.sender->detachRoute(impl.server_uri, impl.connection.get());
  {
    std::lock_guard<std::mutex> lock(impl.supervisor_mutex);
    impl.supervisor_stopping = true;
    impl.supervisor_cv.notify_all();
  }
  if (impl.supervisor.joinable()) impl.supervisor.join();
  // Requests in progress publish their responses; queued ones are dropped, and so are answers
  // still due (an oet ahead).
  size_t dropped = impl.requests.stop(model::StopMode::kDropQueued);
  if (dropped > 0) LOG_WARN("MQTT binding stopped with " << dropped << " unhandled requests");
  if (impl.later) {
    std::lock_guard lock(impl.later->mutex);
    impl.later->open = false;
  }
  impl.connection->close();
}

bool MqttBinding::connected() const { return impl_->connection->connected(); }

uint64_t MqttBinding::droppedForTest() const { return impl_->dropped.load(); }

}  // namespace citadel::mqtt
