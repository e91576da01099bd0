#include "cse/engine/notification/notification_service.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "cse/engine/internal_request.h"
#include "cse/engine/notification/blocking_update.h"
#include "cse/engine/notification/event_criteria.h"
#include "cse/model/log.h"
#include "resources/types/subscription.h"

namespace citadel::engine {

using model::Json;
using model::Status;
using resources::Resource;

NotificationService::NotificationService(resources::ResourceRepository& repository,
                                         resources::ResourceResolver& resolver,
                                         const resources::CseIdentity& identity,
                                         const resources::TypeRegistry& types,
                                         const model::Clock& clock, model::PrimitiveSender& sender,
                                         const security::AccessDecider& access,
                                         NotificationOptions options)
    : repository_(repository),
      identity_(identity),
      access_(access),
      clock_(clock),
      targets_(resolver),
      composer_(identity, types),
      verifier_(resolver, targets_, composer_, sender),
      statistics_(repository),
      expiration_(repository),
      sender_(sender),
      delivery_(sender, options.delivery),
      policies_(repository, options.default_batch_duration,
                [this](OutgoingNotification notification) { enqueue(std::move(notification)); },
                options.buffers),
      events_(options.tick, [this] { policies_.flushDue(clock_.now()); }) {}

NotificationService::~NotificationService() { stop(); }

Status NotificationService::start() {
  CITADEL_RETURN_IF_ERROR(registry_.load(repository_));
  CITADEL_RETURN_IF_ERROR(schedules_.load(repository_));
  delivery_.start();
  events_.start();
  return {};
}

void NotificationService::stop() {
  events_.stop();
  delivery_.stop();
}

Status NotificationService::verifySubscription(const Json& attributes, const std::string& ri,
                                               const std::string& originator,
                                               const Json* previous) {
  return verifier_.verify(attributes, ri, originator, previous);
}

void NotificationService::enqueue(OutgoingNotification notification) {
  // `notification.target` is a nu entry, resolved now: nsi counts per Notification Target (tg is
  // the nu entry, m2m:setOfNotificationStatsInfo), the sender needs its URL.
  for (auto& target : targets_.resolve(notification.target)) {
    DeliveryItem item;
    item.target_uri = std::move(target.url);
    item.request = composer_.notifyRequest(notification.content, notification.event_category);
    target.adapt(item.request);
    item.latest_key = notification.latest_key;
    if (!notification.stats_ri.empty()) {
      item.on_done = [this, stats_ri = notification.stats_ri, target = notification.target,
                      events = notification.events](const model::Response& response) {
        // A 5103/4008 made up by the sender means no answer came back.
        bool answered = response.status_code != model::Rsc::kTargetNotReachable &&
                        response.status_code != model::Rsc::kRequestTimeout;
        statistics_.record(*record_locks_, stats_ri, target, events, answered);
      };
    }
    delivery_.enqueue(std::move(item));
  }
}

namespace {

bool isHeld(const std::vector<std::string>& held, const std::string& ri) {
  return !held.empty() && std::find(held.begin(), held.end(), ri) != held.end();
}

}  // namespace

NotificationService::Held NotificationService::heldBack(
    const std::vector<std::string>& ris) const {
  Held held;
  if (ris.empty() || schedules_.empty()) return held;  // the common case: no clock read
  model::TimePoint now = clock_.now();
  for (const std::string& ri : ris) {
    if (!schedules_.allows(ri, now)) held.push_back(ri);
  }
  return held;
}

void NotificationService::notifySubscription(const Resource& subscription, int event_type,
                                             const Resource& subject, const Json* changes,
                                             const Held& held) {
  if (isHeld(held, subscription.ri())) {
    return;  // outside its notificationSchedule: not sent, not counted
  }
  ResourceEvent event{event_type, subject, changes};
  if (!eventMatches(subscription.attributes.value("enc", Json()), event)) {
    return;
  }
  std::optional<security::AttributeScope> scope =
      subscriberMayRetrieve(subscription, event_type, subject);
  if (!scope) {
    return;  // nothing is sent, and nothing counts towards exc
  }
  std::vector<std::string> targets = NotificationTargets::entries(subscription);
  if (!targets.empty()) {
    policies_.apply(subscription,
                    restricted(composer_.event(subscription, event_type, subject, changes), *scope),
                    targets, clock_.now());
  }
  countDown(subscription);
}

Json NotificationService::restricted(Json event, const security::AttributeScope& scope) {
  // acr.aca: the notification carries what the subscriber could RETRIEVE, no more.
  if (auto nev = event.find("nev"); nev != event.end() && nev->is_object()) {
    if (auto rep = nev->find("rep"); rep != nev->end()) {
      scope.restrictRepresentation(*rep);
    }
  }
  return event;
}

std::optional<security::AttributeScope> NotificationService::subscriberMayRetrieve(
    const Resource& subscription, int event_type, const Resource& subject) {
  security::Requester subscriber;
  std::string creator = subscription.creator();
  subscriber.originator = creator;
  subscriber.is_admin = creator == identity_.admin || creator == identity_.cse_id;
  auto may = [&](const Resource& resource) {
    security::AccessDecision decision =
        access_.decide(subscriber, resource, model::AccessOperation::kRetrieve);
    if (!decision.granted) {
      LOG_INFO("notification for " << subscription.ri() << " withheld: subscriber " << creator
                                   << " may not retrieve " << resource.ri() << " ("
                                   << decision.reason << ")");
      return std::optional<security::AttributeScope>();
    }
    return std::optional<security::AttributeScope>(std::move(decision.attributes));
  };
  // Events 1, 2 and 5 concern the subscribed-to resource itself (`subject`). Events 3 and 4
  // concern a child: the subscribed-to resource (the subscription's parent) must still be
  // readable, and a new child (3), whose representation the notification carries, is decided
  // under its own policies (TS-0001 §9.6.8); a deleted child (4) is gone.
  if (event_type != 3 && event_type != 4) {
    return may(subject);
  }
  auto watched = repository_.load(subscription.pi());
  if (!watched.isOk()) {
    return std::nullopt;
  }
  std::optional<security::AttributeScope> on_watched = may(watched.value());
  if (!on_watched || event_type == 4) {
    // A deleted child's privileges cannot be decided any more; its representation is sent as
    // before, under the subscribed-to resource's privilege.
    return on_watched ? std::optional<security::AttributeScope>(security::AttributeScope())
                      : std::nullopt;
  }
  return may(subject);
}

Status NotificationService::beforeUpdate(const Resource& current, const Resource& updated,
                                         const Json& changes) {
  for (const auto& ri : registry_.subscriptionsOf(current.ri())) {
    auto loaded = repository_.load(ri);
    if (!loaded.isOk() || !resources::isBlockingUpdate(loaded.value().attributes)) {
      continue;
    }
    const Resource& subscription = loaded.value();
    // TS-0004 §7.5.1.2.19: only when the atr condition (if any) names a modified attribute.
    ResourceEvent event{resources::kBlockingUpdateEvent, updated, &changes};
    if (!eventMatches(subscription.attributes.value("enc", Json()), event)) {
      continue;
    }
    std::optional<security::AttributeScope> scope = subscriberMayRetrieve(subscription, 1, current);
    if (!scope) {
      continue;
    }
    // CREATE admits exactly one nu entry, a resource ID.
    for (const auto& target : NotificationTargets::entries(subscription)) {
      std::vector<ResolvedTarget> urls = targets_.resolve(target);
      if (urls.empty()) {
        return blockingTargetUnreachable(target);
      }
      model::Request notify = composer_.notifyRequest(
          NotificationComposer::single(restricted(
              composer_.event(subscription, resources::kBlockingUpdateEvent, updated, &changes),
              *scope)),
          "");
      urls.front().adapt(notify);
      CITADEL_RETURN_IF_ERROR(blockingUpdateOutcome(sender_.send(urls.front().url, notify), target));
    }
  }
  return {};
}

void NotificationService::countDown(const Resource& subscription) {
  std::optional<int64_t> remaining = expiration_.countDown(*record_locks_, subscription);
  if (!remaining || *remaining != 0 || internal_ == nullptr) {
    return;
  }
  std::string ri = subscription.ri();
  events_.post([this, ri] {
    model::Response response = internal_->handle(internalDelete(ri, identity_.cse_id, "exc-" + ri));
    if (!model::isSuccess(response.status_code) && response.status_code != model::Rsc::kNotFound) {
      LOG_WARN("deleting exhausted subscription " << ri << " failed: rsc "
                                                  << static_cast<int>(response.status_code));
    }
  });
}

void NotificationService::announceDeletion(const Resource& subscription) {
  std::string su = subscription.attributes.value("su", "");
  if (su.empty()) {
    return;
  }
  // TS-0004 §7.5.1.2.4: subscriptionDeletion to the subscriberURI, sent (and answered, or timed
  // out) before the DELETE's response returns: the subscriber learns of the deletion no later
  // than the deleter does. Not queued, so not behind the subscription's own event backlog.
  Json content =
      composer_.deletionNotice(subscription.ri(), subscription.attributes.value("cr", ""));
  for (const auto& target : targets_.resolve(su)) {
    const std::string& url = target.url;
    model::Request notice = composer_.notifyRequest(content, "");
    target.adapt(notice);
    model::Response answer = sender_.send(url, notice);
    if (!model::isSuccess(answer.status_code)) {
      LOG_INFO("subscription deletion notice for " << subscription.ri() << " to "
                                                   << model::logSafe(url) << " failed: rsc "
                                                   << static_cast<int>(answer.status_code));
    }
  }
}

void NotificationService::processCreated(const Resource& parent, const Resource& child,
                                         const Held& held) {
  for (const auto& ri : registry_.subscriptionsOf(parent.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 3, child, nullptr, held);
    }
  }
}

