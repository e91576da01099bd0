#pragma once
// MQTT scenarios (TS-0010 through a broker): contentInstance CREATE and retrieve of `la`, one
// client (one originator, one AE) per worker on the binding's own MqttConnection, QoS 1 both
// ways as the binding uses; and `mqtt-echo`, the broker's own ceiling: the same request
// payloads bounced back by a plain echo client instead of the CSE (two broker hops per round
// trip, as with the CSE).

#include <memory>
#include <string>
#include <vector>

#include "tools/bench_bindings/closed_loop.h"

namespace citadel::tools {

struct MqttTarget {
  std::string broker = "tcp://127.0.0.1:1883";
  std::string cse_id = "id-in";
  std::string cse_name = "cse-in";
};

// Connects the workers (in parallel), registers one AE and container per worker for the CSE
// scenarios (with `prefill` instances each), and returns them. Empty and *error on failure.
// For mqtt-echo the returned vector also owns the echo client (as its first element's state).
std::vector<std::unique_ptr<Exchange>> makeMqttWorkers(const MqttTarget& target,
                                                       const std::string& scenario,
                                                       size_t workers, size_t prefill,
                                                       const std::string& tag, std::string* error);

// mqtt-echo-server: the echo client alone, bouncing /bench/echo/req/<id> to
// /bench/echo/resp/<id> for `seconds`. The pipelined ceiling of run_binding_benchmarks.sh:
// mosquitto_pub -l → broker → echo → broker → mosquitto_sub, the same two broker hops per
// request as through the CSE, with no work in between. False and *error when it cannot connect.
bool runMqttEchoServer(const MqttTarget& target, const std::string& tag, double seconds,
                       std::string* error);

}  // namespace citadel::tools
