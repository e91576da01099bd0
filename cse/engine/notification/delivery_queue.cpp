#include "cse/engine/notification/delivery_queue.h"

#include "cse/model/json_size.h"
#include "cse/model/log.h"

namespace citadel::engine {
namespace {

model::WorkQueueOptions queueOptions(const DeliveryOptions& options) {
  model::WorkQueueOptions queue;
  queue.name = "notification delivery";
  queue.workers = options.workers;
  queue.max_items = options.max_queued;
  queue.max_bytes = options.max_queued_bytes;
  queue.max_lane_bytes = options.max_target_bytes;
  // The bound has always covered the items being sent too: a dead target's in-flight item
  // holds its place.
  queue.counts_in_flight = true;
  return queue;
}

}  // namespace

DeliveryQueue::DeliveryQueue(model::PrimitiveSender& sender, DeliveryOptions options)
    : sender_(sender),
      options_(options),
      queue_(queueOptions(options), [this](DeliveryItem& item) { deliver(item); }, &bytesOf) {}

size_t DeliveryQueue::bytesOf(const DeliveryItem& item) {
  // The fixed part stands for the request's other fields and the queue's own bookkeeping.
  constexpr size_t kOverhead = 512;
  return kOverhead + item.target_uri.size() + item.latest_key.size() +
         model::jsonBytes(item.request.content);
}

DeliveryQueue::~DeliveryQueue() { stop(); }

void DeliveryQueue::start() { queue_.start(); }

void DeliveryQueue::stop() { queue_.stop(model::StopMode::kDropQueued); }

bool DeliveryQueue::enqueue(DeliveryItem item) {
  std::string target = item.target_uri;
  model::WorkQueue<DeliveryItem>::Replaces replaces;
  if (!item.latest_key.empty()) {
    // Only a waiting item is replaced; the one being sent is past recall.
    replaces = [key = item.latest_key](const DeliveryItem& waiting) {
      return waiting.latest_key == key;
    };
  }
  model::PushResult result = queue_.push(std::move(item), target, replaces);
  if (result == model::PushResult::kFull || result == model::PushResult::kStopped) {
    uint64_t dropped = dropped_.fetch_add(1) + 1;
    // A flood fills the queue with one line per event: the first drop and every 1000th say so.
    if (dropped != 1 && dropped % 1000 != 0) {
      return false;
    }
    LOG_WARN("notification to " << target << " dropped (" << dropped << " so far): "
                                << (result == model::PushResult::kFull
                                        ? "delivery queue full (queueSize, notificationQueueBytes "
                                          "or notificationTargetBytes)"
                                        : "stopping"));
    return false;
  }
  return true;
}

bool DeliveryQueue::waitIdle(std::chrono::milliseconds timeout) { return queue_.waitIdle(timeout); }

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

void DeliveryQueue::deliver(DeliveryItem& item) {
  // Nothing a sender or callback throws may be lost silently (senders convert their library's
  // exceptions; this is the last line).
  try {
    model::Response response = sendWithRetries(item);
    if (model::isSuccess(response.status_code)) {
      delivered_.fetch_add(1);
    } else {
      failed_.fetch_add(1);
      LOG_INFO("notification to " << item.target_uri << " failed: rsc "
                                  << static_cast<int>(response.status_code));
    }
    if (item.on_done) {
      item.on_done(response);
    }
  } catch (const std::exception& e) {
    failed_.fetch_add(1);
    LOG_ERROR("notification to " << item.target_uri << " failed: " << e.what());
  }
}

}  // namespace citadel::engine
