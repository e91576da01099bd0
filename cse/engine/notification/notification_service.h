#pragma once
// Subscriptions at work (TS-0001 §10.2.10, TS-0004 §7.5.1): matches committed changes against
// the subscriptions of the changed resource, composes m2m:sgn notifications (nct), applies the
// notification policies (exc, bn, ln, rl/pn) and hands them to the DeliveryQueue. Also verifies
// new subscriptions and announces deleted ones (sud).

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "cse/engine/notification/delivery_queue.h"
#include "cse/engine/notification/notification_event_loop.h"
#include "cse/engine/notification/subscription_registry.h"
#include "cse/engine/resource_events.h"
#include "cse/engine/stripe_locks.h"
#include "cse/model/clock.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"

namespace citadel::engine {

struct NotificationOptions {
  DeliveryOptions delivery;
  std::chrono::seconds default_batch_duration{10};  // bn.dur when the subscriber gives none
  std::chrono::milliseconds tick{50};               // batch / rate-limit timer resolution
};

class NotificationService final : public ResourceEventListener {
 public:
  NotificationService(resources::ResourceRepository& repository,
                      resources::ResourceResolver& resolver,
                      const resources::CseIdentity& identity,
                      const resources::TypeRegistry& types, const model::Clock& clock,
                      model::PrimitiveSender& sender, NotificationOptions options);
  ~NotificationService() override;

  // Loads the subscriptions and starts the workers and the timer. 5000 on a storage fault.
  model::Status start();
  void stop();
  // Where internal primitives go (DELETE of a subscription whose exc ran out).
  void setInternalHandler(model::PrimitiveHandler* handler) { internal_ = handler; }
  // The dispatcher's record locks: exc and statistics updates of a <subscription> take the
  // same lock as an UPDATE of it. Set before start().
  void setRecordLocks(StripeLocks* locks) { record_locks_ = locks; }
  // Waits until every posted event is processed and no notification is queued (batches that
  // wait for their duration are not counted), at most about `timeout`. For tests.
  bool waitIdle(std::chrono::milliseconds timeout) {
    return waitEventsProcessed(timeout) && delivery_.waitIdle(timeout);
  }
  const DeliveryQueue& delivery() const { return delivery_; }

  model::Status verifySubscription(const model::Json& attributes, const std::string& ri,
                                   const std::string& originator) override;
  // The event callbacks return at once: when a subscription is concerned, the event is copied
  // to the service's event thread, which matches, composes and enqueues in event order (so
  // per-target order holds and the triggering request never waits for the fan-out).
  void created(const resources::Resource& parent, const resources::Resource& child) override;
  void updated(const resources::Resource& resource, const model::Json& changes) override;
  void emptyContainerRetrieved(const resources::Resource& container) override;
  void deleted(const resources::Resource& parent,
               const std::vector<resources::Resource>& removed) override;
  // Waits until every posted event has been processed, at most `timeout`. For tests.
  bool waitEventsProcessed(std::chrono::milliseconds timeout);

 private:
  struct Batch {
    std::vector<model::Json> notifications;
    model::TimePoint deadline;
    std::vector<std::string> targets;
    std::string stats_ri;  // set when the subscription collects statistics
    int64_t events = 0;    // events in this batch (with ln only the newest is kept)
  };
  struct RateWindow {
    model::TimePoint start;
    int64_t count = 0;
    std::deque<model::Json> pending;
    std::vector<std::string> targets;
  };

  void notifySubscription(const resources::Resource& subscription, int event_type,
                          const resources::Resource& subject, const model::Json* changes);
  model::Json compose(const resources::Resource& subscription, int event_type,
                      const resources::Resource& subject, const model::Json* changes) const;
  // Applies bn / rl / ln and enqueues.
  void dispatchNotification(const resources::Resource& subscription, model::Json notification,
                            const std::vector<std::string>& targets);
  // `stats_ri`: the subscription whose notificationStatsInfo counts this request (empty: none);
  // `events`: how many notification events the request carries.
  void enqueue(const std::string& target, model::Json content, const std::string& latest_key,
               const std::string& event_category, const std::string& stats_ri = "",
               size_t events = 1);
  void recordStatistics(const std::string& subscription_ri, const std::string& target,
                        size_t events, bool answered);
  std::vector<std::string> targetsOf(const resources::Resource& subscription);
  std::vector<std::string> resolveTarget(const std::string& uri_or_id);
  void countDown(const resources::Resource& subscription);
  void announceDeletion(const resources::Resource& subscription);
  void forget(const std::string& subscription_ri);
  void processCreated(const resources::Resource& parent, const resources::Resource& child);
  void processUpdated(const resources::Resource& resource, const model::Json& changes);
  void processEmptyContainer(const resources::Resource& container);
  void processDeleted(const resources::Resource& parent,
                      const std::vector<resources::Resource>& removed);
  void flushDue(model::TimePoint now);
  std::string subscriptionReference(const std::string& ri) const;
  model::Request notifyRequest(model::Json content, const std::string& event_category);

  resources::ResourceRepository& repository_;
  resources::ResourceResolver& resolver_;
  const resources::CseIdentity& identity_;
  const resources::TypeRegistry& types_;
  const model::Clock& clock_;
  model::PrimitiveSender& sender_;
  NotificationOptions options_;
  SubscriptionRegistry registry_;
  DeliveryQueue delivery_;
  model::PrimitiveHandler* internal_ = nullptr;
  StripeLocks own_locks_;
  StripeLocks* record_locks_ = &own_locks_;

  std::mutex policy_mutex_;  // batches_, windows_, exc updates
  std::unordered_map<std::string, Batch> batches_;
  std::unordered_map<std::string, RateWindow> windows_;

  std::atomic<uint64_t> request_counter_{0};
  // Last: its thread calls into everything above, so it stops (in the destructor) first.
  NotificationEventLoop events_;
};

}  // namespace citadel::engine
