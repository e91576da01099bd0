// citadel_bench_bindings: closed-loop load over the CoAP and MQTT bindings (the HTTP figures
// come from citadel_bench). Prints one summary line in citadel_bench's form.
//
//   citadel_bench_bindings --scenario=coap-cin --port=5683 --connections=16 --duration=10
//   citadel_bench_bindings --scenario=mqtt-la --broker=tcp://127.0.0.1:1883
//   citadel_bench_bindings --scenario=mqtt-echo --broker=...   (the broker's own ceiling)
//   citadel_bench_bindings --scenario=mqtt-echo-server --duration=60   (only the echo client,
//                                                 for pipelined clients; see mqtt_load.h)
#include <iostream>
#include <random>
#include <string>

#include "tools/bench_bindings/coap_load.h"
#include "tools/bench_bindings/mqtt_load.h"

namespace {

bool flag(const std::string& arg, const std::string& name, std::string* value) {
  std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel::tools;
  std::string scenario, value;
  CoapTarget coap;
  MqttTarget mqtt;
  size_t connections = 16;
  double duration = 10, warmup = 1;
  size_t prefill = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (flag(arg, "scenario", &value)) scenario = value;
    else if (flag(arg, "host", &value)) coap.host = value;
    else if (flag(arg, "port", &value)) coap.port = static_cast<uint16_t>(std::stoi(value));
    else if (flag(arg, "broker", &value)) mqtt.broker = value;
    else if (flag(arg, "connections", &value)) connections = std::stoul(value);
    else if (flag(arg, "duration", &value)) duration = std::stod(value);
    else if (flag(arg, "warmup", &value)) warmup = std::stod(value);
    else if (flag(arg, "prefill", &value)) prefill = std::stoul(value);
    else {
      std::cerr << "citadel_bench_bindings: unknown argument " << arg << "\n";
      return 2;
    }
  }
  if (connections == 0 || connections > 256 || duration <= 0 || duration > 300 || warmup < 0 ||
      warmup > 60) {
    std::cerr << "citadel_bench_bindings: connections 1..256, duration (0, 300], warmup [0, 60]\n";
    return 2;
  }
  std::string tag = std::to_string(std::random_device{}() % 1000000);
  std::string error;
  if (scenario == "mqtt-echo-server") {
    if (runMqttEchoServer(mqtt, tag, duration, &error)) return 0;
    std::cerr << "citadel_bench_bindings: echo server: " << error << "\n";
    return 2;
  }
  std::vector<std::unique_ptr<Exchange>> workers;
  if (scenario == "coap-cin" || scenario == "coap-la") {
    workers = makeCoapWorkers(coap, scenario, connections, scenario == "coap-la" ? std::max<size_t>(prefill, 100) : prefill, tag, &error);
  } else if (scenario == "mqtt-cin" || scenario == "mqtt-la" || scenario == "mqtt-echo") {
    workers = makeMqttWorkers(mqtt, scenario, connections, scenario == "mqtt-la" ? std::max<size_t>(prefill, 10) : prefill, tag, &error);
  } else {
    std::cerr << "citadel_bench_bindings: --scenario is coap-cin, coap-la, mqtt-cin, mqtt-la, "
                 "mqtt-echo or mqtt-echo-server\n";
    return 2;
  }
  if (workers.empty()) {
    std::cerr << "citadel_bench_bindings: set-up failed: " << error << "\n";
    return 2;
  }
  LoopResult result = runClosedLoop(workers, std::chrono::duration<double>(warmup),
                                    std::chrono::duration<double>(duration));
  std::cout << summaryLine(scenario, connections, result) << std::endl;
  if (result.errors > 0) std::cerr << "# first error: " << result.first_error << "\n";
  workers.clear();
  return 0;
}
