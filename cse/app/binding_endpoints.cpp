#include "cse/app/binding_endpoints.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include "bindings/coap/coap_server.h"
#include "bindings/http/http_server.h"
#include "bindings/mqtt/mqtt_binding.h"
#include "cse/app/enrolment_target.h"
#include "cse/app/maf_target.h"

namespace citadel::app {
namespace {

using Context = BindingEndpoints::Context;
using Started = model::Result<std::unique_ptr<model::BindingEndpoint>>;

// http.threads = 0: twice the CPUs, at least 4. A handler runs on the thread that read its
// request, so a thread waiting on the store leaves the others going; many more threads than
// cores only lengthen the tail (1,000 connections on 2 cores: p99 57-140 ms with 16 threads,
// 50-53 ms with 4, the same CREATE rates; BENCHMARKS.md).
int defaultHttpThreads() {
  unsigned cpus = std::thread::hardware_concurrency();
  return std::max(4, 2 * static_cast<int>(cpus));
}

// Limits every HTTP listener shares (plain and TLS).
http::HttpServerOptions httpOptions(const Context& context) {
  const engine::Config& config = context.config;
  http::HttpServerOptions options;
  options.upper_tester = context.upper_tester;
  options.threads = config.http_threads > 0 ? config.http_threads : defaultHttpThreads();
  options.request_timeout = std::chrono::milliseconds(config.http_request_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(config.http_idle_timeout_ms);
  options.max_connections = static_cast<size_t>(config.http_max_connections);
  options.max_handoff_threads = static_cast<int>(config.http_max_handoff_threads);
  options.max_header_bytes = static_cast<size_t>(config.http_max_header_bytes);
  options.max_body_bytes = config.max_request_bytes;
  options.max_headers = static_cast<size_t>(config.max_header_count);
  return options;
}

// http.*: plain HTTP (TS-0009).
Started startHttp(const Context& context) {
  http::HttpServerOptions options = httpOptions(context);
  options.address = context.config.http_address;
  options.port = context.config.http_port;
  CITADEL_ASSIGN_OR_RETURN(auto server, http::HttpServer::start(options, context.handler));
  return std::unique_ptr<model::BindingEndpoint>(std::move(server));
}

// https.* with tls.*: HTTP over TLS, the peer's proven identity bound to its originator.
Started startHttps(const Context& context) {
  http::HttpServerOptions options = httpOptions(context);
  options.address = context.config.https_address;
  options.port = context.config.https_port;
  options.tls = &context.security.tls;
  CITADEL_ASSIGN_OR_RETURN(auto server, http::HttpServer::start(options, context.handler));
  std::cout << "HTTPS listening on " << options.address << ":" << server->port() << std::endl;
  return std::unique_ptr<model::BindingEndpoint>(std::move(server));
}

coap::CoapServerOptions coapOptions(const engine::Config& config, const std::string& address,
                                    uint16_t port) {
  coap::CoapServerOptions options;
  options.address = address;
  options.port = port;
  options.threads = config.coap_threads;
  options.max_body_bytes = config.max_request_bytes;
  options.block2_bytes = static_cast<size_t>(config.coap_block2_bytes);
  options.block2_peer_bytes = static_cast<size_t>(config.coap_block2_peer_bytes);
  return options;
}

// coap.*: CoAP over UDP (TS-0008).
Started startCoap(const Context& context) {
  const engine::Config& config = context.config;
  auto options = coapOptions(config, config.coap_address, config.coap_port);
  CITADEL_ASSIGN_OR_RETURN(auto server, coap::CoapServer::start(options, context.handler));
  std::cout << "CoAP listening on " << options.address << ":" << server->port() << std::endl;
  return std::unique_ptr<model::BindingEndpoint>(std::move(server));
}

// coaps.* with tls.*: the same CoAP server inside DTLS 1.2.
Started startCoaps(const Context& context) {
  const engine::Config& config = context.config;
  auto options = coapOptions(config, config.coaps_address, config.coaps_port);
  options.dtls = &context.security.dtls;
  CITADEL_ASSIGN_OR_RETURN(auto server, coap::CoapServer::start(options, context.handler));
  std::cout << "CoAPS listening on " << options.address << ":" << server->port() << std::endl;
  return std::unique_ptr<model::BindingEndpoint>(std::move(server));
}

// mqtt.*: a client of the broker (TS-0010). An unreachable broker is retried in the background, so
// it does not stop the start-up; a malformed broker URI does.
Started startMqtt(const Context& context) {
  const engine::Config& config = context.config;
  mqtt::MqttBindingOptions options;
  options.broker = config.mqtt_broker;
  options.client_id = config.mqttClientId();
  options.username = config.mqtt_username;
  options.password = config.mqtt_password;
  options.tls = {config.mqtt_ca_file, config.mqtt_certificate, config.mqtt_private_key};
  options.cse_id = config.cse_id;
  options.max_payload_bytes = config.max_request_bytes;
  CITADEL_ASSIGN_OR_RETURN(
      auto binding, mqtt::MqttBinding::start(options, context.handler, &context.mqtt_sender));
  std::cout << "MQTT client of " << config.mqtt_broker << " as " << config.mqttClientId()
            << std::endl;
  return std::unique_ptr<model::BindingEndpoint>(std::move(binding));
}

struct BindingRow {
  bool (*enabled)(const engine::Config& config);
  Started (*start)(const Context& context);
};

// Start order: the CSEBase poa lists the endpoints in this order.
constexpr BindingRow kBindings[] = {
    {[](const engine::Config& c) { return c.http_enabled; }, startHttp},
    {[](const engine::Config& c) { return c.https_enabled; }, startHttps},
    {[](const engine::Config& c) { return c.coap_enabled; }, startCoap},
    {[](const engine::Config& c) { return c.coaps_enabled; }, startCoaps},
    {[](const engine::Config& c) { return c.mqtt_enabled; }, startMqtt},
};

}  // namespace

model::Result<std::unique_ptr<TransportSecurity>> TransportSecurity::load(
    const engine::Config& config) {
  auto security = std::make_unique<TransportSecurity>();
  if (config.tls_psk) {
    std::string path =
        config.tls_psk_store.empty() ? config.storage_path + "/psk.keys" : config.tls_psk_store;
    CITADEL_ASSIGN_OR_RETURN(security->psk, security::PskKeyStore::load(path));
    std::cout << "TLS-PSK: " << security->psk->size() << " key(s) from " << path << std::endl;
  }
  security->tls.certificate = config.tls_certificate;
  security->tls.private_key = config.tls_private_key;
  security->tls.ca_file = config.tls_ca_file;
  security->tls.crl_file = config.tls_crl_file;
  security->tls.client_auth = tls::parseClientAuth(config.tls_client_auth);
  security->tls.psk = security->psk ? &*security->psk : nullptr;
  CITADEL_ASSIGN_OR_RETURN(security->enrolled, makeEnrolmentTarget(config, security->tls.psk));
  if (security->enrolled) security->tls.psk = security->enrolled.get();
  CITADEL_ASSIGN_OR_RETURN(security->maf_keys, makeMafTarget(config, security->tls.psk));
  if (security->maf_keys) security->tls.psk = security->maf_keys.get();
  static_cast<tls::ServerCredentials&>(security->dtls) = security->tls;
  return security;
}

model::Result<std::unique_ptr<BindingEndpoints>> BindingEndpoints::start(const Context& context) {
  std::unique_ptr<BindingEndpoints> endpoints(new BindingEndpoints());
  for (const BindingRow& row : kBindings) {
    if (!row.enabled(context.config)) continue;
    CITADEL_ASSIGN_OR_RETURN(auto endpoint, row.start(context));
    if (row.start == startHttp) {
      endpoints->http_ = static_cast<const http::HttpServer*>(endpoint.get());
    }
    endpoints->endpoints_.push_back(std::move(endpoint));
  }
  return endpoints;
}

BindingEndpoints::~BindingEndpoints() { stop(); }

std::vector<std::string> BindingEndpoints::pointsOfAccess() const {
  std::vector<std::string> points;
  for (const auto& endpoint : endpoints_) {
    points.push_back(endpoint->pointOfAccess());
  }
  return points;
}

uint16_t BindingEndpoints::httpPort() const { return http_ != nullptr ? http_->port() : 0; }

void BindingEndpoints::stop() {
  for (auto it = endpoints_.rbegin(); it != endpoints_.rend(); ++it) {
    (*it)->stop();
  }
}

}  // namespace citadel::app
