#pragma once
// The bindings' endpoints of one CSE, each started by its binding's factory from the binding's own
// configuration section, in the order of the table in binding_endpoints.cpp. Adding a binding: its
// folder under bindings/, one factory function and one row of that table.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings/coap/dtls_sessions.h"
#include "bindings/mqtt/mqtt_sender.h"
#include "bindings/tls/server_credentials.h"
#include "cse/engine/config.h"
#include "cse/model/ports.h"
#include "security/mef_client/target_key_directory.h"
#include "security/psk_key_store.h"

namespace citadel::http {
class HttpServer;
}

namespace citadel::app {

// The credentials HTTPS and CoAPS share, from the tls.* keys: the certificate files, the
// client-authentication policy and, with tls.psk, the PSK key store (refused unless only its owner
// can read it).
struct TransportSecurity {
  // 4000 naming the file (never a key) when the PSK key store cannot be used.
  static model::Result<std::unique_ptr<TransportSecurity>> load(const engine::Config& config);

  std::optional<security::PskKeyStore> psk;
  // With enrolment.mef: serves `psk` first, then fetches the MEF's KeIDs (enrolment_target.h).
  std::unique_ptr<security::mef::TargetKeyDirectory> enrolled;
  // With maf.address: serves the directories above first, then retrieves the MAF's Key
  // Identifiers (maf_target.h).
  std::unique_ptr<security::mef::TargetKeyDirectory> maf_keys;
  tls::ServerCredentials tls;    // HTTPS
  coap::DtlsServerOptions dtls;  // CoAPS: the same credentials, and the session bound
};

class BindingEndpoints {
 public:
  // What every binding's factory may use.
  struct Context {
    const engine::Config& config;
    model::PrimitiveHandler& handler;
    model::UpperTesterHandler* upper_tester;  // nullptr: POST /__ut__ is not served
    const TransportSecurity& security;
    mqtt::MqttPrimitiveSender& mqtt_sender;  // shares the MQTT binding's connection
  };

  // Starts every endpoint the configuration enables, in table order; each prints its start-up line
  // (the plain HTTP one is the caller's: it is the ready line and comes last). Errors: the first
  // endpoint that cannot start (port in use, unreadable TLS file, malformed broker URI); the
  // endpoints already started are stopped.
  static model::Result<std::unique_ptr<BindingEndpoints>> start(const Context& context);
  ~BindingEndpoints();  // stop()

  // The started endpoints' points of access, in start order (the CSEBase poa).
  std::vector<std::string> pointsOfAccess() const;
  // The bound plain-HTTP port; 0 when http.enabled is false.
  uint16_t httpPort() const;
  // Stops the endpoints in reverse order of start. Idempotent.
  void stop();

 private:
  BindingEndpoints() = default;
  std::vector<std::unique_ptr<model::BindingEndpoint>> endpoints_;
  const http::HttpServer* http_ = nullptr;
};

}  // namespace citadel::app
