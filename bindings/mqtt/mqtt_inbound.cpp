// The receiver's side of TS-0010 §6.4.3 / §6.4.4: request topic + payload -> PrimitiveHandler
// -> response topic + payload.
#include "bindings/mqtt/mqtt_inbound.h"

#include <exception>

#include "bindings/mqtt/mqtt_topic.h"
#include "cse/codec/primitive_codec.h"
#include "cse/model/address.h"
#include "cse/model/control_characters.h"
#include "cse/model/log.h"

namespace citadel::mqtt {
namespace {

using model::Request;
using model::Response;
using model::Rsc;
using model::Status;

constexpr uint16_t kTypeAE = 2;
constexpr uint16_t kTypeRemoteCse = 16;

bool isRegistration(const Request& request) {
  return request.operation == model::Operation::kCreate && request.resource_type &&
         (*request.resource_type == kTypeAE || *request.resource_type == kTypeRemoteCse);
}

// A CSE relaying for an AE of another CSE (TS-0004 §7.3.2.6): the topic names the relaying CSE
// ("id-mn"), fr the AE in SP-relative form ("/id-asn/Cae"). A topic originator that is no
// AE-ID (C… or S…) is taken for a CSE-ID; whether that CSE may relay for fr is the identity
// stage's reverse-path check (it gets the CSE as transport.relaying_cse).
bool isRelayByCse(const MqttTopic& topic, const Request& request) {
  bool topic_is_cse = !topic.originator.empty() && topic.originator[0] != 'C' &&
                      topic.originator[0] != 'S' &&
                      topic.originator.find(':') == std::string::npos;
  return topic_is_cse && !model::relayedAeCse(request.originator).empty();
}

// The topic's originator is vouched for by the broker (TS-0010 §7.2), so checks that need no
// resource tree happen here: who may use which topic, and that fr agrees with it.
Status checkTopicAgainstRequest(const MqttTopic& topic, const Request& request,
                                const std::string& cse_topic_id) {
  if (topic.kind == TopicKind::kRegistrationRequest) {
    // TS-0010 §6.4.4: reg_req carries a Credential-ID, for the initial registration only.
    if (!isRegistration(request)) {
      return Status::badRequest(
          "reg_req topics carry only a registration (CREATE of <AE> or "
          "<remoteCSE>); use /oneM2M/req/... for other requests",
          "mqtt.reg_req_not_registration");
    }
    return {};
  }
  // A registering AE may not know its AE-ID yet (fr "C", "S" or empty; TS-0001 §10.2.2.2), so
  // its topic originator is any unique ID it chose.
  if (request.originator.empty() || isRegistration(request)) {
    return {};
  }
  if (!originatorMatchesTopic(request.originator, topic.originator, cse_topic_id) &&
      !isRelayByCse(topic, request)) {
    return Status::badRequest(
        "From (fr) '" + request.originator + "' does not match the originator '" +
            topic.originator + "' of the topic; publish on /oneM2M/req/" +
            idToTopicSegment(request.originator) + "/" + cse_topic_id + "/<format>",
        "mqtt.originator_mismatch");
  }
  return {};
}

codec::ContentFormat contentFormatFor(TopicFormat format) {
  return format == TopicFormat::kCbor ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson;
}

// Takes the response by value: its content is moved into the payload, not copied.
OutboundMessage encode(const MqttTopic& response_topic, Response response) {
  return {buildTopic(response_topic),
          codec::serializeResponsePrimitive(std::move(response),
                                            contentFormatFor(response_topic.format))};
}

// Fills what the handler may leave empty (TS-0004 §7.2.1.2: rqi echoed; TS-0010 §6.5.2 example
// carries to and fr). A value with a control character was refused and is not echoed.
void completeResponse(Response& response, const Request& request, const std::string& cse_id) {
  auto echo = [](std::string& field, const std::string& value) {
    if (field.empty() && !model::hasControlCharacter(value)) field = value;
  };
  echo(response.request_id, request.request_id);
  echo(response.release_version_indicator, request.release_version_indicator);
  echo(response.to, request.originator);
  if (response.from.empty()) response.from = "/" + cse_id;
}

std::optional<OutboundMessage> handleParsedTopic(const MqttTopic& topic, std::string_view payload,
                                                 const InboundOptions& options,
                                                 model::PrimitiveHandler& handler,
                                                 const LaterAnswer& later) {
  MqttTopic response_topic = responseTopicFor(topic);
  if (topic.format == TopicFormat::kXml) {
    // TS-0010 §6.5.4 allows XML; this CSE speaks JSON and CBOR only. The answer goes out as JSON
    // on the json response topic, which a TS-0010 originator subscribes to (/oneM2M/resp/<me>/#).
    response_topic.format = TopicFormat::kJson;
    return encode(response_topic,
                  Response::fromStatus({Rsc::kUnsupportedMediaType,
                                        "XML primitives are not supported: publish JSON or CBOR "
                                        "on a topic ending in /json or /cbor",
                                        "mqtt.xml_unsupported"},
                                       ""));
  }
  std::string request_id;
  auto parsed =
      codec::parseRequestPrimitive(payload, contentFormatFor(topic.format), options.limits,
                                   &request_id);
  if (!parsed.isOk()) {
    LOG_DEBUG("MQTT request on " << model::logSafe(buildTopic(topic))
                                 << " refused: " << parsed.status().dbg());
    return encode(response_topic, Response::fromStatus(parsed.status(), request_id));
  }
  Request request = std::move(parsed).value();
  std::string cse_topic_id = idToTopicSegment(options.cse_id);
  Status allowed = checkTopicAgainstRequest(topic, request, cse_topic_id);
  if (!allowed.isOk()) {
    LOG_INFO("MQTT request rqi=" << model::logSafe(request.request_id)
                                 << " refused: " << allowed.reason());
    return encode(response_topic, Response::fromStatus(allowed, request.request_id));
  }
  request.transport.binding = model::Binding::kMqtt;
  if (!request.originator.empty() &&
      !originatorMatchesTopic(request.originator, topic.originator, cse_topic_id)) {
    request.transport.relaying_cse = "/" + topic.originator;  // isRelayByCse held
  }
  Request echo;  // what the response needs from the request after it has been moved
  echo.request_id = request.request_id;
  echo.release_version_indicator = request.release_version_indicator;
  echo.originator = request.originator;
  bool no_response = request.response_type.value == model::ResponseTypeValue::kNoResponse;
  if (later && !request.operation_execution_time.empty()) {
    // An oet still ahead (issue 15 #11): no worker waits for it.
    handler.handleAsync(std::move(request), [later, echo, response_topic, no_response,
                                             cse_id = options.cse_id](Response response) {
      if (no_response) return;
      completeResponse(response, echo, cse_id);
      later(encode(response_topic, std::move(response)));
    });
    return std::nullopt;
  }
  Response response = handler.handle(std::move(request));
  if (no_response) {
    // rt=5 (noResponse, TS-0004 §6.3.4.2.6): the operation ran; no response is published.
    return std::nullopt;
  }
  completeResponse(response, echo, options.cse_id);
  return encode(response_topic, std::move(response));
}

// A topic fit for a log line: bounded, control characters replaced.
std::string printable(std::string_view topic) {
  std::string out(topic.substr(0, 160));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return topic.size() > out.size() ? out + "..." : out;
}

// The rqi for a last-resort answer, if the payload yields one without another exception.
std::string bestEffortRequestId(std::string_view payload, TopicFormat format,
                                const codec::ParseLimits& limits) {
  std::string request_id;
  try {
    // Only the rqi is wanted; the parse result itself is dropped.
    auto parsed =
        codec::parseRequestPrimitive(payload, contentFormatFor(format), limits, &request_id);
    (void)parsed;
  } catch (...) {
    request_id.clear();
  }
  return request_id;
}

}  // namespace

std::optional<OutboundMessage> handleInbound(std::string_view topic, std::string_view payload,
                                             bool retained, const InboundOptions& options,
                                             model::PrimitiveHandler& handler,
                                             const LaterAnswer& later) {
  auto parsed_topic = parseTopic(topic);
  if (!parsed_topic.isOk()) {
    // Nobody to answer: without a valid topic there is no response topic (TS-0010 §6.4.3).
    LOG_WARN("MQTT message on '" << printable(topic)
                                 << "' dropped: " << parsed_topic.status().dbg());
    return std::nullopt;
  }
  const MqttTopic& request_topic = parsed_topic.value();
  if (request_topic.kind != TopicKind::kRequest &&
      request_topic.kind != TopicKind::kRegistrationRequest) {
    LOG_WARN("MQTT message dropped: " << kindName(request_topic.kind) << " is not a request");
    return std::nullopt;
  }
  if (request_topic.receiver != idToTopicSegment(options.cse_id)) {
    LOG_WARN("MQTT message dropped: addressed to '" << model::logSafe(request_topic.receiver)
                                                    << "', not to us");
    return std::nullopt;
  }
  if (retained) {
    LOG_WARN("MQTT message dropped: retained request from '"
             << model::logSafe(request_topic.originator) << "' (TS-0010 §5.1)");
    return std::nullopt;
  }
  try {
    return handleParsedTopic(request_topic, payload, options, handler, later);
  } catch (const std::exception& e) {
    // Last resort (STYLE.md §3): the handler never throws, but a bug must not lose the answer.
    LOG_ERROR("MQTT request failed: " << e.what());
  } catch (...) {
    LOG_ERROR("MQTT request failed with an unknown exception");
  }
  return encode(
      responseTopicFor(request_topic),
      Response::fromStatus(Status::internal("internal error"),
                           bestEffortRequestId(payload, request_topic.format, options.limits)));
}

}  // namespace citadel::mqtt
