#include "security/esprim/originator_sessions.h"

namespace citadel::security::esprim {

namespace {

model::Status unknownOriginatorRand(std::string dbg, std::string_view reason) {
  return {model::Rsc::kEsprimUnknownOrigRandId, std::move(dbg), reason};
}

}  // namespace

std::string OriginatorSessions::sessionKey(std::string_view key_id, std::string_view rand_id) {
  // Neither ID holds a control character (the JWE parser refuses them), so '\n' separates.
  std::string key;
  key.reserve(key_id.size() + rand_id.size() + 1);
  key.append(key_id).push_back('\n');
  key.append(rand_id);
  return key;
}

void OriginatorSessions::dropExpired(model::TimePoint now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.expires <= now) {
      iv_count_ -= it->second.ivs.size();
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<OriginatorRandObject> OriginatorSessions::find(std::string_view key_id,
                                                             std::string_view rand_id,
                                                             model::TimePoint now) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(sessionKey(key_id, rand_id));
  if (it == sessions_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.object;
}

model::Status OriginatorSessions::record(std::string_view key_id,
                                         const OriginatorRandObject& object,
                                         model::TimePoint expires, std::string_view iv,
                                         model::TimePoint now) {
  std::string key = sessionKey(key_id, object.id);
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key);
  if (it != sessions_.end() && it->second.expires <= now) {
    iv_count_ -= it->second.ivs.size();
    sessions_.erase(it);
    it = sessions_.end();
  }
  if (it != sessions_.end() && it->second.ivs.contains(std::string(iv))) {
    return unknownOriginatorRand("this IV was already used with this originatorESPrimRandObject "
                                 "(replay refused); send a fresh originatorESPrimRandObject",
                                 "esprim.replayed_iv");
  }
  bool needs_session = it == sessions_.end();
  if ((needs_session && sessions_.size() >= limits_.sessions) || iv_count_ >= limits_.ivs) {
    dropExpired(now);
  }
  if ((needs_session && sessions_.size() >= limits_.sessions) || iv_count_ >= limits_.ivs ||
      (!needs_session && it->second.ivs.size() >= limits_.ivs_per_session)) {
    return unknownOriginatorRand("this CSE takes no more ESPrim objects under this "
                                 "originatorESPrimRandObject; send a fresh one",
                                 "esprim.sessions_full");
  }
  if (needs_session) {
    it = sessions_.emplace(std::move(key), Session{object, expires, {}}).first;
  } else {
    it->second.object = object;
    it->second.expires = expires;
  }
  it->second.ivs.emplace(iv);
  ++iv_count_;
  return {};
}

size_t OriginatorSessions::sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

size_t OriginatorSessions::ivs() const {
  std::lock_guard lock(mutex_);
  return iv_count_;
}

}  // namespace citadel::security::esprim
