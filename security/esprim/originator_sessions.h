#pragma once
// The Receiver's memory of ESPrim sessions, one per (pairwiseESPrimKeyID, originator rand ID):
// the originatorESPrimRandObject last carried in `oro` (TS-0003 §8.4.2 C.6b.2: "If an
// originatorESPrimRandObject is provided then it shall be cached", so that later objects may
// name it by `ori` alone) and every AES-GCM IV a verified object used in that session.
//
// Why the IVs: a GCM IV must never repeat under one key (NIST SP 800-38D §8), and an attacker
// who records an ESPrim object could otherwise replay it while the rand objects live. The
// session key is a function of (key, receiver object, originator object), so an IV is refused
// when it was used before with the same key ID and originator rand ID (stricter than per session
// key: a random 96-bit IV never repeats by chance). A session is forgotten only when its
// originator object expires, and from then on every object naming that originator object is
// refused (4113) whatever it carries, so no replay window opens when memory is freed.
//
// Bounded: at most `Limits::sessions` sessions and `Limits::ivs` IVs in all, and
// `Limits::ivs_per_session` IVs per session. Nothing unexpired is evicted to make room (that
// would reopen the replay window): when a bound is reached, the new IV is refused with 4113
// ESPRIM_UNKNOWN_ORIG_RAND_ID, which TS-0004 Table 7.6.2-1 note 1 allows ("the Target's own
// local policy" decides that the originator object is expired); the originator recovers by
// sending a fresh originatorESPrimRandObject. Only a holder of a pairwise key can use memory
// here (an IV is recorded after the tag verified). Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "cse/model/clock.h"
#include "cse/model/status.h"
#include "security/esprim/rand_object.h"

namespace citadel::security::esprim {

class OriginatorSessions {
 public:
  struct Limits {
    size_t sessions = 4096;
    size_t ivs = size_t{1} << 18;              // about 12 MiB at most
    size_t ivs_per_session = size_t{1} << 16;  // then the originator makes a new oro
  };

  OriginatorSessions() : OriginatorSessions(Limits{}) {}
  explicit OriginatorSessions(Limits limits) : limits_(limits) {}

  // The originator object cached for (`key_id`, `rand_id`), while `now` is before `expires` as
  // recorded; nullopt otherwise.
  std::optional<OriginatorRandObject> find(std::string_view key_id, std::string_view rand_id,
                                           model::TimePoint now);

  // Call only after the object's tag verified. Records `iv` in the session (`key_id`,
  // `object.id`), which lives until `expires`, and caches `object` for it. 4113 with reason
  // "esprim.replayed_iv" when the session already used `iv`, "esprim.sessions_full" when a
  // bound of the file comment is reached. Nothing is recorded on error.
  model::Status record(std::string_view key_id, const OriginatorRandObject& object,
                       model::TimePoint expires, std::string_view iv, model::TimePoint now);

  size_t sessions() const;
  size_t ivs() const;

 private:
  struct Session {
    OriginatorRandObject object;
    model::TimePoint expires;
    std::unordered_set<std::string> ivs;
  };
  static std::string sessionKey(std::string_view key_id, std::string_view rand_id);
  void dropExpired(model::TimePoint now);  // caller holds mutex_

  const Limits limits_;
  mutable std::mutex mutex_;
  std::map<std::string, Session, std::less<>> sessions_;
  size_t iv_count_ = 0;
};

}  // namespace citadel::security::esprim
