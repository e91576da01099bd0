#include "tests/support/mqtt_client.h"

#include <mqtt/async_client.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace citadel::testing {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(5);

std::string uniqueClientId(const std::string& topic_id) {
  static std::atomic<int> counter{0};
  return "test-" + topic_id + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

Json parsePayload(const std::string& topic, const std::string& payload) {
  bool cbor = topic.size() >= 5 && topic.compare(topic.size() - 5, 5, "/cbor") == 0;
  Json parsed = cbor ? Json::from_cbor(payload, true, false) : Json::parse(payload, nullptr, false);
  return parsed.is_discarded() ? Json() : parsed;
}

}  // namespace

std::string MqttResult::dbg() const {
  if (json.is_object() && json.contains("pc") && json["pc"].is_object()) {
    auto it = json["pc"].find("m2m:dbg");
    if (it != json["pc"].end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

const Json& MqttResult::resource() const {
  static const Json kNull;
  if (json.is_object() && json.contains("pc") && json["pc"].is_object() && json["pc"].size() == 1) {
    return json["pc"].begin().value();
  }
  return kNull;
}

std::ostream& operator<<(std::ostream& out, const MqttResult& result) {
  if (!result.received) return out << "no MQTT message: " << result.error;
  return out << "rsc=" << result.rsc << " topic=" << result.topic
             << " payload=" << result.payload.substr(0, 500);
}

MqttClient::MqttClient(std::string broker_uri, std::string originator, std::string cse_id)
    : originator_(std::move(originator)),
      topic_id_(topicIdFor(originator_)),
      cse_id_(std::move(cse_id)) {
  try {
    client_ =
        std::make_unique<::mqtt::async_client>(broker_uri, uniqueClientId(topic_id_), nullptr);
    client_->start_consuming();
    // A test client: a clean session, so that no state leaks from one test into another.
    auto options = ::mqtt::connect_options_builder()
                       .mqtt_version(MQTTVERSION_3_1_1)
                       .clean_session(true)
                       .connect_timeout(kConnectTimeout)
                       .finalize();
    if (!client_->connect(options)->wait_for(kConnectTimeout + std::chrono::seconds(1))) {
      error_ = "CONNECT to " + broker_uri + " timed out";
      return;
    }
    for (const char* kind : {"resp", "reg_resp"}) {
      std::string filter = std::string("/oneM2M/") + kind + "/" + topic_id_ + "/#";
      if (!client_->subscribe(filter, 1)->wait_for(kConnectTimeout)) {
        error_ = "SUBSCRIBE " + filter + " timed out";
        return;
      }
    }
  } catch (const std::exception& e) {
    error_ = std::string("MQTT client: ") + e.what();
  }
}

MqttClient::~MqttClient() {
  if (!client_) return;
  try {
    if (client_->is_connected()) client_->disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // best effort: the broker drops the session with the socket anyway
  }
}

bool MqttClient::connected() const { return client_ && error_.empty() && client_->is_connected(); }

std::string MqttClient::nextRequestId() {
  static std::atomic<int> counter{0};
  return "mqtt-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

std::string MqttClient::topicIdFor(const std::string& id) {
  std::string out;
  size_t start = 0;
  if (id.rfind("//", 0) == 0) {
    out.push_back(':');
    start = 2;
  } else if (id.rfind("/", 0) == 0) {
    start = 1;
  }
  for (size_t i = start; i < id.size(); ++i) out.push_back(id[i] == '/' ? ':' : id[i]);
  return out;
}

bool MqttClient::publish(const std::string& topic, const std::string& payload, std::string* error) {
  try {
    auto token = client_->publish(topic, payload.data(), payload.size(), 1, false);
    if (!token->wait_for(std::chrono::seconds(5))) {
      *error = "PUBLISH on " + topic + " not acknowledged";
      return false;
    }
    return true;
  } catch (const std::exception& e) {
    *error = std::string("PUBLISH failed: ") + e.what();
    return false;
  }
}

MqttResult MqttClient::take(std::chrono::steady_clock::time_point deadline) {
  MqttResult result;
  if (!backlog_.empty()) {
    result = std::move(backlog_.front());
    backlog_.pop_front();
    return result;
  }
  ::mqtt::const_message_ptr message;
  if (!client_ || !client_->try_consume_message_until(&message, deadline) || !message) {
    result.error = "timed out";
    return result;
  }
  result.received = true;
  result.topic = message->get_topic();
  result.payload = message->get_payload_str();
  result.json = parsePayload(result.topic, result.payload);
  if (result.json.is_object() && result.json.contains("rsc") &&
      result.json["rsc"].is_number_integer()) {
    result.rsc = result.json["rsc"].get<int>();
  }
  return result;
}

MqttResult MqttClient::next(std::chrono::milliseconds timeout) {
  if (!connected()) {
    MqttResult result;
    result.error = "not connected: " + error_;
    return result;
  }
  return take(std::chrono::steady_clock::now() + timeout);
}

MqttResult MqttClient::exchange(const std::string& topic, const std::string& payload,
                                const std::string& request_id, std::chrono::milliseconds timeout) {
  MqttResult failed;
  failed.request_id = request_id;
  if (!connected()) {
    failed.error = "not connected: " + error_;
    return failed;
  }
  if (!publish(topic, payload, &failed.error)) return failed;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::deque<MqttResult> others;
  MqttResult result;
  while (true) {
    result = take(deadline);
    if (!result.received) break;
    if (request_id.empty() ||
        (result.json.is_object() && result.json.value("rqi", "") == request_id)) {
      break;
    }
    others.push_back(std::move(result));
  }
  for (auto& other : others) backlog_.push_back(std::move(other));
  result.request_id = request_id;
  return result;
}

MqttResult MqttClient::send(Json primitive, const std::string& format,
                            std::chrono::milliseconds timeout) {
  if (!primitive.contains("rqi")) primitive["rqi"] = nextRequestId();
  if (!primitive.contains("rvi")) primitive["rvi"] = "3";
  if (!primitive.contains("fr") && !originator_.empty()) primitive["fr"] = originator_;
  std::string request_id = primitive["rqi"].is_string() ? primitive["rqi"].get<std::string>() : "";
  std::string payload;
  if (format == "cbor") {
    std::vector<uint8_t> bytes = Json::to_cbor(primitive);
    payload.assign(bytes.begin(), bytes.end());
  } else {
    payload = primitive.dump();
  }
  std::string topic = "/oneM2M/req/" + topic_id_ + "/" + topicIdFor(cse_id_) + "/" + format;
  return exchange(topic, payload, request_id, timeout);
}

MqttResult MqttClient::sendRegistration(Json primitive, std::chrono::milliseconds timeout) {
  if (!primitive.contains("rqi")) primitive["rqi"] = nextRequestId();
  if (!primitive.contains("rvi")) primitive["rvi"] = "3";
  std::string request_id = primitive["rqi"].get<std::string>();
  std::string topic = "/oneM2M/reg_req/" + topic_id_ + "/" + topicIdFor(cse_id_) + "/json";
  return exchange(topic, primitive.dump(), request_id, timeout);
}

MqttResult MqttClient::publishRaw(const std::string& topic, const std::string& payload,
                                  std::chrono::milliseconds timeout) {
  return exchange(topic, payload, "", timeout);
}

MqttResult MqttClient::create(const std::string& to, int ty, const Json& content) {
  return send({{"op", 1}, {"to", to}, {"ty", ty}, {"pc", content}});
}

MqttResult MqttClient::retrieve(const std::string& to) { return send({{"op", 2}, {"to", to}}); }

MqttResult MqttClient::update(const std::string& to, const Json& content) {
  return send({{"op", 3}, {"to", to}, {"pc", content}});
}

MqttResult MqttClient::remove(const std::string& to) { return send({{"op", 4}, {"to", to}}); }

RecordingHandler::RecordingHandler() {
  response_.status_code = model::Rsc::kOk;
  response_.content = {{"m2m:cb", {{"rn", "cse-in"}, {"ri", "id-in"}, {"ty", 5}}}};
}

model::Response RecordingHandler::handle(model::Request request) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool block = !blocked_to_.empty() && request.to == blocked_to_;
  requests_.push_back(std::move(request));
  if (block) {
    released_cv_.wait_for(lock, std::chrono::seconds(10), [&] { return released_; });
  }
  return response_;
}

std::vector<model::Request> RecordingHandler::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void RecordingHandler::setResponse(model::Response response) {
  std::lock_guard<std::mutex> lock(mutex_);
  response_ = std::move(response);
}

void RecordingHandler::blockRequestsTo(std::string to) {
  std::lock_guard<std::mutex> lock(mutex_);
  blocked_to_ = std::move(to);
  released_ = false;
}

void RecordingHandler::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  released_ = true;
  released_cv_.notify_all();
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace citadel::testing
