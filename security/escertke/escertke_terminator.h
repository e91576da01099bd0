#pragma once
// The CSE as ESCertKE Terminating End-Point (TS-0003 §8.7.2.2, TS-0004 §7.5.1.2.12, TS-0001
// §11.4.3): a NOTIFY to the <CSEBase> whose content is m2m:seci sit 6 carries an ESCertKE
// Message in `eckm`; the answer carries the next one. Message 1 (a ClientHello) starts a
// handshake for the NOTIFY's originator, message 3 finishes it (correlated by `fr`, as §11.4.3
// step C.1c says). When it finishes, the originator's certificate must name the originator
// (its subjectAltName URI, as for a TLS transport identity), and the exported pairwiseE2EKey
// becomes a pairwiseESPrimKey bound to it, under the exported key ID, for esprim.certKeLifetime.
//
// Who may run it: the NOTIFY passes the whole pipeline first, so the originator needs NOTIFY
// privilege on the <CSEBase> (as for a rand object, sit 3); and its certificate must chain to
// tls.caFile.
//
// Bounded: one pending handshake per originator (a new message 1 replaces it), at most
// `max_pending` in all (the oldest gives way), each forgotten `pending_lifetime` after message
// 1; the keys go to an EstablishedKeyStore, bounded per originator. The TLS work runs outside
// the lock (handshakes of different originators run in parallel); while one message of an
// originator is processed its handshake is not pending, so a concurrent message 3 of the same
// originator is refused (4000). Thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "security/escertke/escertke_tls.h"
#include "security/esprim/established_key_store.h"

namespace citadel::security::escertke {

struct EscertkeSettings {
  size_t max_pending = 256;
  std::chrono::seconds pending_lifetime{30};
  std::chrono::seconds key_lifetime{86400};  // esprim.certKeLifetime
};

class EscertkeTerminator {
 public:
  // 4000 "escertke.credentials" when the CSE's certificate, key or anchors cannot be loaded.
  static model::Result<std::unique_ptr<EscertkeTerminator>> make(
      const EscertkeCredentials& credentials, const resources::CseIdentity& identity,
      const model::Clock& clock, esprim::EstablishedKeyStore& keys, EscertkeSettings settings);

  // One ESCertKE Message (the decoded `eckm`) from `originator` (the NOTIFY's `fr` in local
  // form); the message to answer with. 4000 "escertke.not_pending" for a message other than
  // a ClientHello without a pending handshake (or after it expired), "escertke.too_large";
  // 4106 "escertke.handshake_failed" when TLS fails, "escertke.identity" when the certificate
  // names another identity (nothing is kept in either case).
  model::Result<std::string> step(const std::string& originator, std::string_view message);

  size_t pending() const;

 private:
  struct Pending {
    std::unique_ptr<TunnelledHandshake> handshake;
    model::TimePoint started;
  };
  EscertkeTerminator(std::shared_ptr<EscertkeContext> context,
                     const resources::CseIdentity& identity, const model::Clock& clock,
                     esprim::EstablishedKeyStore& keys, EscertkeSettings settings);
  model::Result<std::string> finish(const std::string& originator,
                                    TunnelledHandshake& handshake, std::string reply);

  std::shared_ptr<EscertkeContext> context_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  esprim::EstablishedKeyStore& keys_;
  const EscertkeSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, Pending> pending_;  // by originator
};

}  // namespace citadel::security::escertke
