// The MQTT binding's receiver (bindings/mqtt/mqtt_topic.h, mqtt_inbound.h, Paho-free): topic
// names and the request envelope of one PUBLISH. Input: <flags byte><topic>\0<payload>.
// Invariants:
// - parseTopic: a rejection is a 4000 Status; an accepted topic rebuilds (buildTopic) to exactly
//   the input, and its response topic parses with the same IDs and format;
// - an originator in topic form matches its own topic segment (originatorMatchesTopic);
// - handleInbound: a message is dropped or answered, never thrown through; an answer is published
//   on a topic that parses as a response topic, and its payload decodes as a response primitive
//   (in JSON for an xml topic) that echoes the rqi the handler saw.

#include <optional>

#include "bindings/mqtt/mqtt_inbound.h"
#include "bindings/mqtt/mqtt_topic.h"
#include "cse/codec/primitive_codec.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

// Answers every request with 2000, remembering what it was handed.
class RecordingHandler : public model::PrimitiveHandler {
 public:
  model::Response handle(model::Request request) override {
    seen = std::move(request);
    model::Response response;
    response.status_code = model::Rsc::kOk;
    response.request_id = seen->request_id;
    return response;
  }
  std::optional<model::Request> seen;
};

void checkTopic(std::string_view topic) {
  auto parsed = mqtt::parseTopic(topic);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    FUZZ_CHECK(parsed.status().rsc() == model::Rsc::kBadRequest);
    return;
  }
  FUZZ_CHECK(mqtt::buildTopic(parsed.value()) == topic);
  auto response = mqtt::parseTopic(mqtt::buildTopic(mqtt::responseTopicFor(parsed.value())));
  FUZZ_CHECK(response.isOk());
  FUZZ_CHECK(response.value().originator == parsed.value().originator);
  FUZZ_CHECK(response.value().receiver == parsed.value().receiver);
  FUZZ_CHECK(response.value().format == parsed.value().format);
}

void checkInbound(std::string_view topic, std::string_view payload, bool retained) {
  RecordingHandler handler;
  mqtt::InboundOptions options;
  options.limits = {.max_bytes = 64 << 10, .max_depth = 16};
  auto answer = mqtt::handleInbound(topic, payload, retained, options, handler);
  if (!answer) {
    // Dropped unread, or run with rt=noResponse (TS-0004 §6.3.4.2.6), which publishes nothing.
    FUZZ_CHECK(!handler.seen ||
               handler.seen->response_type.value == model::ResponseTypeValue::kNoResponse);
    return;
  }
  auto request_topic = mqtt::parseTopic(topic);
  FUZZ_CHECK(request_topic.isOk());
  auto response_topic = mqtt::parseTopic(answer->topic);
  FUZZ_CHECK(response_topic.isOk());
  auto kind = response_topic.value().kind;
  FUZZ_CHECK(kind == mqtt::TopicKind::kResponse || kind == mqtt::TopicKind::kRegistrationResponse);
  auto format = response_topic.value().format == mqtt::TopicFormat::kCbor
                    ? codec::ContentFormat::kCbor
                    : codec::ContentFormat::kJson;
  auto response = codec::parseResponsePrimitive(answer->payload, format,
                                                {.max_bytes = size_t{1} << 30, .max_depth = 16});
  FUZZ_CHECK(response.isOk());
  if (handler.seen) {
    FUZZ_CHECK(response.value().status_code == model::Rsc::kOk);
    FUZZ_CHECK(response.value().request_id == handler.seen->request_id);
  } else {
    FUZZ_CHECK(static_cast<uint16_t>(response.value().status_code) >= 4000);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest = fuzz::asText(data + 1, size - 1);
  size_t split = rest.find('\0');
  std::string_view topic = rest.substr(0, split);
  std::string_view payload = split == std::string_view::npos ? "" : rest.substr(split + 1);
  checkTopic(topic);
  if (!topic.empty() && topic.find('/') == std::string_view::npos) {
    FUZZ_CHECK(mqtt::originatorMatchesTopic(topic, mqtt::idToTopicSegment(topic), "id-in"));
  }
  checkInbound(topic, payload, (data[0] & 1) != 0);
  return 0;
}