void NotificationService::processUpdated(const Resource& resource, const Json& changes,
                                         const Held& held) {
  for (const auto& ri : registry_.subscriptionsOf(resource.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 1, resource, &changes, held);
    }
  }
}

void NotificationService::processEmptyContainer(const Resource& container, const Held& held) {
  for (const auto& ri : registry_.subscriptionsOf(container.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 5, container, nullptr, held);
    }
  }
}

void NotificationService::processDeleted(const Resource& parent,
                                         const std::vector<Resource>& removed,
                                         const Held& held) {
  if (removed.empty()) {
    return;
  }
  std::unordered_map<std::string, const Resource*> gone;
  for (const auto& resource : removed) {
    gone.emplace(resource.ri(), &resource);
  }
  // Delete_of_Resource to the subscriptions of every removed resource; those subscriptions are
  // removed with it and exist only in `removed` now.
  for (const auto& resource : removed) {
    for (const auto& ri : registry_.subscriptionsOf(resource.ri())) {
      auto it = gone.find(ri);
      if (it != gone.end()) {
        ResourceEvent event{2, resource, nullptr};
        if (!isHeld(held, ri) &&
            eventMatches(it->second->attributes.value("enc", Json()), event) &&
            subscriberMayRetrieve(*it->second, 2, resource)) {
          // Applied even without targets: the event still counts for rl and bn.
          policies_.apply(*it->second, composer_.event(*it->second, 2, resource, nullptr),
                          NotificationTargets::entries(*it->second), clock_.now());
        }
      }
    }
  }
  for (const auto& resource : removed) {
    if (resource.type() == model::ResourceType::kSubscription) {
      registry_.remove(resource.pi(), resource.ri());
      // TS-0004 §7.4.8.2.4 Recv-6.5: "remove all cached pending Notify request primitives".
      policies_.forget(resource.ri());
    }
  }
  // Delete_of_Direct_Child_Resource to the subscriptions of the surviving parent.
  for (const auto& ri : registry_.subscriptionsOf(parent.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 4, removed.front(), nullptr, held);
    }
  }
}

