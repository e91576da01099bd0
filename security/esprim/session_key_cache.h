#pragma once
// sessionESPrimKeys already derived, so that the objects of one session (the same pairwise key,
// receiver and originator rand objects) do not each pay for the canonical JSON of both rand
// objects and the HMAC: 10 % of the CSE's CPU on ESPrim reads (BENCHMARKS.md, issue 16). An
// entry serves only inputs equal to those it was derived from — every field of both rand
// objects, and the pairwise key compared in constant time — so the cache never changes a
// result; it only skips recomputing it.
//
// Bounded: at most `capacity` entries, the least recently used one goes first. Keys (the
// pairwise key copy and the session key) are wiped when an entry leaves. Thread-safe.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cse/model/status.h"
#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

class SessionKeyCache {
 public:
  explicit SessionKeyCache(size_t capacity = 4096) : capacity_(capacity == 0 ? 1 : capacity) {}
  ~SessionKeyCache();
  SessionKeyCache(const SessionKeyCache&) = delete;
  SessionKeyCache& operator=(const SessionKeyCache&) = delete;

  // deriveSessionKey(pairwise_key, receiver, originator, originator.key_gen_alg), from the cache
  // when these exact inputs were seen; its errors otherwise (nothing is kept on error).
  model::Result<std::string> sessionKey(std::string_view pairwise_key,
                                        const ReceiverRandObject& receiver,
                                        const OriginatorRandObject& originator);
  size_t size() const;

 private:
  struct Entry {
    std::string pairwise_key;
    ReceiverRandObject receiver;
    OriginatorRandObject originator;
    std::string session_key;
    uint64_t last_used = 0;
  };
  static void wipe(Entry& entry);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by rri, ori and oro's esrv
  uint64_t clock_ = 0;
};

}  // namespace citadel::security::esprim
