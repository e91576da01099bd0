#pragma once
// Pre-provisioned pairwiseESPrimKeys (SUID 13; TS-0003 §8.4.2 phase A, "Provisioned
// pairwiseESPrimKey Framework"): a text file in the data directory, one key per line,
//
//     <pairwiseESPrimKeyID> <originator> <key as hex> [<expiry>]
//     # e.g. lamp-k1 Cae1 00112233…(16..64 bytes) 20271231T000000
//
// The key ID is what an ESPrim object names in its JWE `kid`; the originator is the AE-ID or
// CSE-ID the key is shared with (the inner `fr` must be it, TS-0004 Table 7.6.2-1 4116); the
// optional expiry is the pairwiseESPrimKeyLifetime as an m2m:timestamp (none: it never
// expires). The file holds secrets: it must be readable by its owner only (mode 0600), and no
// error message or log line ever shows a key.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/status.h"

namespace citadel::security::esprim {

struct PairwiseKey {
  std::string key_id;      // kid
  std::string originator;  // the identity bound to the key
  std::string key;         // raw bytes
  std::optional<model::TimePoint> expires;
};

// The entry of `keys` named `key_id` when it has not expired at `now`. Visits every entry with
// a constant-time compare, so the answer time does not tell which key IDs exist or how much of
// one matched.
std::optional<PairwiseKey> findKey(const std::vector<PairwiseKey>& keys, std::string_view key_id,
                                   model::TimePoint now);

class PairwiseKeyStore {
 public:
  // 4000 "config.esprim_keys" naming the file and line (never the key) when the file is
  // missing, larger than 4 MiB, readable by group or others, or malformed: key ID and
  // originator 1..128 printable bytes, key 16..64 bytes of hex, expiry an m2m:timestamp, no key
  // ID twice.
  static model::Result<PairwiseKeyStore> load(const std::string& path);
  // The same parser on text, for tests and tools.
  static model::Result<PairwiseKeyStore> parse(std::string_view text, std::string_view origin);

  PairwiseKeyStore() = default;
  PairwiseKeyStore(PairwiseKeyStore&&) = default;
  PairwiseKeyStore& operator=(PairwiseKeyStore&&) = default;
  ~PairwiseKeyStore();  // wipes the keys

  // The key named `key_id` when it exists and has not expired at `now`. The comparison visits
  // every entry with a constant-time compare, so the answer time does not tell which key IDs
  // exist or how much of one matched. Thread-safe (read-only after load).
  std::optional<PairwiseKey> find(std::string_view key_id, model::TimePoint now) const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<PairwiseKey> keys_;
};

}  // namespace citadel::security::esprim
