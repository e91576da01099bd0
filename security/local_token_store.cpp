#include "security/local_token_store.h"

#include "resources/type_handler.h"

namespace citadel::security {
namespace {

std::string keyOf(const token::TokenClaims& claims) {
  return claims.holder + '\n' + claims.token_id;
}

}  // namespace

LocalTokenStore::Assignment LocalTokenStore::remember(
    std::shared_ptr<const token::TokenClaims> claims, bool from_das, model::TimePoint now) {
  std::lock_guard lock(mutex_);
  std::string key = keyOf(*claims);
  if (auto known = lti_by_key_.find(key); known != lti_by_key_.end()) {
    Entry& entry = by_lti_[known->second];
    entry.claims = std::move(claims);  // a re-issued token with the same ID replaces the old one
    if (from_das && !entry.from_das) {
      entry.from_das = true;
      das_lti_by_holder_.emplace(entry.claims->holder, known->second);
    }
    return {known->second, false};
  }
  if (by_lti_.size() >= capacity_) {
    evictLocked(now);
  }
  // xs:NCName (TS-0004 Table 6.3.5.43-1): starts with a letter. 71 bits of entropy, so a
  // holder cannot guess another's ID (it would fail the holder check anyway).
  std::string lti = resources::randomResourceId("lt", 12);
  if (from_das) {
    das_lti_by_holder_.emplace(claims->holder, lti);
  }
  lti_by_key_.emplace(std::move(key), lti);
  by_lti_.emplace(lti, Entry{std::move(claims), from_das});
  return {lti, true};
}

std::shared_ptr<const token::TokenClaims> LocalTokenStore::find(std::string_view local_token_id,
                                                                model::TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = by_lti_.find(local_token_id);
  if (it == by_lti_.end()) {
    return nullptr;
  }
  if (it->second.claims->not_after <= now) {
    lti_by_key_.erase(keyOf(*it->second.claims));
    by_lti_.erase(it);
    return nullptr;
  }
  return it->second.claims;
}

std::vector<std::shared_ptr<const token::TokenClaims>> LocalTokenStore::heldBy(
    std::string_view holder_absolute, model::TimePoint now) {
  std::vector<std::shared_ptr<const token::TokenClaims>> held;
  std::lock_guard lock(mutex_);
  auto [first, last] = das_lti_by_holder_.equal_range(holder_absolute);
  for (auto it = first; it != last;) {
    auto entry = by_lti_.find(it->second);
    if (entry == by_lti_.end() || entry->second.claims->not_after <= now) {
      it = das_lti_by_holder_.erase(it);  // the entry itself goes on its next find or eviction
      continue;
    }
    held.push_back(entry->second.claims);
    ++it;
  }
  return held;
}

size_t LocalTokenStore::size() const {
  std::lock_guard lock(mutex_);
  return by_lti_.size();
}

void LocalTokenStore::evictLocked(model::TimePoint now) {
  // Expired entries first; if none, the one that expires soonest (it is worth least).
  auto victim = by_lti_.end();
  for (auto it = by_lti_.begin(); it != by_lti_.end();) {
    if (it->second.claims->not_after <= now) {
      lti_by_key_.erase(keyOf(*it->second.claims));
      it = by_lti_.erase(it);
      continue;
    }
    if (victim == by_lti_.end() ||
        it->second.claims->not_after < victim->second.claims->not_after) {
      victim = it;
    }
    ++it;
  }
  if (by_lti_.size() >= capacity_ && victim != by_lti_.end()) {
    lti_by_key_.erase(keyOf(*victim->second.claims));
    by_lti_.erase(victim);
  }
  for (auto it = das_lti_by_holder_.begin(); it != das_lti_by_holder_.end();) {
    it = by_lti_.count(it->second) ? std::next(it) : das_lti_by_holder_.erase(it);
  }
}

}  // namespace citadel::security
