#pragma once
// MQTT topic names of the oneM2M binding (TS-0010 §6.4.2–§6.4.4, §6.5.4), kept free of Paho so
// that the parser can be unit-tested with hostile input:
//   /oneM2M/req/<originator>/<receiver>/<json|xml|cbor>       request
//   /oneM2M/resp/<originator>/<receiver>/<json|xml|cbor>      its response (same order)
//   /oneM2M/reg_req/<credential-id>/<receiver>/<fmt>          initial registration
//   /oneM2M/reg_resp/<credential-id>/<receiver>/<fmt>         its response
// <originator>/<receiver> are IDs in "topic form": no leading '/', every other '/' as ':'.

#include <optional>
#include <string>
#include <string_view>

#include "cse/model/status.h"

namespace citadel::mqtt {

enum class TopicKind : uint8_t { kRequest, kResponse, kRegistrationRequest, kRegistrationResponse };

// The serialization suffix (TS-0010 §6.5.4). It is always present on the wire.
enum class TopicFormat : uint8_t { kJson, kXml, kCbor };

struct MqttTopic {
  TopicKind kind = TopicKind::kRequest;
  std::string originator;  // topic form ("Cae1", "id-mn:Cae1"), or the Credential-ID (reg_*)
  std::string receiver;    // topic form ("id-in")
  TopicFormat format = TopicFormat::kJson;
};

// Longest topic and longest ID segment we accept; longer ones are malformed, not truncated.
inline constexpr size_t kMaxTopicBytes = 1024;
inline constexpr size_t kMaxTopicIdBytes = 256;

// Parses a published topic name. 4000 (reason "mqtt.bad_topic") naming the defect when it does
// not have exactly the five levels above, has an unknown kind or format, an empty or oversized
// ID, or an MQTT wildcard, NUL or control character in it.
model::Result<MqttTopic> parseTopic(std::string_view topic);

// The topic name for `topic` (inverse of parseTopic; the IDs must already be in topic form).
std::string buildTopic(const MqttTopic& topic);

// The response topic for a request topic: req -> resp, reg_req -> reg_resp, same IDs and format.
MqttTopic responseTopicFor(const MqttTopic& request_topic);

// An entity ID in topic form (TS-0010 §6.4.2): SP-relative "/id-mn/Cae" -> "id-mn:Cae";
// absolute "//sp.example/id-in" -> ":sp.example:id-in"; "Cae" and "id-in" stay as they are.
std::string idToTopicSegment(std::string_view id);

// TS-0010 §7.2: the topic's originator is what the broker vouches for, so `from` must name the
// same entity. True when `from` (any ID form) in topic form equals `topic_originator`, also when
// one of them is qualified by this CSE's ID ("id-in:Cae" and "Cae" name the same AE).
bool originatorMatchesTopic(std::string_view from, std::string_view topic_originator,
                            std::string_view cse_topic_id);

std::string_view formatSuffix(TopicFormat format);  // "json", "xml", "cbor"
std::string_view kindName(TopicKind kind);          // "req", "resp", "reg_req", "reg_resp"

}  // namespace citadel::mqtt
