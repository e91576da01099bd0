#include "security/mef_client/target_key_directory.h"

#include <openssl/crypto.h>

#include "cse/model/log.h"
#include "security/enrolment/enrolment_keys.h"

namespace citadel::security::mef {
namespace {

void wipe(std::string& key) { OPENSSL_cleanse(key.data(), key.size()); }

}  // namespace

// A retrieval in progress: handshakes naming the same KeID wait for it instead of asking again.
struct TargetKeyDirectory::Pending {
  ~Pending() {
    if (credential) wipe(credential->key);
  }
  bool done = false;
  std::optional<model::PskCredential> credential;
};

bool isKeyIdOf(std::string_view identity, std::string_view mef_fqdn) {
  constexpr size_t kHexDigits = 2 * enrolment::kRelativeIdBytes;
  if (mef_fqdn.empty() || identity.size() != kHexDigits + 1 + mef_fqdn.size() ||
      identity[kHexDigits] != '@' || identity.substr(kHexDigits + 1) != mef_fqdn) {
    return false;
  }
  for (char c : identity.substr(0, kHexDigits)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TargetKeyDirectory::TargetKeyDirectory(const model::PskDirectory* local, KeyFetcher fetch,
                                       const model::Clock& clock, TargetKeyOptions options)
    : local_(local), fetch_(std::move(fetch)), clock_(clock), options_(std::move(options)) {}

TargetKeyDirectory::~TargetKeyDirectory() {
  for (auto& [key_id, fetched] : keys_) wipe(fetched.credential.key);
}

size_t TargetKeyDirectory::fetchesStarted() const {
  std::lock_guard lock(mutex_);
  return fetches_started_;
}

std::optional<model::PskCredential> TargetKeyDirectory::find(std::string_view identity) const {
  if (local_ != nullptr) {
    if (auto credential = local_->find(identity)) return credential;
  }
  // Only this MEF's KeIDs are fetched; anything else fails the handshake as before, unlogged.
  if (!isKeyIdOf(identity, options_.mef_fqdn)) return std::nullopt;
  std::string key_id(identity);
  std::unique_lock lock(mutex_);
  model::TimePoint now = clock_.now();
  if (auto it = keys_.find(key_id); it != keys_.end()) {
    if (now < it->second.expires) return it->second.credential;
    // Past its lifetime: the MEF would refuse it as well (its Enrolment Expiry).
    LOG_INFO("enrolment: the key of " << key_id << " expired");
    wipe(it->second.credential.key);
    keys_.erase(it);
    refuse(key_id, now);
    return std::nullopt;
  }
  if (auto it = refusals_.find(key_id); it != refusals_.end()) {
    if (now < it->second) return std::nullopt;
    refusals_.erase(it);
  }
  if (auto it = pending_.find(key_id); it != pending_.end()) {
    std::shared_ptr<Pending> pending = it->second;
    fetched_.wait_for(lock, options_.pending_wait, [&] { return pending->done; });
    return pending->done ? pending->credential : std::nullopt;
  }
  if (!mayStartFetch(now)) {
    LOG_DEBUG("enrolment: " << key_id << " refused: too many key retrievals in progress");
    return std::nullopt;
  }
  return fetchAndRemember(key_id, lock);
}

bool TargetKeyDirectory::mayStartFetch(model::TimePoint now) const {
  if (pending_.size() >= options_.max_concurrent_fetches || now < unavailable_until_) return false;
  if (now - window_start_ >= std::chrono::seconds(1) || now < window_start_) {
    window_start_ = now;
    window_fetches_ = 0;
  }
  if (window_fetches_ >= options_.max_fetches_per_second) return false;
  ++window_fetches_;
  return true;
}

std::optional<model::PskCredential> TargetKeyDirectory::fetchAndRemember(
    const std::string& key_id, std::unique_lock<std::mutex>& lock) const {
  auto pending = std::make_shared<Pending>();
  pending_.emplace(key_id, pending);
  ++fetches_started_;
  lock.unlock();
  // Outside the lock: other handshakes go on while this one waits for the MEF.
  model::TimePoint started = clock_.now();
  auto answer = fetch_(key_id);
  lock.lock();
  model::TimePoint now = clock_.now();
  if (now - started > options_.slow_fetch) {
    LOG_WARN("enrolment: the " << options_.source_name << " took over "
                               << options_.slow_fetch.count() << " ms to answer; no retrievals for "
                               << options_.unavailable_backoff.count() << " s");
    unavailable_until_ = now + options_.unavailable_backoff;
  }
  if (answer.isOk() && answer.value().key.size() == enrolment::kKeyBytes &&
      enrolment::encodeIdentifier(answer.value().enrolee_id).isOk() &&
      answer.value().lifetime > 0) {
    FetchAnswer& got = answer.value();
    Fetched fetched{{got.key, got.enrolee_id}, now + std::chrono::seconds(got.lifetime)};
    pending->credential = fetched.credential;
    LOG_INFO("enrolment: fetched the key of " << key_id << " from the " << options_.source_name
                                              << ", bound to "
                                              << got.enrolee_id << " for " << got.lifetime
                                              << " s");
    remember(key_id, std::move(fetched));
  } else {
    // The reason token only: the MEF's own text is not echoed into our log.
    LOG_WARN("enrolment: no key for " << key_id << " from the " << options_.source_name << ": "
                                      << (answer.isOk() ? std::string_view("mef.bad_answer")
                                                        : answer.status().reason()));
    refuse(key_id, now);
    // Anything but the MEF's own refusal means the MEF is unwell: back off from all fetches.
    if (answer.isOk() || answer.status().reason() != "mef.refused") {
      unavailable_until_ = now + options_.unavailable_backoff;
    }
  }
  if (answer.isOk()) wipe(answer.value().key);
  pending->done = true;
  pending_.erase(key_id);
  fetched_.notify_all();
  return pending->credential;
}

void TargetKeyDirectory::remember(const std::string& key_id, Fetched fetched) const {
  if (keys_.size() >= options_.max_keys) {
    model::TimePoint now = clock_.now();
    for (auto it = keys_.begin(); it != keys_.end();) {
      if (it->second.expires <= now) {
        wipe(it->second.credential.key);
        it = keys_.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (keys_.size() >= options_.max_keys && !keys_.empty()) {
    auto soonest = keys_.begin();
    for (auto it = keys_.begin(); it != keys_.end(); ++it) {
      if (it->second.expires < soonest->second.expires) soonest = it;
    }
    wipe(soonest->second.credential.key);
    keys_.erase(soonest);
  }
  keys_.insert_or_assign(key_id, std::move(fetched));
}

void TargetKeyDirectory::refuse(const std::string& key_id, model::TimePoint now) const {
  if (refusals_.size() >= options_.max_refusals) {
    std::erase_if(refusals_, [&](const auto& entry) { return entry.second <= now; });
  }
  if (refusals_.size() >= options_.max_refusals) refusals_.erase(refusals_.begin());
  refusals_.insert_or_assign(key_id, now + options_.refusal_ttl);
}

}  // namespace citadel::security::mef
