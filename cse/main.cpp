// Wiring only: builds the store, the engine and the bindings and connects them through the
// ports. Start-up steps in order, each with its reason.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include "bindings/coap/coap_sender.h"
#include "bindings/coap/coap_server.h"
#include "bindings/http/http_sender.h"
#include "bindings/http/http_server.h"
#include "bindings/mqtt/mqtt_binding.h"
#include "bindings/mqtt/mqtt_sender.h"
#include "bindings/mqtt/mqtt_uri.h"
#include "cse/engine/config.h"
#include "cse/engine/cse_bootstrap.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/expiry_reaper.h"
#include "cse/engine/upper_tester.h"
#include "cse/engine/notification/notification_service.h"
#include "cse/engine/request_processor.h"
#include "cse/engine/sender_router.h"
#include "cse/model/log.h"
#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "security/originator_locations.h"
#include "security/psk_key_store.h"
#include "security/token_issuers_file.h"
#include "storage/rocksdb/rocksdb_store.h"

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "citadel: %s\n", what.c_str());
  return 1;
}

// "scheme://host:port" for the CSEBase poa; an IPv6 literal goes in brackets (RFC 3986 §3.2.2).
std::string pointOfAccess(std::string_view scheme, const std::string& host, uint16_t port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return std::string(scheme) + "://" + (ipv6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace citadel;
  // 1. Configuration first: everything else depends on it; bad keys stop here.
  auto command_line = engine::parseCommandLine(argc, argv);
  if (!command_line.isOk()) {
    return fail(command_line.status().dbg());
  }
  if (command_line.value().show_help) {
    std::cout << engine::helpText();
    return 0;
  }
  const engine::Config& config = command_line.value().config;
  model::LogLevel level;
  model::parseLogLevel(config.log_level, &level);
  model::setLogLevel(level);

  // 2. Block SIGINT/SIGTERM before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // 3. Storage: a locked or unreadable database is a start-up failure with one clear line.
  storage::RocksDbOptions store_options{config.storage_path, config.storage_sync};
  auto store = storage::RocksDbStore::open(store_options);
  if (!store.isOk()) {
    return fail(store.status().dbg());
  }

  // 4. The engine: identity, types, pipeline, dispatcher, processor.
  resources::CseIdentity identity{"/" + config.cse_id, config.cse_name, config.sp_id,
                                  config.admin};
  model::SystemClock clock;
  resources::ResourceRepository repository(*store.value());
  resources::ResourceResolver resolver(repository, identity);
  resources::TypeRegistry types;
  resources::registerBuiltinTypes(types, identity);
  // Retained originator locations for aclr rules (TS-0003 Annex F), provisioned by the operator.
  std::optional<security::OriginatorLocations> locations;
  if (!config.acp_locations.empty()) {
    auto loaded = security::OriginatorLocations::load(config.acp_locations);
    if (!loaded.isOk()) {
      return fail(loaded.status().dbg());
    }
    locations = std::move(loaded).value();
  }
  // Tokens, roles and dynamic authorization (TS-0003 §7.3, §7.4): trusted issuers from
  // token.issuers; DAS consultations leave through their own senders, bounded by das.timeout
  // (the MQTT one, on the notification sender's connections, is added in step 5).
  std::optional<security::token::TokenVerifier> token_verifier;
  if (!config.token_issuers.empty()) {
    auto issuers = security::loadTrustedIssuers(config.token_issuers);
    if (!issuers.isOk()) {
      return fail(issuers.status().dbg());
    }
    std::cout << "token issuers: " << issuers.value().size() << " from " << config.token_issuers
              << std::endl;
    token_verifier.emplace(std::move(issuers).value(), clock);
  }
  std::chrono::milliseconds das_timeout(config.das_timeout_ms);
  http::HttpPrimitiveSender das_http_sender({das_timeout, das_timeout});
  coap::CoapPrimitiveSender das_coap_sender({das_timeout});
  engine::SenderRouter das_senders;
  das_senders.add("http", &das_http_sender);
  das_senders.add("coap", &das_coap_sender);
  security::LocalTokenStore local_tokens;
  security::DynamicGrantCache das_grants;
  security::AuthorizationServices authorization;
  authorization.verifier = token_verifier ? &*token_verifier : nullptr;
  authorization.role_issuers = config.role_issuers;
  authorization.local_tokens = &local_tokens;
  authorization.grants = &das_grants;
  authorization.das_sender = &das_senders;
  authorization.default_das_uris = config.das_default;
  security::PrimitiveCheckSettings primitive_checks;
  security::SecurityDependencies security_deps{repository, resolver, identity, types, clock,
                                               locations ? &*locations : nullptr, &authorization,
                                               &primitive_checks};
  security::AccessDecider access(security_deps);
  auto pipeline = security::makeDefaultPipeline(security_deps, access);
  engine::EngineSettings settings;
  settings.expiration_default_s = config.expiration_default_s;
  settings.expiration_max_s = config.expiration_max_s;
  engine::Dispatcher dispatcher(repository, types, identity, clock, access, settings);
  engine::RequestProcessor processor(*pipeline, dispatcher, clock);

  // 5. Notifications: outgoing primitives leave through the bindings' PrimitiveSender; internal
  //    primitives (exhausted subscriptions) come back through the processor, i.e. the pipeline.
  std::chrono::milliseconds timeout(config.notification_timeout_ms);
  http::HttpPrimitiveSender http_sender({timeout, timeout});
  coap::CoapPrimitiveSender coap_sender({timeout});
  mqtt::MqttSenderOptions mqtt_sender_options;
  mqtt_sender_options.cse_id = config.cse_id;
  mqtt_sender_options.client_id = config.mqttClientId() + "-tx";
  mqtt_sender_options.username = config.mqtt_username;
  mqtt_sender_options.password = config.mqtt_password;
  mqtt_sender_options.response_timeout = timeout;
  mqtt_sender_options.max_payload_bytes = config.max_request_bytes;
  mqtt::MqttPrimitiveSender mqtt_sender(mqtt_sender_options);
  engine::SenderRouter senders;  // by target scheme
  senders.add("http", &http_sender);
  senders.add("coap", &coap_sender);
  senders.add("mqtt", &mqtt_sender);
  mqtt::MqttSenderWithTimeout das_mqtt_sender(mqtt_sender, das_timeout);
  das_senders.add("mqtt", &das_mqtt_sender);  // the CSE's one MQTT client, bounded by das.timeout
  engine::NotificationOptions notification_options;
  notification_options.delivery.workers = static_cast<size_t>(config.notification_workers);
  notification_options.delivery.max_queued = static_cast<size_t>(config.notification_queue_size);
  notification_options.default_batch_duration =
      std::chrono::seconds(config.notification_batch_duration_s);
  engine::NotificationService notifications(repository, resolver, identity, types, clock,
                                            senders, notification_options);
  notifications.setInternalHandler(&processor);
  notifications.setRecordLocks(&dispatcher.locks());
  model::Status started = notifications.start();
  if (!started.isOk()) {
    return fail(started.dbg());
  }
  dispatcher.setEventListener(&notifications);

  // 6. Upper tester (off by default): its Reset re-runs the bootstrap of step 8.
  resources::CseBaseSettings cse_base;
  engine::UpperTester upper_tester(config, dispatcher, processor, primitive_checks, repository,
                                   identity, [&] {
    return engine::ensureCseBase(repository, identity, cse_base, clock);
  });

  // 7. Bindings: HTTP and HTTPS. They must be bound before the CSEBase is written, so that the
  //    poa holds the real ports when a port is 0.
  http::HttpServerOptions http_options;
  http_options.upper_tester = config.upper_tester_enabled ? &upper_tester : nullptr;
  http_options.threads = config.http_threads;
  http_options.max_body_bytes = config.max_request_bytes;
  http_options.max_headers = static_cast<size_t>(config.max_header_count);
  std::vector<std::string> points_of_access;
  std::unique_ptr<http::HttpServer> http_server;
  if (config.http_enabled) {
    http_options.address = config.http_address;
    http_options.port = config.http_port;
    auto started_http = http::HttpServer::start(http_options, processor);
    if (!started_http.isOk()) {
      return fail(started_http.status().dbg());
    }
    http_server = std::move(started_http).value();
    upper_tester.setHttpPort(http_server->port());
    points_of_access.push_back(pointOfAccess("http", config.http_address, http_server->port()));
  }
  // 7a. TLS credentials shared by HTTPS and CoAPS: the certificate and, with tls.psk, the PSK
  //     key store (a file with keys: refused unless only its owner can read it).
  std::optional<security::PskKeyStore> psk_store;
  if (config.tls_psk) {
    std::string path =
        config.tls_psk_store.empty() ? config.storage_path + "/psk.keys" : config.tls_psk_store;
    auto loaded = security::PskKeyStore::load(path);
    if (!loaded.isOk()) {
      return fail(loaded.status().dbg());
    }
    psk_store = std::move(loaded).value();
    std::cout << "TLS-PSK: " << psk_store->size() << " key(s) from " << path << std::endl;
  }
  const model::PskDirectory* psk = psk_store ? &*psk_store : nullptr;
  http::TlsServerOptions tls;
  tls.psk = psk;
  tls.certificate = config.tls_certificate;
  tls.private_key = config.tls_private_key;
  tls.ca_file = config.tls_ca_file;
  tls.client_auth = config.tls_client_auth == "required"   ? http::TlsServerOptions::ClientAuth::kRequired
                    : config.tls_client_auth == "optional" ? http::TlsServerOptions::ClientAuth::kOptional
                                                           : http::TlsServerOptions::ClientAuth::kNone;
  std::unique_ptr<http::HttpServer> https_server;
  if (config.https_enabled) {
    http::HttpServerOptions https_options = http_options;
    https_options.address = config.https_address;
    https_options.port = config.https_port;
    https_options.tls = &tls;
    auto started_https = http::HttpServer::start(https_options, processor);
    if (!started_https.isOk()) {
      return fail(started_https.status().dbg());
    }
    https_server = std::move(started_https).value();
    points_of_access.push_back(pointOfAccess("https", config.https_address, https_server->port()));
    std::cout << "HTTPS listening on " << config.https_address << ":" << https_server->port()
              << std::endl;
  }

  // 7b. CoAP (UDP), bound before the CSEBase for the same reason.
  std::unique_ptr<coap::CoapServer> coap_server;
  if (config.coap_enabled) {
    coap::CoapServerOptions coap_options;
    coap_options.address = config.coap_address;
    coap_options.port = config.coap_port;
    coap_options.threads = config.coap_threads;
    coap_options.max_body_bytes = config.max_request_bytes;
    auto started_coap = coap::CoapServer::start(coap_options, processor);
    if (!started_coap.isOk()) {
      return fail(started_coap.status().dbg());
    }
    coap_server = std::move(started_coap).value();
    points_of_access.push_back(pointOfAccess("coap", config.coap_address, coap_server->port()));
    std::cout << "CoAP listening on " << config.coap_address << ":" << coap_server->port()
              << std::endl;
  }

  // 7b'. CoAPS: the same CoAP server inside DTLS 1.2, with the TLS credentials of 7a.
  coap::DtlsServerOptions dtls;
  dtls.certificate = config.tls_certificate;
  dtls.private_key = config.tls_private_key;
  dtls.ca_file = config.tls_ca_file;
  dtls.client_auth = config.tls_client_auth == "required"
                         ? coap::DtlsServerOptions::ClientAuth::kRequired
                     : config.tls_client_auth == "optional"
                         ? coap::DtlsServerOptions::ClientAuth::kOptional
                         : coap::DtlsServerOptions::ClientAuth::kNone;
  dtls.psk = psk;
  std::unique_ptr<coap::CoapServer> coaps_server;
  if (config.coaps_enabled) {
    coap::CoapServerOptions coaps_options;
    coaps_options.address = config.coaps_address;
    coaps_options.port = config.coaps_port;
    coaps_options.threads = config.coap_threads;
    coaps_options.max_body_bytes = config.max_request_bytes;
    coaps_options.dtls = &dtls;
    auto started_coaps = coap::CoapServer::start(coaps_options, processor);
    if (!started_coaps.isOk()) {
      return fail(started_coaps.status().dbg());
    }
    coaps_server = std::move(started_coaps).value();
    points_of_access.push_back(pointOfAccess("coaps", config.coaps_address, coaps_server->port()));
    std::cout << "CoAPS listening on " << config.coaps_address << ":" << coaps_server->port()
              << std::endl;
  }

  // 7c. MQTT: a client of the broker. An unreachable broker is retried in the background, so
  //     it does not stop the start-up; a malformed broker URI does.
  std::unique_ptr<mqtt::MqttBinding> mqtt_binding;
  if (config.mqtt_enabled) {
    mqtt::MqttBindingOptions mqtt_options;
    mqtt_options.broker = config.mqtt_broker;
    mqtt_options.client_id = config.mqttClientId();
    mqtt_options.username = config.mqtt_username;
    mqtt_options.password = config.mqtt_password;
    mqtt_options.tls = {config.mqtt_ca_file, config.mqtt_certificate, config.mqtt_private_key};
    mqtt_options.cse_id = config.cse_id;
    mqtt_options.max_payload_bytes = config.max_request_bytes;
    auto started_mqtt = mqtt::MqttBinding::start(mqtt_options, processor, &mqtt_sender);
    if (!started_mqtt.isOk()) {
      return fail(started_mqtt.status().dbg());
    }
    mqtt_binding = std::move(started_mqtt).value();
    auto broker = mqtt::parseMqttUri(config.mqtt_broker);
    if (broker.isOk()) {
      points_of_access.push_back(mqtt::pointOfAccessUri(broker.value()));
    }
    std::cout << "MQTT client of " << config.mqtt_broker << " as " << config.mqttClientId()
              << std::endl;
  }

  // 8. The CSEBase (created on a new store, refreshed otherwise).
  cse_base.cse_type = config.cseTypeCode();
  cse_base.supported_types = types.supportedTypes();
  cse_base.points_of_access = points_of_access;
  model::Status bootstrap = engine::ensureCseBase(repository, identity, cse_base, clock);
  if (!bootstrap.isOk()) {
    return fail(bootstrap.dbg());
  }

  // 9. Expiry: after the bootstrap, so that the first pass sees a complete tree.
  engine::ExpiryReaper reaper(repository, clock, processor, identity,
                              std::chrono::milliseconds(config.expiry_interval_ms));
  reaper.start();

  // 10. Ready: scripts and tests wait for this exact line (the last one printed).
  if (http_server) {
    std::cout << "HTTP listening on " << config.http_address << ":" << http_server->port()
              << std::endl;
  } else {
    std::cout << "ready (plain HTTP off)" << std::endl;
  }
  LOG_INFO("CSE " << identity.cse_id << " (" << identity.cse_name << ") ready, storage "
                  << config.storage_path);

  int received = 0;
  sigwait(&signals, &received);
  LOG_INFO("signal " << received << ": stopping");
  if (http_server) http_server->stop();
  if (https_server) https_server->stop();
  if (coap_server) coap_server->stop();
  if (coaps_server) coaps_server->stop();
  if (mqtt_binding) mqtt_binding->stop();
  reaper.stop();
  notifications.stop();
  return 0;
}
