#include "security/esprim/session_key_cache.h"

#include <openssl/crypto.h>

#include "security/esprim/session_key.h"

namespace citadel::security::esprim {
namespace {

bool sameReceiver(const ReceiverRandObject& a, const ReceiverRandObject& b) {
  return a.id == b.id && a.value == b.value && a.expiry == b.expiry &&
         a.key_gen_algs == b.key_gen_algs && a.protocol_algs == b.protocol_algs;
}

bool sameOriginator(const OriginatorRandObject& a, const OriginatorRandObject& b) {
  return a.id == b.id && a.value == b.value && a.expiry == b.expiry &&
         a.key_gen_alg == b.key_gen_alg && a.protocol_algs == b.protocol_algs;
}

bool sameKey(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

void SessionKeyCache::wipe(Entry& entry) {
  OPENSSL_cleanse(entry.pairwise_key.data(), entry.pairwise_key.size());
  OPENSSL_cleanse(entry.session_key.data(), entry.session_key.size());
}

SessionKeyCache::~SessionKeyCache() {
  for (auto& [name, entry] : entries_) wipe(entry);
}

size_t SessionKeyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

model::Result<std::string> SessionKeyCache::sessionKey(std::string_view pairwise_key,
                                                       const ReceiverRandObject& receiver,
                                                       const OriginatorRandObject& originator) {
  std::string name = receiver.id + '\0' + originator.id + '\0' + originator.value;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(name);
    if (found != entries_.end() && sameKey(found->second.pairwise_key, pairwise_key) &&
        sameReceiver(found->second.receiver, receiver) &&
        sameOriginator(found->second.originator, originator)) {
      found->second.last_used = ++clock_;
      return found->second.session_key;
    }
  }
  CITADEL_ASSIGN_OR_RETURN(std::string session_key,
                           deriveSessionKey(pairwise_key, receiver, originator,
                                            originator.key_gen_alg));
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = entries_.find(name);
  if (found == entries_.end() && entries_.size() >= capacity_) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    }
    wipe(oldest->second);
    entries_.erase(oldest);
  }
  Entry& entry = entries_[name];
  wipe(entry);  // a stale entry under the same name (other inputs) is replaced
  entry = Entry{std::string(pairwise_key), receiver, originator, session_key, ++clock_};
  return session_key;
}

}  // namespace citadel::security::esprim
