#pragma once
// The notification service's own thread: event tasks run one at a time in post order (so the
// notifications of one subscription keep the order of the events), and a periodic tick (the
// bn / rl timers) runs on that same thread, between tasks, so that the policies never see a
// tick and an event at once. The queue is a one-worker model::WorkQueue; a ticker thread posts
// the tick.
//
// Thread-safety: post and waitIdle from any thread, also from a task; start and stop from the
// owner, never from a task.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "cse/model/work_queue.h"

namespace citadel::engine {

class NotificationEventLoop {
 public:
  // `on_tick` runs on the loop's thread about every `tick` once started.
  NotificationEventLoop(std::chrono::milliseconds tick, std::function<void()> on_tick);
  ~NotificationEventLoop();  // stop()

  NotificationEventLoop(const NotificationEventLoop&) = delete;
  NotificationEventLoop& operator=(const NotificationEventLoop&) = delete;

  void start();
  // Waits for the task being run; tasks not yet started are dropped. Idempotent.
  void stop();
  // Queues `task` after every task posted before it. Tasks posted before start() wait for it;
  // after stop() they are dropped.
  void post(std::function<void()> task);
  // Waits until no task waits or runs, at most `timeout`. False on timeout.
  bool waitIdle(std::chrono::milliseconds timeout) { return tasks_.waitIdle(timeout); }

 private:
  void tickerLoop();

  const std::chrono::milliseconds tick_;
  const std::function<void()> on_tick_;
  model::WorkQueue<std::function<void()>> tasks_;
  std::atomic<bool> tick_pending_{false};  // one tick in the queue at most
  std::mutex ticker_mutex_;
  std::condition_variable ticker_cv_;
  bool ticker_stopping_ = false;  // guarded by ticker_mutex_
  std::thread ticker_;
};

}  // namespace citadel::engine
