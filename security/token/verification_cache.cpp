#include "security/token/verification_cache.h"

#include <openssl/evp.h>

namespace citadel::security::token {

std::optional<TokenDigest> digestToken(std::string_view compact) {
  TokenDigest digest{};
  unsigned int length = 0;
  if (EVP_Digest(compact.data(), compact.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
          1 ||
      length != digest.size()) {
    return std::nullopt;  // allocation failure: the caller verifies without the cache
  }
  return digest;
}

std::shared_ptr<const TokenClaims> VerificationCache::find(const TokenDigest& digest) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(keyOf(digest));
  if (it == index_.end()) {
    return nullptr;
  }
  recency_.splice(recency_.begin(), recency_, it->second);
  return it->second->claims;
}

void VerificationCache::insert(const TokenDigest& digest,
                               std::shared_ptr<const TokenClaims> claims) {
  if (capacity_ == 0) {
    return;
  }
  std::string key(keyOf(digest));
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->claims = std::move(claims);
    recency_.splice(recency_.begin(), recency_, it->second);
    return;
  }
  if (recency_.size() >= capacity_) {
    index_.erase(recency_.back().key);
    recency_.pop_back();
  }
  recency_.push_front(Entry{key, std::move(claims)});
  index_.emplace(std::move(key), recency_.begin());
}

void VerificationCache::erase(const TokenDigest& digest) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(keyOf(digest));
  if (it != index_.end()) {
    recency_.erase(it->second);
    index_.erase(it);
  }
}

size_t VerificationCache::size() const {
  std::lock_guard lock(mutex_);
  return recency_.size();
}

}  // namespace citadel::security::token
