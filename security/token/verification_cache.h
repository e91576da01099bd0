#pragma once
// Tokens whose signature this CSE has already verified, so that a holder presenting the same
// token again costs a SHA-256 instead of an ECDSA verification (issue 6: token access within
// 80% of plain ACP). Only the signature work is remembered; the caller rechecks the validity
// window, audience and holder on every use.
//
// The key is the SHA-256 of the whole compact token. It commits to the token ID, every claim,
// the header and the signature, so it is the (token ID, signature) pair and more: a token that
// reuses a cached token's ID with any other byte changed misses and is verified afresh. Keying
// by the token ID itself would need the payload decoded and parsed before the lookup, which is
// the work the cache is there to skip.
//
// Bounded: at most `capacity` entries, least recently used evicted first. Thread-safe.

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "security/token/token_claims.h"

namespace citadel::security::token {

using TokenDigest = std::array<uint8_t, 32>;

// SHA-256 of the compact token text; nullopt only when OpenSSL cannot allocate.
std::optional<TokenDigest> digestToken(std::string_view compact);

class VerificationCache {
 public:
  // capacity 0 disables caching.
  explicit VerificationCache(size_t capacity) : capacity_(capacity) {}

  // The claims of a verified token with this digest, or nullptr. A hit becomes the most
  // recently used entry.
  std::shared_ptr<const TokenClaims> find(const TokenDigest& digest);
  // Remembers the claims of a token whose signature verified. Replaces an entry of the same
  // digest; evicts the least recently used entry when full.
  void insert(const TokenDigest& digest, std::shared_ptr<const TokenClaims> claims);
  // Forgets one token (e.g. once it has expired).
  void erase(const TokenDigest& digest);
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const TokenClaims> claims;
  };
  // The digest's bytes as a lookup key: no allocation on the hot path (find); stored keys
  // are std::string.
  static std::string_view keyOf(const TokenDigest& digest) {
    return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> recency_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator, KeyHash, std::equal_to<>> index_;
};

}  // namespace citadel::security::token
