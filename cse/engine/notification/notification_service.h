#pragma once
// Subscriptions at work (TS-0001 §10.2.10, TS-0004 §7.5.1): the coordinator. It matches
// committed changes against the subscriptions of the changed resource (SubscriptionRegistry,
// event_criteria) on its event loop and passes each match through the jobs in their files:
// NotificationTargets (nu -> URLs), NotificationComposer (m2m:sgn), NotificationPolicies
// (bn / rl / ln), ExpirationCounter (exc), then the DeliveryQueue, whose results feed
// SubscriptionStatistics (nsi). NotificationVerifier checks new subscriptions; deleted ones are
// announced to their subscriber (sud), synchronously on the deleting thread.
//
// Thread-safety: the ResourceEventListener callbacks and verifySubscription are called from
// request threads at once; start and stop from the owner.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cse/engine/notification/delivery_queue.h"
#include "cse/engine/notification/expiration_counter.h"
#include "cse/engine/notification/notification_composer.h"
#include "cse/engine/notification/notification_event_loop.h"
#include "cse/engine/notification/notification_policies.h"
#include "cse/engine/notification/notification_schedules.h"
#include "cse/engine/notification/notification_targets.h"
#include "cse/engine/notification/notification_verifier.h"
#include "cse/engine/notification/subscription_registry.h"
#include "cse/engine/notification/subscription_statistics.h"
#include "cse/engine/resource_events.h"
#include "cse/engine/stripe_locks.h"
#include "cse/model/clock.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"
#include "security/access_decider.h"

namespace citadel::engine {

struct NotificationOptions {
  DeliveryOptions delivery;
  std::chrono::seconds default_batch_duration{10};  // bn.dur when the subscriber gives none
  std::chrono::milliseconds tick{50};               // batch / rate-limit timer resolution
  PolicyBufferLimits buffers;                       // bytes waiting in bn batches / rl windows
};

class NotificationService final : public ResourceEventListener {
 public:
  NotificationService(resources::ResourceRepository& repository,
                      resources::ResourceResolver& resolver, const resources::CseIdentity& identity,
                      const resources::TypeRegistry& types, const model::Clock& clock,
                      model::PrimitiveSender& sender, const security::AccessDecider& access,
                      NotificationOptions options);
  ~NotificationService() override;

  // Loads the subscriptions and starts the workers and the timer. 5000 on a storage fault.
  model::Status start();
  void stop();
  // Where internal primitives go (DELETE of a subscription whose exc ran out).
  void setInternalHandler(model::PrimitiveHandler* handler) { internal_ = handler; }
  // Routes to other CSEs, for notification targets that are AEs behind another CSE
  // (NotificationTargets::setRoutes). Set before start().
  void setRoutes(const resources::CseRoutes* routes) { targets_.setRoutes(routes); }
  // The dispatcher's record locks: exc and statistics updates of a <subscription> take the
  // same lock as an UPDATE of it. Set before start().
  void setRecordLocks(StripeLocks* locks) { record_locks_ = locks; }
  // Waits until every posted event is processed and no notification is queued (batches that
  // wait for their duration are not counted), at most about `timeout`. For tests.
  bool waitIdle(std::chrono::milliseconds timeout) {
    return waitEventsProcessed(timeout) && delivery_.waitIdle(timeout);
  }
  const DeliveryQueue& delivery() const { return delivery_; }
  // Bytes waiting in batches and rate windows. For tests.
  size_t bufferedBytes() { return policies_.bufferedBytes(); }

