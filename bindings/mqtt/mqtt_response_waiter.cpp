// Response matching by rqi, TS-0010 §6.4.5 (TS-0004 §7.2.1.2: the response echoes rqi).
#include "bindings/mqtt/mqtt_response_waiter.h"

#include "cse/codec/primitive_codec.h"
#include "bindings/mqtt/mqtt_topic.h"
#include "cse/model/log.h"

namespace citadel::mqtt {

ResponseWaiter::ResponseWaiter(std::string cse_topic_id, codec::ParseLimits limits)
    : cse_topic_id_(std::move(cse_topic_id)), limits_(limits) {}

bool ResponseWaiter::expect(const std::string& request_id, std::string target) {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.emplace(request_id, Pending{std::move(target), std::nullopt}).second;
}

std::optional<model::Response> ResponseWaiter::wait(const std::string& request_id,
                                                    std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto it = pending_.find(request_id);
  if (it == pending_.end()) return std::nullopt;
  arrived_.wait_for(lock, timeout, [&] { return it->second.response.has_value(); });
  std::optional<model::Response> response = std::move(it->second.response);
  pending_.erase(it);  // std::map iterators stay valid while other entries come and go
  return response;
}

void ResponseWaiter::cancel(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.erase(request_id);
}

bool ResponseWaiter::offer(std::string_view topic, std::string_view payload) {
  auto parsed_topic = parseTopic(topic);
  if (!parsed_topic.isOk() || parsed_topic.value().kind != TopicKind::kResponse ||
      parsed_topic.value().originator != cse_topic_id_) {
    return false;
  }
  TopicFormat format = parsed_topic.value().format;
  if (format == TopicFormat::kXml) {
    LOG_WARN("MQTT response on " << topic << " dropped: XML is not supported");
    return true;
  }
  auto response = codec::parseResponsePrimitive(
      payload,
      format == TopicFormat::kCbor ? codec::ContentFormat::kCbor : codec::ContentFormat::kJson,
      limits_);
  if (!response.isOk()) {
    // Without a readable rqi the waiter cannot be found; it times out with 4008.
    LOG_WARN("MQTT response on " << topic << " dropped: " << response.status().dbg());
    return true;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pending_.find(response.value().request_id);
  if (it == pending_.end() || it->second.response) {
    LOG_DEBUG("MQTT response on " << topic << " not awaited (late?)");
    return true;
  }
  // Issue 15 #2: only the entity the request went to may answer it. The rqi is not echoed: it
  // is the forger's text.
  const std::string& target = it->second.target;
  if (parsed_topic.value().receiver != target) {
    LOG_WARN("MQTT response on " << topic << " dropped: the request went to " << target
                                 << ", not to that sender");
    return true;
  }
  const std::string& from = response.value().from;
  if (!from.empty() && !originatorMatchesTopic(from, target, cse_topic_id_)) {
    LOG_WARN("MQTT response on " << topic << " dropped: its fr does not name " << target);
    return true;
  }
  it->second.response = std::move(response).value();
  arrived_.notify_all();
  return true;
}

}  // namespace citadel::mqtt
