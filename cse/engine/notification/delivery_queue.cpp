#include "cse/engine/notification/delivery_queue.h"

#include "cse/model/log.h"

namespace citadel::engine {

DeliveryQueue::DeliveryQueue(model::PrimitiveSender& sender, DeliveryOptions options)
    : sender_(sender), options_(options) {}

DeliveryQueue::~DeliveryQueue() { stop(); }

void DeliveryQueue::start() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  for (size_t i = workers_.size(); i < options_.workers; ++i) {
    workers_.emplace_back([this] { workerLoop(); });
  }
}

void DeliveryQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_cv_.notify_all();
  for (auto& worker : workers_) {
    worker.join();
  }
  workers_.clear();
}

bool DeliveryQueue::enqueue(DeliveryItem item) {
  std::unique_lock lock(mutex_);
  if (stopping_ || queued_ >= options_.max_queued) {
    dropped_.fetch_add(1);
    lock.unlock();
    LOG_WARN("notification to " << item.target_uri << " dropped: queue full or stopping");
    return false;
  }
  TargetQueue& target = targets_[item.target_uri];
  if (!item.latest_key.empty()) {
    // Replace a waiting item of the same key; the front item may be in flight, skip it.
    size_t first = target.busy ? 1 : 0;
    for (size_t i = first; i < target.items.size(); ++i) {
      if (target.items[i].latest_key == item.latest_key) {
        target.items[i] = std::move(item);
        return true;
      }
    }
  }
  bool was_idle = target.items.empty() && !target.busy;
  std::string uri = item.target_uri;
  target.items.push_back(std::move(item));
  ++queued_;
  if (was_idle) {
    ready_.push_back(std::move(uri));
    ready_cv_.notify_one();
  }
  return true;
}

bool DeliveryQueue::waitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_cv_.wait_for(lock, timeout, [this] { return queued_ == 0 && in_flight_ == 0; });
}

model::Response DeliveryQueue::sendWithRetries(const DeliveryItem& item) {
  model::Response response;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    response = sender_.send(item.target_uri, item.request);
    // Retry only when the target could not be reached at all; a timeout already cost its bound.
    if (response.status_code != model::Rsc::kTargetNotReachable) {
      break;
    }
    if (attempt < options_.max_attempts) {
      std::this_thread::sleep_for(options_.retry_delay);
    }
  }
  return response;
}

void DeliveryQueue::workerLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
    if (stopping_) {
      return;
    }
    std::string uri = std::move(ready_.front());
    ready_.pop_front();
    TargetQueue& target = targets_[uri];
    if (target.items.empty()) {
      continue;
    }
    target.busy = true;
    ++in_flight_;
    DeliveryItem item = target.items.front();  // copy: a replacement may land on other slots
    lock.unlock();
    // Nothing a sender or callback throws may kill a worker (senders convert their library's
    // exceptions; this is the last line).
    try {
      model::Response response = sendWithRetries(item);
      if (model::isSuccess(response.status_code)) {
        delivered_.fetch_add(1);
      } else {
        failed_.fetch_add(1);
        LOG_INFO("notification to " << uri << " failed: rsc "
                                    << static_cast<int>(response.status_code));
      }
      if (item.on_done) {
        item.on_done(response);
      }
    } catch (const std::exception& e) {
      failed_.fetch_add(1);
      LOG_ERROR("notification to " << uri << " failed: " << e.what());
    }
    lock.lock();
    TargetQueue& same = targets_[uri];
    same.items.pop_front();
    same.busy = false;
    --queued_;
    --in_flight_;
    if (same.items.empty()) {
      targets_.erase(uri);
    } else {
      ready_.push_back(uri);
      ready_cv_.notify_one();
    }
    if (queued_ == 0 && in_flight_ == 0) {
      idle_cv_.notify_all();
    }
  }
}

}  // namespace citadel::engine
