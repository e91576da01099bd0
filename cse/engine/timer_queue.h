#pragma once
// One thread that runs tasks at their due time: where an operation with an execution time (oet,
// TS-0001 §8.1.2) waits instead of sleeping on the binding's worker (issue 15 #11).
//
// Tasks run on the queue's own thread, one at a time, in due-time order (ties in submission
// order), so a task should be short (one dispatch). The thread starts with the first task.
// Thread-safety: runAt may be called from any thread, including a task; the destructor is for
// the owner and drops the tasks not yet due (destroyed uncalled) after the running one ends.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace citadel::engine {

class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;

  TimerQueue() = default;
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs `task` on the queue's thread at `when` (at once when it is past). Never blocks on a
  // task. Ignored after destruction has begun.
  void runAt(Clock::time_point when, std::function<void()> task);

  // Tasks accepted and not yet started.
  size_t pending() const;

 private:
  void loop();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                                          // guarded by mutex_
  std::thread thread_;                                             // started under mutex_
};

}  // namespace citadel::engine
