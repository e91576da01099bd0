#include "cse/engine/notification/notification_event_loop.h"

namespace citadel::engine {
namespace {

model::WorkQueueOptions loopOptions() {
  model::WorkQueueOptions options;
  options.name = "notification task";
  options.workers = 1;  // one thread: event order is notification order
  return options;
}

}  // namespace

NotificationEventLoop::NotificationEventLoop(std::chrono::milliseconds tick,
                                             std::function<void()> on_tick)
    : tick_(tick),
      on_tick_(std::move(on_tick)),
      tasks_(loopOptions(), [](std::function<void()>& task) { task(); }) {}

NotificationEventLoop::~NotificationEventLoop() { stop(); }

void NotificationEventLoop::start() {
  tick_pending_ = false;
  tasks_.start();
  std::lock_guard lock(ticker_mutex_);
  ticker_stopping_ = false;
  if (!ticker_.joinable()) {
    ticker_ = std::thread([this] { tickerLoop(); });
  }
}

void NotificationEventLoop::stop() {
  {
    std::lock_guard lock(ticker_mutex_);
    ticker_stopping_ = true;
  }
  ticker_cv_.notify_all();
  if (ticker_.joinable()) {
    ticker_.join();
  }
  tasks_.stop(model::StopMode::kDropQueued);
}

void NotificationEventLoop::post(std::function<void()> task) {
  // Refused only after stop(), when dropping is what stop() promises.
  (void)tasks_.push(std::move(task));
}

void NotificationEventLoop::tickerLoop() {
  std::unique_lock lock(ticker_mutex_);
  while (!ticker_cv_.wait_for(lock, tick_, [this] { return ticker_stopping_; })) {
    if (tick_pending_.exchange(true)) {
      continue;  // the last tick has not run yet: a slow task must not pile them up
    }
    (void)tasks_.push([this] {
      tick_pending_ = false;
      on_tick_();
    });
  }
}

}  // namespace citadel::engine
