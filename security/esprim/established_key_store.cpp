#include "security/esprim/established_key_store.h"

#include <openssl/crypto.h>

#include <algorithm>

namespace citadel::security::esprim {

EstablishedKeyStore::EstablishedKeyStore(size_t capacity, size_t per_originator)
    : capacity_(std::max<size_t>(capacity, 1)),
      per_originator_(std::max<size_t>(per_originator, 1)) {}

EstablishedKeyStore::~EstablishedKeyStore() {
  for (PairwiseKey& entry : keys_) OPENSSL_cleanse(entry.key.data(), entry.key.size());
}

void EstablishedKeyStore::eraseAt(size_t index) {
  OPENSSL_cleanse(keys_[index].key.data(), keys_[index].key.size());
  keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(index));
}

void EstablishedKeyStore::add(PairwiseKey key, model::TimePoint now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = keys_.size(); i-- > 0;) {
    bool expired = keys_[i].expires && *keys_[i].expires <= now;
    if (expired || keys_[i].key_id == key.key_id) eraseAt(i);
  }
  // The originator's own oldest keys make room for its new one.
  size_t held = static_cast<size_t>(std::count_if(
      keys_.begin(), keys_.end(),
      [&](const PairwiseKey& entry) { return entry.originator == key.originator; }));
  for (size_t i = 0; held >= per_originator_ && i < keys_.size();) {
    if (keys_[i].originator == key.originator) {
      eraseAt(i);
      --held;
    } else {
      ++i;
    }
  }
  if (keys_.size() >= capacity_) {
    auto soonest = std::min_element(keys_.begin(), keys_.end(),
                                    [](const PairwiseKey& a, const PairwiseKey& b) {
                                      return a.expires.value_or(model::TimePoint::max()) <
                                             b.expires.value_or(model::TimePoint::max());
                                    });
    eraseAt(static_cast<size_t>(soonest - keys_.begin()));
  }
  keys_.push_back(std::move(key));
}

std::optional<PairwiseKey> EstablishedKeyStore::find(std::string_view key_id,
                                                     model::TimePoint now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return findKey(keys_, key_id, now);
}

size_t EstablishedKeyStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_.size();
}

}  // namespace citadel::security::esprim
