#pragma once
// The ESCertKE Initiating End-Point (TS-0003 §8.7.2.2, TS-0004 §7.5.1.2.12): what an AE (the
// citadel-esprim CLI, the tests) runs to establish a pairwiseESPrimKey with a CSE from
// certificates. It makes ESCertKE Messages 1 and 3 and checks 2 and 4; sending them (NOTIFY
// with m2m:seci sit 6 to the <CSEBase>) is the caller's. Not thread-safe (one per procedure).

#include <memory>
#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "security/escertke/escertke_tls.h"

namespace citadel::security::escertke {

class EscertkeInitiator {
 public:
  // `terminating_identity`: what the Terminating End-Point's certificate must name as its
  // subjectAltName URI (TS-0003 §8.7.2.2 B), e.g. "//citadel.example.com/id-in". 4000
  // "escertke.credentials" when our certificate, key or anchors cannot be loaded.
  static model::Result<EscertkeInitiator> make(const EscertkeCredentials& credentials,
                                               std::string terminating_identity);

  // ESCertKE Message 1 (the ClientHello).
  model::Result<std::string> message1();
  // Message 3 from message 2 (4106 when the Terminating End-Point's certificate does not
  // verify).
  model::Result<std::string> message3(std::string_view message2);
  // Checks message 4 and exports the key. 4106 "escertke.identity" when the Terminating
  // End-Point's certificate names another identity than expected.
  model::Result<E2EKey> finish(std::string_view message4);

 private:
  EscertkeInitiator(std::unique_ptr<TunnelledHandshake> handshake, std::string identity)
      : handshake_(std::move(handshake)), terminating_identity_(std::move(identity)) {}
  std::unique_ptr<TunnelledHandshake> handshake_;
  std::string terminating_identity_;
};

// The NOTIFY content carrying an ESCertKE Message: {"m2m:seci": {"sit": 6, "eckm": base64}}.
model::Json escertkeContent(std::string_view message);
// The ESCertKE Message of a NOTIFY content or answer; 4000 "escertke.bad_seci" when it is not
// exactly {"m2m:seci": {"sit": 6, "eckm": <base64, at most kMaxMessageBytes decoded>}}.
model::Result<std::string> escertkeMessageOf(const model::Json& content);

}  // namespace citadel::security::escertke
