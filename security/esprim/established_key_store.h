#pragma once
// pairwiseESPrimKeys established while the CSE runs: by ESCertKE (TS-0003 §8.7, the
// pairwiseE2EKey exported from a certificate-authenticated TLS 1.2 handshake tunnelled through
// NOTIFYs; SUID 43). Each is bound to the identity the originator's certificate proved and
// lives until its lifetime ends or the CSE stops (they are not written to disk: an originator
// runs ESCertKE again after a restart, as after the key's expiry).
//
// Bounded against an originator that runs the procedure again and again: at most
// `per_originator` keys per identity (its oldest gives way, never another originator's), at
// most `capacity` in all (expired keys go first, then the one that expires soonest). Keys are
// wiped when they leave; nothing here logs. Thread-safe.

#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "security/esprim/pairwise_key_store.h"

namespace citadel::security::esprim {

class EstablishedKeyStore {
 public:
  EstablishedKeyStore(size_t capacity, size_t per_originator);
  ~EstablishedKeyStore();
  EstablishedKeyStore(const EstablishedKeyStore&) = delete;
  EstablishedKeyStore& operator=(const EstablishedKeyStore&) = delete;

  // Adds `key` (which must expire) at `now`, replacing an entry with the same key ID.
  void add(PairwiseKey key, model::TimePoint now);
  // As PairwiseKeyStore::find (constant time in the key IDs held).
  std::optional<PairwiseKey> find(std::string_view key_id, model::TimePoint now) const;
  size_t size() const;

 private:
  void eraseAt(size_t index);  // wipes it

  const size_t capacity_;
  const size_t per_originator_;
  mutable std::mutex mutex_;
  std::vector<PairwiseKey> keys_;  // in the order they were added
};

}  // namespace citadel::security::esprim
