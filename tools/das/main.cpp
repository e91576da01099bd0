// citadel-das: the reference Dynamic Authorization Server. Wiring only: options, policy and key
// first, then the handler, then the bindings; start-up steps in order, each with its reason.
#include <csignal>
#include <iostream>
#include <memory>

#include "bindings/coap/coap_server.h"
#include "bindings/http/http_server.h"
#include "bindings/mqtt/mqtt_binding.h"
#include "cse/model/log.h"
#include "tools/das/das_handler.h"
#include "tools/das/das_options.h"
#include "tools/das/policy.h"
#include "tools/token_cli/signing_key.h"

namespace {

constexpr int kUsageError = 2;    // a bad option, policy or key: one line naming it
constexpr int kStartFailure = 1;  // e.g. a port that cannot be bound

int fail(const std::string& what, int code) {
  std::cerr << "citadel-das: " << what << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
  using tools::das::DasOptions;
  // 1. Options, policy and key: every configuration error stops here, before any thread runs.
  auto parsed = tools::das::parseDasCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.isOk()) return fail(parsed.status().dbg(), kUsageError);
  const DasOptions& options = parsed.value();
  if (options.show_help) {
    std::cout << tools::das::dasHelpText();
    return 0;
  }
  model::LogLevel level = model::LogLevel::kInfo;
  model::parseLogLevel(options.log_level, &level);
  model::setLogLevel(level);
  auto policy = tools::das::loadPolicyFile(options.policy_path);
  if (!policy.isOk()) return fail(policy.status().dbg(), kUsageError);
  if (policy.value().issuesTokens() && options.issuer.empty()) {
    return fail("--issuer and --key: required, the policy has token rules", kUsageError);
  }
  tools::das::DasSettings settings;
  settings.allowed_cses = options.allow;
  settings.sp_id = options.sp_id;
  settings.issuer.issuer = options.issuer;
  settings.issuer.audience = options.audience;
  if (!options.key_source.empty()) {
    auto key = tools::loadSigningKey(options.algorithm, options.key_source);
    if (!key.isOk()) return fail(key.status().dbg(), kUsageError);
    settings.issuer.key = std::move(key).value();
  }

  // 2. Block SIGINT/SIGTERM before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // 3. The handler every binding calls.
  model::SystemClock clock;
  size_t rules = policy.value().rules.size();
  tools::das::DasHandler handler(std::move(policy).value(), settings, clock);

  // 4. Bindings. HTTP is always on; CoAP and MQTT when asked for.
  http::HttpServerOptions http_options;
  http_options.address = options.http_address;
  http_options.port = options.http_port;
  http_options.threads = 16;
  auto http_server = http::HttpServer::start(http_options, handler);
  if (!http_server.isOk()) return fail(http_server.status().dbg(), kStartFailure);
  std::unique_ptr<coap::CoapServer> coap_server;
  if (options.coap_port) {
    coap::CoapServerOptions coap_options;
    coap_options.address = options.coap_address;
    coap_options.port = *options.coap_port;
    coap_options.threads = 4;
    auto started = coap::CoapServer::start(coap_options, handler);
    if (!started.isOk()) return fail(started.status().dbg(), kStartFailure);
    coap_server = std::move(started).value();
    std::cout << "DAS CoAP listening on " << options.coap_address << ":" << coap_server->port()
              << std::endl;
  }
  std::unique_ptr<mqtt::MqttBinding> mqtt_binding;
  if (!options.mqtt_broker.empty()) {
    // The binding serves any receiver ID: the DAS is "<mqtt.id>" in /oneM2M/req/+/<id>/+.
    mqtt::MqttBindingOptions mqtt_options;
    mqtt_options.broker = options.mqtt_broker;
    mqtt_options.cse_id = options.mqtt_id;
    mqtt_options.client_id = "citadel-das-" + options.mqtt_id;
    mqtt_options.workers = 4;
    auto started = mqtt::MqttBinding::start(mqtt_options, handler);
    if (!started.isOk()) return fail(started.status().dbg(), kUsageError);
    mqtt_binding = std::move(started).value();
    std::cout << "DAS MQTT client of " << options.mqtt_broker << " as " << options.mqtt_id
              << std::endl;
  }

  // 5. Ready: scripts and tests wait for this exact line (the last one printed).
  std::cout << "DAS HTTP listening on " << options.http_address << ":"
            << http_server.value()->port() << std::endl;
  LOG_INFO("DAS ready: " << rules << " policy rule(s) from " << options.policy_path << ", "
                         << options.allow.size() << " allowed CSE(s)"
                         << (settings.issuer.key ? ", issuing tokens as " + options.issuer : ""));

  int received = 0;
  sigwait(&signals, &received);
  LOG_INFO("signal " << received << ": stopping");
  // Delayed answers go out at once, so that stopping the bindings does not wait for them.
  handler.shutdown();
  http_server.value()->stop();
  if (coap_server) coap_server->stop();
  if (mqtt_binding) mqtt_binding->stop();
  return 0;
}
