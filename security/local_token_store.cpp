#include "security/local_token_store.h"

#include "resources/type_handler.h"

namespace citadel::security {
LocalTokenStore::Assignment LocalTokenStore::remember(
    std::shared_ptr<const token::TokenClaims> claims, bool from_das, model::TimePoint now,
    std::string_view das_uri) {
  std::lock_guard lock(mutex_);
  auto known = lti_by_token_id_.find(claims->token_id);
  if (known != lti_by_token_id_.end()) {
    auto entry = by_lti_.find(known->second);
    if (entry != by_lti_.end() && entry->second.claims->holder == claims->holder) {
      entry->second.claims = std::move(claims);  // a re-issued token replaces the old one
      if (from_das && !entry->second.from_das) {
        entry->second.from_das = true;
        das_lti_by_holder_.emplace(entry->second.claims->holder, known->second);
        das_entries_.store(das_lti_by_holder_.size());
      }
      if (from_das) {
        entry->second.das_uri = das_uri;
        das_lti_by_token_id_.insert_or_assign(entry->second.claims->token_id, known->second);
      }
      return {known->second, false};
    }
  }
  if (by_lti_.size() >= capacity_) {
    evictLocked(now);
  }
  // xs:NCName (TS-0004 Table 6.3.5.43-1): starts with a letter. 71 bits of entropy, so a
  // holder cannot guess another's ID (it would fail the holder check anyway).
  std::string lti = resources::randomResourceId("lt", 12);
  if (from_das) {
    das_lti_by_holder_.emplace(claims->holder, lti);
    das_entries_.store(das_lti_by_holder_.size());
    das_lti_by_token_id_.insert_or_assign(claims->token_id, lti);
  }
  lti_by_token_id_.insert_or_assign(claims->token_id, lti);
  by_lti_.emplace(lti, Entry{std::move(claims), from_das, std::string(das_uri)});
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
    forgetLocked(it);
    return nullptr;
  }
  return it->second.claims;
}

std::vector<std::shared_ptr<const token::TokenClaims>> LocalTokenStore::heldBy(
    std::string_view holder_absolute, model::TimePoint now) {
  std::vector<std::shared_ptr<const token::TokenClaims>> held;
  if (!holdsDasTokens()) {
    return held;
  }
  std::lock_guard lock(mutex_);
  auto [first, last] = das_lti_by_holder_.equal_range(holder_absolute);
  for (auto it = first; it != last;) {
    auto entry = by_lti_.find(it->second);
    if (entry == by_lti_.end() || entry->second.claims->not_after <= now) {
      it = das_lti_by_holder_.erase(it);  // the entry itself goes on its next find or eviction
      das_entries_.store(das_lti_by_holder_.size());
      continue;
    }
    held.push_back(entry->second.claims);
    ++it;
  }
  return held;
}

std::optional<LocalTokenStore::DasToken> LocalTokenStore::dasToken(std::string_view token_id,
                                                                  model::TimePoint now) {
  if (!holdsDasTokens()) {
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  auto lti = das_lti_by_token_id_.find(token_id);
  if (lti == das_lti_by_token_id_.end()) {
    return std::nullopt;
  }
  auto entry = by_lti_.find(lti->second);
  if (entry == by_lti_.end()) {
    das_lti_by_token_id_.erase(lti);
    return std::nullopt;
  }
  if (entry->second.claims->not_after <= now) {
    forgetLocked(entry);
    return std::nullopt;
  }
  return DasToken{entry->second.claims, entry->second.das_uri};
}

std::shared_ptr<const token::TokenClaims> LocalTokenStore::rebind(
    std::string_view token_id, model::TimePoint now,
    const std::function<void(token::TokenClaims&)>& move) {
  std::lock_guard lock(mutex_);
  auto lti = das_lti_by_token_id_.find(token_id);
  if (lti == das_lti_by_token_id_.end()) {
    return nullptr;
  }
  auto entry = by_lti_.find(lti->second);
  if (entry == by_lti_.end() || entry->second.claims->not_after <= now) {
    if (entry != by_lti_.end()) forgetLocked(entry);
    return nullptr;
  }
  const std::string& old_holder = entry->second.claims->holder;
  auto [first, last] = das_lti_by_holder_.equal_range(old_holder);
  for (auto it = first; it != last; ++it) {
    if (it->second == entry->first) {
      das_lti_by_holder_.erase(it);
      break;
    }
  }
  auto moved = std::make_shared<token::TokenClaims>(*entry->second.claims);
  move(*moved);
  entry->second.claims = moved;
  das_lti_by_holder_.emplace(moved->holder, entry->first);
  lti_by_token_id_.insert_or_assign(moved->token_id, entry->first);
  das_entries_.store(das_lti_by_holder_.size());
  return moved;
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
      it = forgetLocked(it);
      continue;
    }
    if (victim == by_lti_.end() ||
        it->second.claims->not_after < victim->second.claims->not_after) {
      victim = it;
    }
    ++it;
  }
  if (by_lti_.size() >= capacity_ && victim != by_lti_.end()) {
    forgetLocked(victim);
  }
  for (auto it = das_lti_by_holder_.begin(); it != das_lti_by_holder_.end();) {
    it = by_lti_.count(it->second) ? std::next(it) : das_lti_by_holder_.erase(it);
  }
  das_entries_.store(das_lti_by_holder_.size());
}

LocalTokenStore::ByLti::iterator LocalTokenStore::forgetLocked(ByLti::iterator entry) {
  auto mapped = lti_by_token_id_.find(entry->second.claims->token_id);
  if (mapped != lti_by_token_id_.end() && mapped->second == entry->first) {
    lti_by_token_id_.erase(mapped);
  }
  auto das = das_lti_by_token_id_.find(entry->second.claims->token_id);
  if (das != das_lti_by_token_id_.end() && das->second == entry->first) {
    das_lti_by_token_id_.erase(das);
  }
  return by_lti_.erase(entry);
}

}  // namespace citadel::security
