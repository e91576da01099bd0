#include "tools/bench_bindings/mqtt_load.h"

#include <mqtt/async_client.h>

#include <mutex>
#include <thread>

namespace citadel::tools {
namespace {

constexpr auto kTimeout = std::chrono::seconds(5);
const char* kCin = R"("pc":{"m2m:cin":{"cnf":"text/plain:0","con":"21.5"}})";

// Connects a clean-session MQTT 3.1.1 client and subscribes `filter` with QoS 1.
std::unique_ptr<mqtt::async_client> connectClient(const std::string& broker,
                                                  const std::string& client_id,
                                                  const std::string& filter, bool consume,
                                                  std::string* error) {
  try {
    auto client = std::make_unique<mqtt::async_client>(broker, client_id, nullptr);
    if (consume) client->start_consuming();
    auto options = mqtt::connect_options_builder()
                       .mqtt_version(MQTTVERSION_3_1_1)
                       .clean_session(true)
                       .connect_timeout(kTimeout)
                       .finalize();
    if (!client->connect(options)->wait_for(kTimeout + std::chrono::seconds(2))) {
      *error = "CONNECT to " + broker + " timed out";
      return nullptr;
    }
    if (!client->subscribe(filter, 1)->wait_for(kTimeout)) {
      *error = "SUBSCRIBE " + filter + " timed out";
      return nullptr;
    }
    return client;
  } catch (const std::exception& e) {
    *error = std::string("MQTT: ") + e.what();
    return nullptr;
  }
}

// Publishes request primitives on one topic and waits for the answer carrying the same rqi.
class MqttWorker final : public Exchange {
 public:
  MqttWorker(std::unique_ptr<mqtt::async_client> client, std::string request_topic,
             std::string originator)
      : client_(std::move(client)),
        request_topic_(std::move(request_topic)),
        originator_(std::move(originator)) {}
  ~MqttWorker() override {
    try {
      client_->disconnect()->wait_for(std::chrono::seconds(2));
    } catch (...) {
    }
  }

  // The primitive for `seq` minus rqi: `op`, `to`, `ty` and `pc` members, set by configure().
  void configure(std::string body, std::string expected_rsc) {
    body_ = std::move(body);
    expected_ = expected_rsc.empty() ? "" : "\"rsc\":" + expected_rsc;
  }

  bool exchange(uint64_t seq, std::string* error) override {
    std::string rqi = originator_ + "-" + std::to_string(seq);
    std::string payload = "{\"fr\":\"" + originator_ + "\",\"rqi\":\"" + rqi +
                          "\",\"rvi\":\"3\"," + body_ + "}";
    return send(payload, rqi, error);
  }

  bool send(const std::string& payload, const std::string& rqi, std::string* error) {
    try {
      client_->publish(request_topic_, payload.data(), payload.size(), 1, false);
      auto deadline = std::chrono::steady_clock::now() + kTimeout;
      mqtt::const_message_ptr message;
      while (client_->try_consume_message_until(&message, deadline)) {
        if (!message) continue;
        const std::string text = message->get_payload_str();
        if (text.find("\"" + rqi + "\"") == std::string::npos) continue;  // a late answer
        if (!expected_.empty() && text.find(expected_) == std::string::npos) {
          *error = "unexpected answer " + text.substr(0, 200);
          return false;
        }
        return true;
      }
      *error = "no answer to " + rqi + " within 5 s";
      return false;
    } catch (const std::exception& e) {
      *error = e.what();
      return false;
    }
  }

 private:
  std::unique_ptr<mqtt::async_client> client_;
  std::string request_topic_;
  std::string originator_;
  std::string body_;
  std::string expected_;
};

// Bounces every message on /bench/echo/req/<id> to /bench/echo/resp/<id>, from Paho's callback
// thread as the binding's receive path does.
class EchoServer {
 public:
  bool start(const std::string& broker, const std::string& tag, std::string* error) {
    client_ = connectClient(broker, "bench-echo-" + tag, "/bench/echo/req/+", false, error);
    if (!client_) return false;
    client_->set_message_callback([this](mqtt::const_message_ptr message) {
      std::string topic = message->get_topic();
      std::string id = topic.substr(topic.rfind('/') + 1);
      client_->publish("/bench/echo/resp/" + id, message->get_payload_ref().data(),
                       message->get_payload_ref().size(), 1, false);
    });
    return true;
  }
  ~EchoServer() {
    try {
      if (client_) client_->disconnect()->wait_for(std::chrono::seconds(2));
    } catch (...) {
    }
  }

 private:
  std::unique_ptr<mqtt::async_client> client_;
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
  // Paho notices a new socket only on its next 1 s poll: connect every worker in parallel.
  std::vector<std::unique_ptr<MqttWorker>> clients(workers);
  std::vector<std::string> errors(workers);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) {
    threads.emplace_back([&, i] {
      std::string originator = "Cbench" + tag + "w" + std::to_string(i);
      std::string response_filter = echo ? "/bench/echo/resp/" + originator
                                         : "/oneM2M/resp/" + originator + "/" + target.cse_id + "/json";
      auto client = connectClient(target.broker, originator, response_filter, true, &errors[i]);
      if (!client) return;
      std::string request_topic = echo ? "/bench/echo/req/" + originator
                                       : "/oneM2M/req/" + originator + "/" + target.cse_id + "/json";
      auto worker = std::make_unique<MqttWorker>(std::move(client), request_topic, originator);
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
