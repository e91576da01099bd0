#include "cse/engine/timer_queue.h"

#include <exception>

#include "cse/model/log.h"

namespace citadel::engine {

TimerQueue::~TimerQueue() {
  std::multimap<Clock::time_point, std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(tasks_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // `dropped` goes here, outside the lock: a task's captures may do anything when destroyed.
}

void TimerQueue::runAt(Clock::time_point when, std::function<void()> task) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  bool earliest = tasks_.empty() || when < tasks_.begin()->first;
  tasks_.emplace(when, std::move(task));
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { loop(); });
  } else if (earliest) {
    wake_.notify_one();
  }
}

size_t TimerQueue::pending() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

void TimerQueue::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto next = tasks_.begin();
    if (Clock::now() < next->first) {
      wake_.wait_until(lock, next->first);
      continue;  // an earlier task or the stop may have arrived meanwhile
    }
    std::function<void()> task = std::move(next->second);
    tasks_.erase(next);
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      LOG_ERROR("timer queue: a task failed: " << e.what());
    } catch (...) {
      LOG_ERROR("timer queue: a task failed with an unknown exception");
    }
    task = nullptr;  // its captures go before the lock is taken again
    lock.lock();
  }
}

}  // namespace citadel::engine
