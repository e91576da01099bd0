#include "security/escertke/escertke_terminator.h"

#include "security/originator_id.h"

namespace citadel::security::escertke {

using model::Result;
using model::Rsc;
using model::Status;

Result<std::unique_ptr<EscertkeTerminator>> EscertkeTerminator::make(
    const EscertkeCredentials& credentials, const resources::CseIdentity& identity,
    const model::Clock& clock, esprim::EstablishedKeyStore& keys, EscertkeSettings settings) {
  CITADEL_ASSIGN_OR_RETURN(auto context, EscertkeContext::make(true, credentials));
  return std::unique_ptr<EscertkeTerminator>(
      new EscertkeTerminator(std::move(context), identity, clock, keys, settings));
}

EscertkeTerminator::EscertkeTerminator(std::shared_ptr<EscertkeContext> context,
                                       const resources::CseIdentity& identity,
                                       const model::Clock& clock,
                                       esprim::EstablishedKeyStore& keys,
                                       EscertkeSettings settings)
    : context_(std::move(context)),
      identity_(identity),
      clock_(clock),
      keys_(keys),
      settings_(settings) {}

size_t EscertkeTerminator::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.size();
}

Result<std::string> EscertkeTerminator::step(const std::string& originator,
                                             std::string_view message) {
  if (message.size() > kMaxMessageBytes) {
    return Status::badRequest("an ESCertKE Message is at most 64 KiB", "escertke.too_large");
  }
  model::TimePoint now = clock_.now();
  std::unique_ptr<TunnelledHandshake> handshake;
  model::TimePoint started = now;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      bool expired = now - it->second.started >= settings_.pending_lifetime;
      it = expired ? pending_.erase(it) : std::next(it);
    }
    auto found = pending_.find(originator);
    if (found != pending_.end()) {
      started = found->second.started;
      handshake = std::move(found->second.handshake);
      pending_.erase(found);
    }
  }
  if (isClientHello(message)) {
    // Message 1: a new handshake, whatever was pending for this originator.
    handshake = std::make_unique<TunnelledHandshake>(context_);
    started = now;
  } else if (!handshake) {
    return Status::badRequest(
        "no ESCertKE handshake is pending for this originator (message 1, a ClientHello, "
        "starts one; it is kept 30 s)",
        "escertke.not_pending");
  }
  CITADEL_ASSIGN_OR_RETURN(std::string reply, handshake->advance(message));
  if (handshake->finished()) return finish(originator, *handshake, std::move(reply));
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.size() >= settings_.max_pending && !pending_.contains(originator)) {
    auto oldest = pending_.begin();
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->second.started < oldest->second.started) oldest = it;
    }
    pending_.erase(oldest);
  }
  pending_[originator] = Pending{std::move(handshake), started};
  return reply;
}

Result<std::string> EscertkeTerminator::finish(const std::string& originator,
                                               TunnelledHandshake& handshake,
                                               std::string reply) {
  // TS-0003 §8.7.2.2 B: the key is associated with the identity the Initiating End-Point's
  // certificate names, which must be the originator of the NOTIFYs (§11.4.3 C.1a).
  std::string proven = handshake.peerIdentity();
  if (proven.empty() || localOriginator(proven, identity_) != originator) {
    return Status(Rsc::kOriginatorNotAuthenticated,
                  "the ESCertKE certificate does not name the originator " + originator +
                      " (its subjectAltName URI must be its AE-ID or CSE-ID)",
                  "escertke.identity");
  }
  CITADEL_ASSIGN_OR_RETURN(E2EKey exported, handshake.exportKey());
  model::TimePoint now = clock_.now();
  esprim::PairwiseKey key;
  key.key_id = exported.key_id;
  key.originator = originator;
  key.key = std::move(exported.key);
  key.expires = now + settings_.key_lifetime;
  keys_.add(std::move(key), now);
  return reply;
}

}  // namespace citadel::security::escertke