void NotificationService::processOperation(const Resource& target, model::Operation operation,
                                           int operation_bit, const std::string& originator,
                                           const Held& held) {
  for (const auto& ri : registry_.subscriptionsOf(target.ri())) {
    auto loaded = repository_.load(ri);
    if (!loaded.isOk()) {
      continue;
    }
    const Resource& subscription = loaded.value();
    const Json& enc = subscription.attributes.value("enc", Json());
    if (isHeld(held, subscription.ri()) ||
        !operationMatches(enc, operation_bit, originator) ||
        !subscriberMayRetrieve(subscription, 1, target)) {
      continue;
    }
    policies_.apply(subscription, composer_.operationEvent(subscription, operation, originator),
                    NotificationTargets::entries(subscription), clock_.now());
    countDown(subscription);
  }
}

bool NotificationService::waitEventsProcessed(std::chrono::milliseconds timeout) {
  return events_.waitIdle(timeout);
}

// The hot path: a change nobody watches costs a registry lookup and nothing else.
void NotificationService::created(const Resource& parent, const Resource& child) {
  if (child.type() == model::ResourceType::kSchedule &&
      parent.type() == model::ResourceType::kSubscription) {
    schedules_.set(parent.ri(), child.ri(), child.attributes.value("se", Json()));
  }
  if (child.type() == model::ResourceType::kSubscription) {
    registry_.add(parent.ri(), child.ri());  // at once: the next event may already concern it
    return;
  }
  if (registry_.subscriptionsOf(parent.ri()).empty()) {
    return;
  }
  events_.post([this, parent, child, held = heldBack(registry_.subscriptionsOf(parent.ri()))] {
    processCreated(parent, child, held);
  });
}

