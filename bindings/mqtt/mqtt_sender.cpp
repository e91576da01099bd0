// The MQTT originator (TS-0010 §6.4.5): publish the request, wait for the response by rqi.
#include "bindings/mqtt/mqtt_sender.h"

#include <algorithm>

#include "bindings/mqtt/mqtt_connection.h"
#include "bindings/mqtt/mqtt_response_waiter.h"
#include "bindings/mqtt/mqtt_topic.h"
#include "bindings/mqtt/mqtt_uri.h"
#include "cse/codec/primitive_codec.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"

namespace citadel::mqtt {
namespace {

using model::Json;
using model::Response;
using model::Result;
using model::Rsc;
using model::Status;

Response failure(Rsc rsc, const std::string& dbg, const std::string& request_id,
                 std::string_view reason) {
  return Response::fromStatus(Status(rsc, dbg, reason), request_id);
}

Response unreachable(const Status& status, const std::string& request_id) {
  return failure(Rsc::kTargetNotReachable, status.dbg(), request_id, status.reason());
}

// The request topic for a target URI's path (see the header).
Result<MqttTopic> requestTopicFor(const std::string& path, const std::string& cse_topic_id) {
  if (path.empty()) {
    return Status::badRequest("MQTT target URI names no target ID (mqtt://host:port/<id>)",
                              "mqtt.no_target");
  }
  if (path.starts_with("oneM2M/")) {
    // TS-0010 §6.6: a nu path "gives the entire MQTT topic string" (with no leading '/').
    CITADEL_ASSIGN_OR_RETURN(MqttTopic topic, parseTopic("/" + path));
    if (topic.kind != TopicKind::kRequest || topic.originator != cse_topic_id ||
        topic.format == TopicFormat::kXml) {
      return Status::badRequest(
          "MQTT target topic must be /oneM2M/req/" + cse_topic_id + "/<target>/json or /cbor",
          "mqtt.bad_target_topic");
    }
    return topic;
  }
  MqttTopic topic{TopicKind::kRequest, cse_topic_id, idToTopicSegment(path), TopicFormat::kJson};
  if (!parseTopic(buildTopic(topic)).isOk()) {
    return Status::badRequest("MQTT target ID '" + path + "' is not usable in a topic",
                              "mqtt.bad_target");
  }
  return topic;
}

}  // namespace

struct MqttPrimitiveSender::Route {
  MqttRoute route;
  bool own = false;          // opened by this sender: it connects on demand
  std::mutex connect_mutex;  // one connect attempt at a time (own routes)
};

MqttPrimitiveSender::MqttPrimitiveSender(MqttSenderOptions options) : options_(std::move(options)) {
  if (auto broker = parseMqttUri(options_.broker); !options_.broker.empty() && broker.isOk()) {
    broker_server_uri_ = pahoServerUri(broker.value());
  }
  for (const std::string& host_port : options_.foreign_brokers) {
    auto foreign = parseMqttUri("mqtt://" + host_port);
    if (!foreign.isOk() || !foreign.value().path.empty()) {
      LOG_WARN("mqtt.foreignBrokers: '" << host_port << "' is not host:port; ignored");
      continue;
    }
    foreign_server_uris_.insert(pahoServerUri(foreign.value()));
  }
}

MqttPrimitiveSender::~MqttPrimitiveSender() {
  std::lock_guard<std::mutex> lock(routes_mutex_);
  for (auto& [uri, route] : own_) route->route.connection->close();
  own_.clear();
  attached_.clear();
}

void MqttPrimitiveSender::attachRoute(const std::string& server_uri, MqttRoute route) {
  auto entry = std::make_shared<Route>();
  entry->route = std::move(route);
  std::lock_guard<std::mutex> lock(routes_mutex_);
  attached_[server_uri] = std::move(entry);
}

void MqttPrimitiveSender::detachRoute(const std::string& server_uri,
                                      const MqttConnection* connection) {
  std::lock_guard<std::mutex> lock(routes_mutex_);
  auto it = attached_.find(server_uri);
  if (it != attached_.end() && it->second->route.connection.get() == connection) {
    attached_.erase(it);
  }
}

std::shared_ptr<MqttPrimitiveSender::Route> MqttPrimitiveSender::routeFor(
    const std::string& server_uri, Status* error) {
  std::lock_guard<std::mutex> lock(routes_mutex_);
  if (auto it = attached_.find(server_uri); it != attached_.end()) return it->second;
  if (auto it = own_.find(server_uri); it != own_.end()) return it->second;
  // Issue 15 #3: a target URI comes from an originator (nu, dap); only the configured broker and
  // the allow-listed ones are connected to, and only the configured one gets the credentials.
  bool configured = !broker_server_uri_.empty() && server_uri == broker_server_uri_;
  if (!configured && foreign_server_uris_.count(server_uri) == 0) {
    LOG_WARN("MQTT request to broker "
             << server_uri << " refused: neither mqtt.broker nor in mqtt.foreignBrokers");
    *error = {Rsc::kTargetNotReachable,
              "MQTT broker " + server_uri +
                  " is not this CSE's broker (mqtt.broker) and not allowed by mqtt.foreignBrokers",
              "mqtt.foreign_broker"};
    return nullptr;
  }
  if (server_uri.starts_with("ssl://")) {
    // TLS settings exist only for the binding's own broker (its attached route).
    *error = {Rsc::kTargetNotReachable,
              "mqtts:// target " + server_uri + " is not this CSE's broker (mqtt.broker)",
              "mqtt.tls_unsupported"};
    return nullptr;
  }
  codec::ParseLimits limits;
  limits.max_bytes = options_.max_payload_bytes;
  auto waiter = std::make_shared<ResponseWaiter>(idToTopicSegment(options_.cse_id), limits);
  MqttConnectionOptions connection_options;
  connection_options.server_uri = server_uri;
  connection_options.client_id = options_.client_id;
  if (configured) {
    connection_options.username = options_.username;
    connection_options.password = options_.password;
  }
  connection_options.connect_timeout = options_.connect_timeout;
  // TS-0010 §6.5.4: the originator subscribes to /oneM2M/resp/<originator>/#.
  connection_options.subscriptions = {"/oneM2M/resp/" + idToTopicSegment(options_.cse_id) + "/#"};
  auto connection = MqttConnection::create(std::move(connection_options), [waiter](MqttMessage m) {
    waiter->offer(m.topic, m.payload);
  });
  if (!connection.isOk()) {
    *error = connection.takeStatus();
    return nullptr;
  }
  auto entry = std::make_shared<Route>();
  entry->route = {std::shared_ptr<MqttConnection>(std::move(connection).value()), waiter};
  entry->own = true;
  own_[server_uri] = entry;
  return entry;
}

Response MqttPrimitiveSender::send(const std::string& target_uri, const model::Request& request) {
  return sendWithin(target_uri, request, options_.response_timeout);
}

Response MqttPrimitiveSender::sendWithin(const std::string& target_uri,
                                         const model::Request& request,
                                         std::chrono::milliseconds response_timeout) {
  // A request without rqi gets an unguessable one, as every request this CSE originates
  // (issue 15 #2).
  std::string request_id =
      request.request_id.empty() ? random::unguessableId("mqtt-") : request.request_id;
  try {
    auto uri = parseMqttUri(target_uri);
    if (!uri.isOk()) return unreachable(uri.status(), request_id);
    auto topic = requestTopicFor(uri.value().path, idToTopicSegment(options_.cse_id));
    if (!topic.isOk()) return unreachable(topic.status(), request_id);
    Status error;
    std::shared_ptr<Route> route = routeFor(pahoServerUri(uri.value()), &error);
    if (!route) return unreachable(error, request_id);
    if (route->own) {
      std::lock_guard<std::mutex> lock(route->connect_mutex);
      Status connected = route->route.connection->connect();  // at once when connected
      if (!connected.isOk()) return unreachable(connected, request_id);
    } else if (!route->route.connection->connected()) {
      return failure(Rsc::kTargetNotReachable,
                     "MQTT broker of " + target_uri + " is not connected (reconnecting)",
                     request_id, "mqtt.not_connected");
    }
    Json primitive = codec::requestToPrimitive(request);
    primitive["rqi"] = request_id;
    if (request.to.empty()) {
      // `to` is mandatory (TS-0004 §6.3.2.2); a NOTIFY to an entity addresses that entity, whose
      // ID the topic's receiver segment carries (TS-0010 §6.4.2: '/' written as ':').
      std::string receiver = topic.value().receiver;
      std::replace(receiver.begin(), receiver.end(), ':', '/');
      primitive["to"] = receiver;
    }
    std::string payload = codec::serializeBody(primitive, topic.value().format == TopicFormat::kCbor
                                                              ? codec::ContentFormat::kCbor
                                                              : codec::ContentFormat::kJson);
    ResponseWaiter& waiter = *route->route.waiter;
    if (!waiter.expect(request_id, topic.value().receiver)) {
      return failure(Rsc::kInternalServerError, "request " + request_id + " already in flight",
                     request_id, "mqtt.duplicate_rqi");
    }
    Status published = route->route.connection->publish(buildTopic(topic.value()), payload);
    if (!published.isOk()) {
      waiter.cancel(request_id);
      return unreachable(published, request_id);
    }
    std::optional<Response> response = waiter.wait(request_id, response_timeout);
    if (!response) {
      return failure(Rsc::kRequestTimeout,
                     "no response on /oneM2M/resp/" + idToTopicSegment(options_.cse_id) + "/" +
                         topic.value().receiver + " within " +
                         std::to_string(response_timeout.count()) + " ms",
                     request_id, "mqtt.response_timeout");
    }
    return std::move(*response);
  } catch (const std::exception& e) {
    LOG_ERROR("MQTT send to " << target_uri << " failed: " << e.what());
  } catch (...) {
    LOG_ERROR("MQTT send to " << target_uri << " failed with an unknown exception");
  }
  return failure(Rsc::kInternalServerError, "internal error", request_id, "internal");
}

}  // namespace citadel::mqtt
