#include "tools/bench_bindings/mqtt_load.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "bindings/mqtt/mqtt_connection.h"

namespace citadel::tools {
namespace {

constexpr auto kTimeout = std::chrono::seconds(5);
const char* kCin = R"("pc":{"m2m:cin":{"cnf":"text/plain:0","con":"21.5"}})";

// What one client received, for its worker to take in order.
struct Inbox {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::string> payloads;  // guarded by mutex

  void put(std::string payload) {
    {
      std::lock_guard lock(mutex);
      payloads.push_back(std::move(payload));
    }
    cv.notify_one();
  }
  // The next payload, or false at `deadline`.
  bool take(std::chrono::steady_clock::time_point deadline, std::string* out) {
    std::unique_lock lock(mutex);
    if (!cv.wait_until(lock, deadline, [&] { return !payloads.empty(); })) return false;
    *out = std::move(payloads.front());
    payloads.pop_front();
    return true;
  }
};

// A clean-session MQTT 3.1.1 client of the binding's own connection class (libmosquitto, TCP
// without Nagle, QoS 1), subscribed to `filter`. `on_message` gets every PUBLISH.
std::shared_ptr<mqtt::MqttConnection> connectClient(const std::string& broker,
                                                    const std::string& client_id,
                                                    const std::string& filter,
                                                    mqtt::MqttMessageCallback on_message,
                                                    std::string* error) {
  mqtt::MqttConnectionOptions options;
  options.server_uri = broker;
  options.client_id = client_id;
  options.subscriptions = {filter};
  options.clean_session = true;
  options.connect_timeout = kTimeout;
  auto created = mqtt::MqttConnection::create(std::move(options), std::move(on_message));
  if (!created.isOk()) {
    *error = created.status().dbg();
    return nullptr;
  }
  std::shared_ptr<mqtt::MqttConnection> client = std::move(created).value();
  model::Status connected = client->connect();
  if (!connected.isOk()) {
    *error = connected.dbg();
    return nullptr;
  }
  return client;
}

// Publishes request primitives on one topic and waits for the answer carrying the same rqi.
class MqttWorker final : public Exchange {
 public:
  MqttWorker(std::shared_ptr<Inbox> inbox, std::shared_ptr<mqtt::MqttConnection> client,
             std::string request_topic, std::string originator)
      : inbox_(std::move(inbox)),
        client_(std::move(client)),
        request_topic_(std::move(request_topic)),
        originator_(std::move(originator)) {}

  // The primitive for `seq` minus rqi: `op`, `to`, `ty` and `pc` members, set by configure().
  void configure(std::string body, std::string expected_rsc) {
    body_ = std::move(body);
    expected_ = expected_rsc.empty() ? "" : "\"rsc\":" + expected_rsc;
  }

  bool exchange(uint64_t seq, std::string* error) override {
    std::string rqi = originator_ + "-" + std::to_string(seq);
    std::string payload = "{\"fr\":\"" + originator_ + "\",\"rqi\":\"" + rqi +
                          "\",\"rvi\":\"3\"," + body_ + "}";
    model::Status published = client_->publish(request_topic_, payload);
    if (!published.isOk()) {
      *error = published.dbg();
      return false;
    }
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    std::string text;
    while (inbox_->take(deadline, &text)) {
      if (text.find("\"" + rqi + "\"") == std::string::npos) continue;  // a late answer
      if (!expected_.empty() && text.find(expected_) == std::string::npos) {
        *error = "unexpected answer " + text.substr(0, 200);
        return false;
      }
      return true;
    }
    *error = "no answer to " + rqi + " within 5 s";
    return false;
  }

 private:
  std::shared_ptr<Inbox> inbox_;
  std::shared_ptr<mqtt::MqttConnection> client_;
  std::string request_topic_;
  std::string originator_;
  std::string body_;
  std::string expected_;
};

// Bounces every message on /bench/echo/req/<id> to /bench/echo/resp/<id>, from the client's
// network thread, as the binding's receive path hands requests on.
class EchoServer {
 public:
  bool start(const std::string& broker, const std::string& tag, std::string* error) {
    client_ = connectClient(
        broker, "bench-echo-" + tag, "/bench/echo/req/+",
        [this](mqtt::MqttMessage message) {
          std::string id = message.topic.substr(message.topic.rfind('/') + 1);
          if (auto client = client_) client->publish("/bench/echo/resp/" + id, message.payload).ignore("a lost echo shows as a timeout");
        },
        error);
    return client_ != nullptr;
  }