void NotificationService::updated(const Resource& resource, const Json& changes) {
  if (resource.type() == model::ResourceType::kSchedule && changes.contains("se")) {
    schedules_.update(resource.pi(), resource.ri(), resource.attributes.value("se", Json()));
  }
  if (registry_.subscriptionsOf(resource.ri()).empty()) {
    return;
  }
  events_.post(
      [this, resource, changes, held = heldBack(registry_.subscriptionsOf(resource.ri()))] {
        processUpdated(resource, changes, held);
      });
}

void NotificationService::emptyContainerRetrieved(const Resource& container) {
  if (registry_.subscriptionsOf(container.ri()).empty()) {
    return;
  }
  events_.post([this, container, held = heldBack(registry_.subscriptionsOf(container.ri()))] {
    processEmptyContainer(container, held);
  });
}

void NotificationService::operationRequested(const Resource& target,
                                             const model::Request& request) {
  if (registry_.subscriptionsOf(target.ri()).empty()) {
    return;
  }
  // The request's m2m:accessControlOperations bit; a RETRIEVE with fu=1 is a DISCOVERY (32).
  int bit = 1 << (static_cast<int>(request.operation) - 1);
  const Json& fc = request.filter_criteria;
  auto fu = fc.is_object() ? fc.find("fu") : fc.end();
  if (request.operation == model::Operation::kRetrieve && fc.is_object() && fu != fc.end() &&
      fu->is_number_integer() && fu->get<int64_t>() == 1) {
    bit = static_cast<int>(model::AccessOperation::kDiscovery);
  }
  events_.post([this, target, operation = request.operation, bit,
                originator = request.originator,
                held = heldBack(registry_.subscriptionsOf(target.ri()))] {
    processOperation(target, operation, bit, originator, held);
  });
}

void NotificationService::deleted(const Resource& parent, const std::vector<Resource>& removed) {
  bool concerned = !registry_.subscriptionsOf(parent.ri()).empty();
  for (const auto& resource : removed) {
    if (resource.type() == model::ResourceType::kSubscription) {
      announceDeletion(resource);  // on the deleting thread, before its response
    }
    concerned = concerned || resource.type() == model::ResourceType::kSubscription ||
                !registry_.subscriptionsOf(resource.ri()).empty();
  }
  if (concerned) {
    // Decided before the schedules of removed subscriptions are forgotten below.
    std::vector<std::string> watching = registry_.subscriptionsOf(parent.ri());
    for (const auto& resource : removed) {
      for (std::string& ri : registry_.subscriptionsOf(resource.ri())) {
        watching.push_back(std::move(ri));
      }
    }
    events_.post([this, parent, removed, held = heldBack(watching)] {
      processDeleted(parent, removed, held);
    });
  }
  for (const auto& resource : removed) {
    if (resource.type() == model::ResourceType::kSubscription) {
      schedules_.forget(resource.ri());
    } else if (resource.type() == model::ResourceType::kSchedule) {
      schedules_.remove(resource.pi(), resource.ri());
    }
  }
}

}  // namespace citadel::engine
