#include "bindings/http/exchange_deadlines.h"

#include <Poco/Exception.h>

namespace citadel::http {

ExchangeDeadlines::ExchangeDeadlines() : thread_([this] { run(); }) {}

ExchangeDeadlines::~ExchangeDeadlines() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

uint64_t ExchangeDeadlines::arm(Poco::Net::StreamSocket socket, Clock::time_point deadline) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t handle = next_handle_++;
  armed_.emplace(handle, Armed{std::move(socket), deadline});
  changed_.notify_all();
  return handle;
}

bool ExchangeDeadlines::disarm(uint64_t handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  armed_.erase(handle);
  return fired_.erase(handle) > 0;
}

void ExchangeDeadlines::fireAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [handle, armed] : armed_) armed.deadline = Clock::time_point::min();
  changed_.notify_all();
}

void ExchangeDeadlines::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    Clock::time_point now = Clock::now();
    Clock::time_point next = Clock::time_point::max();
    for (auto it = armed_.begin(); it != armed_.end();) {
      if (it->second.deadline <= now) {
        try {
          // Wakes the thread blocked in recv/send on it; the fd stays open for its owner.
          it->second.socket.shutdown();
        } catch (const Poco::Exception&) {
          // Not connected (yet, or any more): the owner's own timeouts apply.
        }
        fired_.insert(it->first);
        it = armed_.erase(it);
      } else {
        next = std::min(next, it->second.deadline);
        ++it;
      }
    }
    if (next == Clock::time_point::max()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, next);
    }
  }
}

}  // namespace citadel::http
