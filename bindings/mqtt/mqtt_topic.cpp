// MQTT topic names, TS-0010 §6.4.2 (requests), §6.4.3 (responses), §6.4.4 (registration) and
// §6.5.4 (format suffix).
#include "bindings/mqtt/mqtt_topic.h"

#include <array>

#include "cse/codec/utf8.h"

namespace citadel::mqtt {
namespace {

using model::Result;
using model::Status;

Status badTopic(std::string dbg) { return Status::badRequest(std::move(dbg), "mqtt.bad_topic"); }

std::optional<TopicKind> kindFromName(std::string_view name) {
  if (name == "req") return TopicKind::kRequest;
  if (name == "resp") return TopicKind::kResponse;
  if (name == "reg_req") return TopicKind::kRegistrationRequest;
  if (name == "reg_resp") return TopicKind::kRegistrationResponse;
  return std::nullopt;
}

std::optional<TopicFormat> formatFromSuffix(std::string_view suffix) {
  if (suffix == "json") return TopicFormat::kJson;
  if (suffix == "xml") return TopicFormat::kXml;
  if (suffix == "cbor") return TopicFormat::kCbor;
  return std::nullopt;
}

// One ID level: non-empty, bounded, and free of wildcards (MQTT 3.1.1 §4.7.1: they may not
// appear in a topic name) and of control characters, which no oneM2M ID contains.
Status checkIdSegment(std::string_view segment, const char* what) {
  if (segment.empty()) {
    return badTopic(std::string("topic has an empty ") + what + " level");
  }
  if (segment.size() > kMaxTopicIdBytes) {
    return badTopic(std::string("topic ") + what + " is longer than " +
                    std::to_string(kMaxTopicIdBytes) + " bytes");
  }
  for (char c : segment) {
    auto u = static_cast<unsigned char>(c);
    if (c == '+' || c == '#' || u < 0x20 || u == 0x7f) {
      return badTopic(std::string("topic ") + what + " contains a wildcard or control character");
    }
  }
  // MQTT topic names are UTF-8 (MQTT 3.1.1 §1.5.3); the originator is echoed in the answer's
  // `to`, which a CBOR or JSON decoder refuses when it is not UTF-8 (found by tests/fuzz/mqtt).
  if (!codec::isValidUtf8(segment)) {
    return badTopic(std::string("topic ") + what + " is not UTF-8");
  }
  return {};
}

// Drops "<cse_topic_id>:" in front of an ID: "id-in:Cae" and "Cae" name the same AE when this
// CSE is id-in (SP-relative AE-ID vs AE-ID stem, TS-0001 §7.2).
std::string_view stripOwnCse(std::string_view id, std::string_view cse_topic_id) {
  if (!cse_topic_id.empty() && id.size() > cse_topic_id.size() + 1 &&
      id.starts_with(cse_topic_id) && id[cse_topic_id.size()] == ':') {
    return id.substr(cse_topic_id.size() + 1);
  }
  return id;
}

}  // namespace

std::string_view formatSuffix(TopicFormat format) {
  switch (format) {
    case TopicFormat::kJson:
      return "json";
    case TopicFormat::kXml:
      return "xml";
    case TopicFormat::kCbor:
      return "cbor";
  }
  return "json";
}

std::string_view kindName(TopicKind kind) {
  switch (kind) {
    case TopicKind::kRequest:
      return "req";
    case TopicKind::kResponse:
      return "resp";
    case TopicKind::kRegistrationRequest:
      return "reg_req";
    case TopicKind::kRegistrationResponse:
      return "reg_resp";
  }
  return "req";
}

Result<MqttTopic> parseTopic(std::string_view topic) {
  if (topic.size() > kMaxTopicBytes) {
    return badTopic("topic is longer than " + std::to_string(kMaxTopicBytes) + " bytes");
  }
  // TS-0010 §6.4.2: the topic starts with "/oneM2M/" (the leading '/' makes the first level
  // empty). A poa path prefix (§6.6) is not used by this CSE.
  constexpr std::string_view kPrefix = "/oneM2M/";
  if (!topic.starts_with(kPrefix)) {
    return badTopic("topic must start with /oneM2M/");
  }
  std::array<std::string_view, 4> levels;  // kind, originator, receiver, format
  std::string_view rest = topic.substr(kPrefix.size());
  for (size_t i = 0; i < levels.size(); ++i) {
    size_t slash = rest.find('/');
    bool last = i + 1 == levels.size();
    if (last != (slash == std::string_view::npos)) {
      return badTopic("topic must have the form /oneM2M/<kind>/<originator>/<receiver>/<format>");
    }
    levels[i] = rest.substr(0, slash);
    rest = last ? std::string_view() : rest.substr(slash + 1);
  }
  auto kind = kindFromName(levels[0]);
  if (!kind) {
    return badTopic("topic kind must be req, resp, reg_req or reg_resp");
  }
  CITADEL_RETURN_IF_ERROR(checkIdSegment(levels[1], "originator"));
  CITADEL_RETURN_IF_ERROR(checkIdSegment(levels[2], "receiver"));
  // TS-0010 §6.5.4: "the suffix /json, /xml, or /cbor shall always be used".
  auto format = formatFromSuffix(levels[3]);
  if (!format) {
    return badTopic("topic format must be json, xml or cbor");
  }
  return MqttTopic{*kind, std::string(levels[1]), std::string(levels[2]), *format};
}

std::string buildTopic(const MqttTopic& topic) {
  std::string out = "/oneM2M/";
  out.append(kindName(topic.kind));
  out.append("/").append(topic.originator);
  out.append("/").append(topic.receiver);
  out.append("/").append(formatSuffix(topic.format));
  return out;
}

MqttTopic responseTopicFor(const MqttTopic& request_topic) {
  MqttTopic response = request_topic;
  // TS-0010 §6.4.3 / §6.4.4: same originator and receiver order as the request.
  response.kind = request_topic.kind == TopicKind::kRegistrationRequest
                      ? TopicKind::kRegistrationResponse
                      : TopicKind::kResponse;
  return response;
}

std::string idToTopicSegment(std::string_view id) {
  std::string out;
  if (id.starts_with("//")) {
    // TS-0010 §6.4.2, Mcc': the Absolute-CSE-ID's leading "//" becomes ":".
    out.push_back(':');
    id.remove_prefix(2);
  } else if (id.starts_with("/")) {
    id.remove_prefix(1);  // SP-relative: the leading '/' is omitted
  }
  out.reserve(out.size() + id.size());
  for (char c : id) {
    out.push_back(c == '/' ? ':' : c);
  }
  return out;
}

bool originatorMatchesTopic(std::string_view from, std::string_view topic_originator,
                            std::string_view cse_topic_id) {
  std::string from_segment = idToTopicSegment(from);
  return stripOwnCse(from_segment, cse_topic_id) == stripOwnCse(topic_originator, cse_topic_id);
}

}  // namespace citadel::mqtt
