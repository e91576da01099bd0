#include "tools/das/issued_tokens.h"

#include <algorithm>
#include <string_view>

namespace citadel::tools::das {

void IssuedTokens::remember(std::string token_id, std::string holder, std::string token,
                            model::TimePoint expires, model::TimePoint now) {
  if (capacity_ == 0) {
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto existing = by_id_.find(token_id);
  if (existing != by_id_.end()) {
    existing->second = Entry{std::move(holder), std::move(token), expires, {}};
    return;
  }
  makeRoomLocked(now);
  order_.push_back(token_id);
  by_id_.emplace(std::move(token_id), Entry{std::move(holder), std::move(token), expires, {}});
}

void IssuedTokens::makeRoomLocked(model::TimePoint now) {
  if (by_id_.size() < capacity_) {
    return;
  }
  // Expired tokens are useless to every CSE: drop them all first.
  std::erase_if(by_id_, [now](const auto& item) { return item.second.expires <= now; });
  std::erase_if(order_, [this](const std::string& id) { return by_id_.count(id) == 0; });
  while (by_id_.size() >= capacity_ && !order_.empty()) {
    by_id_.erase(order_.front());
    order_.pop_front();
  }
}

std::vector<std::string> IssuedTokens::find(const std::vector<std::string>& token_ids,
                                            std::string_view holder, model::TimePoint now) const {
  std::vector<std::string> out;
  std::vector<std::string_view> taken;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& id : token_ids) {
    if (std::find(taken.begin(), taken.end(), id) != taken.end()) {
      continue;
    }
    auto entry = by_id_.find(id);
    if (entry == by_id_.end() || entry->second.holder != holder || entry->second.expires <= now) {
      continue;
    }
    taken.push_back(id);
    out.push_back(entry->second.token);
  }
  return out;
}

bool IssuedTokens::recordAuthorSigns(std::string_view token_id, std::string_view holder,
                                     std::vector<std::string> signatures, model::TimePoint now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto entry = by_id_.find(token_id);
  if (entry == by_id_.end() || entry->second.holder != holder || entry->second.expires <= now) {
    return false;
  }
  entry->second.author_signs = std::move(signatures);
  return true;
}

std::vector<std::string> IssuedTokens::authorSigns(std::string_view token_id,
                                                   model::TimePoint now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto entry = by_id_.find(token_id);
  if (entry == by_id_.end() || entry->second.expires <= now) {
    return {};
  }
  return entry->second.author_signs;
}

size_t IssuedTokens::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_id_.size();
}

}  // namespace citadel::tools::das
