#include "cse/engine/notification/expiration_counter.h"

#include "cse/model/log.h"

namespace citadel::engine {

std::optional<int64_t> ExpirationCounter::countDown(StripeLocks& locks,
                                                    const resources::Resource& subscription) {
  if (!subscription.has("exc")) {
    return std::nullopt;
  }
  std::string ri = subscription.ri();
  std::lock_guard lock(locks.forId(ri));
  auto fresh = repository_.load(ri);
  if (!fresh.isOk()) {
    return std::nullopt;  // already deleted
  }
  resources::Resource current = std::move(fresh).value();
  int64_t remaining = current.intAttribute("exc", 0) - 1;
  if (remaining < 0) {
    return std::nullopt;
  }
  current.attributes["exc"] = remaining;
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, current);
  model::Status status = repository_.commit(batch);
  if (!status.isOk()) {
    LOG_ERROR("cannot store expirationCounter of " << ri << ": " << status.dbg());
    return std::nullopt;
  }
  return remaining;
}

}  // namespace citadel::engine