 private:
  std::shared_ptr<mqtt::MqttConnection> client_;
};

// The echo worker owns a share of the echo server so that the last worker stops it.
class EchoWorker final : public Exchange {
 public:
  EchoWorker(std::unique_ptr<MqttWorker> worker, std::shared_ptr<EchoServer> server)
      : worker_(std::move(worker)), server_(std::move(server)) {}
  bool exchange(uint64_t seq, std::string* error) override {
    return worker_->exchange(seq, error);
  }

 private:
  std::unique_ptr<MqttWorker> worker_;
  std::shared_ptr<EchoServer> server_;
};

}  // namespace

bool runMqttEchoServer(const MqttTarget& target, const std::string& tag, double seconds,
                       std::string* error) {
  EchoServer server;
  if (!server.start(target.broker, tag, error)) return false;
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  return true;
}

std::vector<std::unique_ptr<Exchange>> makeMqttWorkers(const MqttTarget& target,
                                                       const std::string& scenario,
                                                       size_t workers, size_t prefill,
                                                       const std::string& tag, std::string* error) {
  bool echo = scenario == "mqtt-echo";
  std::shared_ptr<EchoServer> echo_server;
  if (echo) {
    echo_server = std::make_shared<EchoServer>();
    if (!echo_server->start(target.broker, tag, error)) return {};
  }
  // Connect every worker in parallel: set-up time grows with the slowest, not with the sum.
  std::vector<std::unique_ptr<MqttWorker>> clients(workers);
  std::vector<std::string> errors(workers);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) {
    threads.emplace_back([&, i] {
      std::string originator = "Cbench" + tag + "w" + std::to_string(i);
      std::string response_filter = echo ? "/bench/echo/resp/" + originator
                                         : "/oneM2M/resp/" + originator + "/" + target.cse_id + "/json";
      auto inbox = std::make_shared<Inbox>();
      auto client = connectClient(target.broker, originator, response_filter,
                                  [inbox](mqtt::MqttMessage m) { inbox->put(std::move(m.payload)); },
                                  &errors[i]);
      if (!client) return;
      std::string request_topic = echo ? "/bench/echo/req/" + originator
                                       : "/oneM2M/req/" + originator + "/" + target.cse_id + "/json";
      auto worker = std::make_unique<MqttWorker>(inbox, std::move(client), request_topic, originator);
      if (!echo) {
        // Set-up over MQTT itself: this worker's AE and container, then the prefill.
        std::string ae = originator.substr(1);
        std::string to = target.cse_name + "/" + ae;
        worker->configure("\"op\":1,\"to\":\"" + target.cse_name + "\",\"ty\":2,\"pc\":{\"m2m:ae\":{\"rn\":\"" +
                              ae + "\",\"api\":\"Nbench\",\"rr\":false,\"srv\":[\"3\"]}}",
                          "2001");
        if (!worker->exchange(1000000000, &errors[i])) return;
        worker->configure("\"op\":1,\"to\":\"" + to + "\",\"ty\":3,\"pc\":{\"m2m:cnt\":{\"rn\":\"data\"}}",
                          "2001");
        if (!worker->exchange(1000000001, &errors[i])) return;
        worker->configure("\"op\":1,\"to\":\"" + to + "/data\",\"ty\":4," + kCin, "2001");
        for (size_t n = 0; n < prefill; ++n) {
          if (!worker->exchange(1000000002 + n, &errors[i])) return;
        }
        if (scenario == "mqtt-la") {
          worker->configure("\"op\":2,\"to\":\"" + to + "/data/la\"", "2000");
        }
      } else {
        worker->configure(std::string("\"op\":1,\"to\":\"cse-in/x/data\",\"ty\":4,") + kCin,
                          "");  // the echo carries no rsc: any answer with the rqi counts
      }
      clients[i] = std::move(worker);
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::unique_ptr<Exchange>> out;
  for (size_t i = 0; i < workers; ++i) {
    if (!clients[i]) {
      *error = "worker " + std::to_string(i) + ": " + errors[i];
      return {};
    }
    if (echo) {
      out.push_back(std::make_unique<EchoWorker>(std::move(clients[i]), echo_server));
    } else {
      out.push_back(std::move(clients[i]));
    }
  }
  return out;
}

}  // namespace citadel::tools
