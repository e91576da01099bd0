#pragma once
// What the binding knows about the wire a primitive arrived on. Filled by the binding, read by
// TransportIdentityStage and the ACP context checks (acip).

#include <string>

namespace citadel::model {

// kUnknown, the default, is trusted for nothing: a primitive nobody marked (a binding that forgot,
// a request built in a test) is never the CSE's own nor the admin (issue 15 #17, fail closed).
// kInternal marks the primitives the CSE originates itself (engine/internal_request.h).
enum class Binding : uint8_t { kUnknown, kInternal, kHttp, kCoap, kMqtt };

struct TransportInfo {
  Binding binding = Binding::kUnknown;
  std::string peer_address;   // IP literal without port ("127.0.0.1", "::1")
  uint16_t peer_port = 0;
  bool secure = false;         // TLS/DTLS established
  std::string peer_identity;   // certificate subject / PSK identity, when secure
  bool from_loopback = false;
  // MQTT: the CSE ("/id-in") that published a request whose fr is an AE-ID of another CSE
  // ("/id-asn/Cae"): the topic's originator, which the broker vouches for (TS-0010 §7.2), relays
  // for it (TS-0004 §7.3.2.6); or the Registrar whose polling channel a request-unreachable
  // CSE fetched the request from (cse/engine/polling/registrar_poller.h). TransportIdentityStage
  // checks that this CSE may. "" otherwise.
  std::string relaying_cse;
};

}  // namespace citadel::model