  model::Status verifySubscription(const model::Json& attributes, const std::string& ri,
                                   const std::string& originator,
                                   const model::Json* previous) override;
  // Blocking_Update (net 7): the matching subscription's one target is sent the modified
  // attributes synchronously, on the request thread (the sender opens a BlockingRegion and
  // bounds the wait by notification.timeout); its answer decides (blockingUpdateOutcome). A
  // subscriber that may not RETRIEVE `current` (AccessDecider) is not notified and does not
  // block: its privilege, not only its subscription, makes it a party to the UPDATE.
  model::Status beforeUpdate(const resources::Resource& current,
                             const resources::Resource& updated,
                             const model::Json& changes) override;
  // The event callbacks return at once: when a subscription is concerned, the event is copied
  // to the service's event thread, which matches, composes and enqueues in event order (so
  // per-target order holds and the triggering request never waits for the fan-out).
  void created(const resources::Resource& parent, const resources::Resource& child) override;
  void updated(const resources::Resource& resource, const model::Json& changes) override;
  void emptyContainerRetrieved(const resources::Resource& container) override;
  void deleted(const resources::Resource& parent,
               const std::vector<resources::Resource>& removed) override;
  void operationRequested(const resources::Resource& target,
                          const model::Request& request) override;
  // Waits until every posted event has been processed, at most `timeout`. For tests.
  bool waitEventsProcessed(std::chrono::milliseconds timeout);

 private:
  // Composes and applies the policies for one event, if `subscription`'s enc matches it and its
  // subscriber may retrieve what the notification carries, and counts exc down.
  // `held`: the subscriptions whose notificationSchedule excluded the event when it happened
  // (decided then, not when the event loop gets to it: the schedule may change meanwhile).
  using Held = std::vector<std::string>;
  void notifySubscription(const resources::Resource& subscription, int event_type,
                          const resources::Resource& subject, const model::Json* changes,
                          const Held& held);
  // The subscriptions among those of `ris` held back by their notificationSchedule now.
  Held heldBack(const std::vector<std::string>& ris) const;
  // Whether the subscriber (the creator of `subscription`) may RETRIEVE, now, the resource
  // the event concerns: the subscribed-to resource, and for a new child that child (its own
  // ACPs). Decided by the AccessDecider; a revoked privilege stops delivery, the subscription
  // is kept (issue 15 #6). Granted: the attributes of `subject` the subscriber may read
  // (acr.aca), which the notification's representation is trimmed to; nullopt: withheld.
  std::optional<security::AttributeScope> subscriberMayRetrieve(
      const resources::Resource& subscription, int event_type, const resources::Resource& subject);
  // Trims the representation (nev.rep) of a composed event to `scope`.
  static model::Json restricted(model::Json event, const security::AttributeScope& scope);
  // Hands one NOTIFY to the DeliveryQueue; its result feeds the statistics when stats_ri is set.
  void enqueue(OutgoingNotification notification);
  void countDown(const resources::Resource& subscription);
  // Sends the subscriptionDeletion notice to su and waits for its answer (or the sender's
  // timeout). Called on the thread that deleted the subscription.
  void announceDeletion(const resources::Resource& subscription);
  void processCreated(const resources::Resource& parent, const resources::Resource& child,
                      const Held& held);
  void processUpdated(const resources::Resource& resource, const model::Json& changes,
                      const Held& held);
  void processEmptyContainer(const resources::Resource& container, const Held& held);
  void processDeleted(const resources::Resource& parent,
                      const std::vector<resources::Resource>& removed, const Held& held);
  void processOperation(const resources::Resource& target, model::Operation operation,
                        int operation_bit, const std::string& originator, const Held& held);

  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
  const security::AccessDecider& access_;
  const model::Clock& clock_;
  SubscriptionRegistry registry_;
  NotificationSchedules schedules_;  // the subscriptions' notificationSchedule children
  NotificationTargets targets_;
  NotificationComposer composer_;
  NotificationVerifier verifier_;
  SubscriptionStatistics statistics_;
  ExpirationCounter expiration_;
  model::PrimitiveSender& sender_;  // the sud notices, sent synchronously
  DeliveryQueue delivery_;
  NotificationPolicies policies_;  // sends into delivery_
  model::PrimitiveHandler* internal_ = nullptr;
  StripeLocks own_locks_;
  StripeLocks* record_locks_ = &own_locks_;
  // Last: its thread calls into everything above, so it stops (in the destructor) first.
  NotificationEventLoop events_;
};

}  // namespace citadel::engine
