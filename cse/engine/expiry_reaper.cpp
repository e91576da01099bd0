#include "cse/engine/expiry_reaper.h"

#include "cse/engine/internal_request.h"
#include "cse/model/log.h"

namespace citadel::engine {

ExpiryReaper::ExpiryReaper(resources::ResourceRepository& repository, const model::Clock& clock,
                           model::PrimitiveHandler& handler,
                           const resources::CseIdentity& identity,
                           std::chrono::milliseconds interval)
    : repository_(repository),
      clock_(clock),
      handler_(handler),
      identity_(identity),
      interval_(interval) {}

ExpiryReaper::~ExpiryReaper() { stop(); }

void ExpiryReaper::start() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { loop(); });
  }
}

void ExpiryReaper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::chrono::milliseconds ExpiryReaper::setInterval(std::chrono::milliseconds interval) {
  std::chrono::milliseconds previous;
  {
    std::lock_guard lock(mutex_);
    previous = interval_.exchange(interval);
  }
  cv_.notify_all();  // a wait under the old, longer interval restarts with the new one
  return previous;
}

size_t ExpiryReaper::runOnce(size_t batch) {
  std::lock_guard run_lock(run_mutex_);
  auto expired = repository_.expiredIds(model::formatTimestamp(clock_.now()), batch);
  if (!expired.isOk()) {
    LOG_ERROR("expiry scan failed: " << expired.status().dbg());
    return 0;
  }
  size_t deleted = 0;
  for (const auto& ri : expired.value()) {
    model::Response response =
        handler_.handle(internalDelete(ri, identity_.cse_id, "expire-" + ri));
    if (response.status_code == model::Rsc::kDeleted) {
      ++deleted;
    } else if (response.status_code != model::Rsc::kNotFound) {
      // An ancestor expiring in the same pass already took it (4004); anything else is a fault.
      LOG_WARN("expiring " << ri << " failed: rsc " << static_cast<int>(response.status_code));
    }
  }
  return deleted;
}

void ExpiryReaper::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    std::chrono::milliseconds interval = interval_.load();
    bool woken =
        cv_.wait_for(lock, interval, [&] { return stopping_ || interval_.load() != interval; });
    if (stopping_) {
      break;
    }
    if (woken) {
      continue;  // the interval changed: wait again under the new one
    }
    lock.unlock();
    while (runOnce() > 0) {
    }
    lock.lock();
  }
}

}  // namespace citadel::engine
