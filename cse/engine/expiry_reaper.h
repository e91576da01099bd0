#pragma once
// Removes expired resources (TS-0001 §9.6.1.3.1 expirationTime): every resource whose et has
// passed, with its subtree, through an internal DELETE primitive of the CSE itself, so that the
// pipeline, the parent counters and the deletion notifications all apply as for a client's
// DELETE. Driven by the injected Clock; runOnce() lets tests advance time and reap without
// sleeping.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

class ExpiryReaper {
 public:
  ExpiryReaper(resources::ResourceRepository& repository, const model::Clock& clock,
               model::PrimitiveHandler& handler, const resources::CseIdentity& identity,
               std::chrono::milliseconds interval);
  ~ExpiryReaper();

  void start();
  void stop();
  // Deletes the resources expired at clock.now(), at most `batch` per call; returns how many
  // DELETEs succeeded. Thread-safe with respect to the background thread.
  size_t runOnce(size_t batch = 1000);
  // The time between two scans (the upper tester shortens it); the next wait uses the new value
  // at once. Returns the previous interval. Thread-safe.
  std::chrono::milliseconds setInterval(std::chrono::milliseconds interval);
  std::chrono::milliseconds interval() const { return interval_.load(); }

 private:
  void loop();

  resources::ResourceRepository& repository_;
  const model::Clock& clock_;
  model::PrimitiveHandler& handler_;
  const resources::CseIdentity& identity_;
  std::atomic<std::chrono::milliseconds> interval_;
  std::mutex run_mutex_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace citadel::engine
