#include "cse/engine/notification/notification_service.h"

#include <unordered_set>

#include "cse/engine/internal_request.h"
#include "cse/engine/notification/event_criteria.h"
#include "cse/model/log.h"
#include "resources/types/subscription.h"

namespace citadel::engine {

using model::Json;
using model::Status;
using resources::Resource;

namespace {

bool isUrl(const std::string& s) { return s.find("://") != std::string::npos; }

// TS-0010 §6.6: an AE's MQTT poa names only the broker ("mqtt://host:port"); the request topic
// is the AE's own, so the AE-ID becomes the path the MQTT sender turns into that topic.
std::string withEntityPath(const std::string& poa, const std::string& entity_id) {
  bool mqtt = poa.starts_with("mqtt://") || poa.starts_with("mqtts://");
  size_t authority = poa.find("://") + 3;
  if (!mqtt || poa.find('/', authority) != std::string::npos) {
    return poa;
  }
  return poa + "/" + entity_id;
}

std::chrono::seconds batchDuration(const Json& bn, std::chrono::seconds fallback) {
  auto dur = bn.find("dur");
  if (dur != bn.end() && dur->is_number_integer() && dur->get<int64_t>() > 0) {
    return std::chrono::seconds(dur->get<int64_t>());
  }
  if (dur != bn.end() && dur->is_string()) {
    // xs:duration, the "PTnS" form.
    const std::string& s = dur->get_ref<const std::string&>();
    if (s.starts_with("PT") && s.ends_with("S")) {
      try {
        return std::chrono::seconds(std::stoll(s.substr(2, s.size() - 3)));
      } catch (const std::exception&) {
      }
    }
  }
  return fallback;
}

}  // namespace

NotificationService::NotificationService(resources::ResourceRepository& repository,
                                         resources::ResourceResolver& resolver,
                                         const resources::CseIdentity& identity,
                                         const resources::TypeRegistry& types,
                                         const model::Clock& clock,
                                         model::PrimitiveSender& sender,
                                         NotificationOptions options)
    : repository_(repository),
      resolver_(resolver),
      identity_(identity),
      types_(types),
      clock_(clock),
      sender_(sender),
      options_(options),
      delivery_(sender, options.delivery),
      events_(options.tick, [this] { flushDue(clock_.now()); }) {}

NotificationService::~NotificationService() { stop(); }

Status NotificationService::start() {
  CITADEL_RETURN_IF_ERROR(registry_.load(repository_));
  delivery_.start();
  events_.start();
  return {};
}

void NotificationService::stop() {
  events_.stop();
  delivery_.stop();
}

std::string NotificationService::subscriptionReference(const std::string& ri) const {
  return identity_.cse_id + "/" + ri;  // SP-relative resource ID of the <subscription>
}

model::Request NotificationService::notifyRequest(Json content, const std::string& event_category) {
  model::Request request;
  request.operation = model::Operation::kNotify;
  request.originator = identity_.cse_id;
  request.request_id = "ntf-" + std::to_string(request_counter_.fetch_add(1));
  request.release_version_indicator = "3";
  request.event_category = event_category;
  request.content = std::move(content);
  return request;
}

std::vector<std::string> NotificationService::resolveTarget(const std::string& uri_or_id) {
  if (isUrl(uri_or_id)) {
    return {uri_or_id};  // a ct= serialization hint stays: the binding's sender reads it
  }
  // A oneM2M ID: the entity's pointOfAccess (TS-0004 §7.3.3.9: NOTIFY to an <AE> goes to its
  // poa).
  auto entity = resolver_.resolveId(uri_or_id);
  if (!entity.isOk() || entity.value().type() != model::ResourceType::kAE) {
    LOG_INFO("notification target " << uri_or_id << " is not a local AE; skipped");
    return {};
  }
  const Resource& ae = entity.value();
  if (!ae.attributes.value("rr", false)) {
    LOG_INFO("notification target " << uri_or_id << " is not request-reachable (rr=false)");
    return {};
  }
  // The first point of access; the sender picks the binding from its scheme.
  for (const auto& poa : ae.attributes.value("poa", Json::array())) {
    if (poa.is_string() && isUrl(poa.get<std::string>())) {
      return {withEntityPath(poa.get<std::string>(), ae.attributes.value("aei", ae.ri()))};
    }
  }
  return {};
}

std::vector<std::string> NotificationService::targetsOf(const Resource& subscription) {
  std::vector<std::string> targets;
  for (const auto& nu : subscription.attributes.value("nu", Json::array())) {
    if (nu.is_string()) {
      for (auto& url : resolveTarget(nu.get<std::string>())) {
        targets.push_back(std::move(url));
      }
    }
  }
  return targets;
}

Status NotificationService::verifySubscription(const Json& attributes, const std::string& ri,
                                               const std::string& originator) {
  std::vector<std::string> own_poa;
  if (auto self = repository_.load(originator); self.isOk()) {
    for (const auto& poa : self.value().attributes.value("poa", Json::array())) {
      if (poa.is_string()) own_poa.push_back(poa.get<std::string>());
    }
  }
  for (const auto& entry : attributes.value("nu", Json::array())) {
    std::string nu = entry.get<std::string>();
    // TS-0004 §7.4.8.2.1: targets other than the Originator are verified. A URL that is one of
    // the Originator's own points of access is the Originator too.
    bool is_originator = isUrl(nu) ? std::find(own_poa.begin(), own_poa.end(), nu) != own_poa.end()
                                   : resolver_.resolveId(nu).isOk() &&
                                         resolver_.resolveId(nu).value().ri() == originator;
    if (is_originator) {
      continue;
    }
    std::vector<std::string> urls = resolveTarget(nu);
    if (urls.empty()) {
      return {model::Rsc::kSubscriptionVerificationInitiationFailed,
              "notification target '" + nu + "' cannot be reached for verification",
              "subscription.verification_unreachable"};
    }
    Json content = {{"m2m:sgn", {{"vrq", true}, {"sur", subscriptionReference(ri)},
                                 {"cr", originator}}}};
    model::Response answer = sender_.send(urls.front(), notifyRequest(std::move(content), ""));
    if (answer.status_code != model::Rsc::kOk) {
      return {model::Rsc::kSubscriptionVerificationInitiationFailed,
              "notification target '" + nu + "' refused verification (rsc " +
                  std::to_string(static_cast<int>(answer.status_code)) + ")",
              "subscription.verification_refused"};
    }
  }
  return {};
}

Json NotificationService::compose(const Resource& subscription, int event_type,
                                  const Resource& subject, const Json* changes) const {
  int nct = static_cast<int>(subscription.intAttribute("nct", 1));
  Json representation;
  const resources::TypeHandler* handler = types_.find(static_cast<uint16_t>(subject.type()));
  std::string root(handler != nullptr ? handler->rootName() : "m2m:unknown");
  if (nct == 3) {
    representation = {{"m2m:uri", subject.ri()}};
  } else if (nct == 2 && changes != nullptr) {
    Json modified = Json::object();
    for (auto change = changes->begin(); change != changes->end(); ++change) {
      auto now = subject.attributes.find(change.key());
      modified[change.key()] = now == subject.attributes.end() ? Json() : *now;
    }
    representation = {{root, modified}};
  } else {
    representation = {{root, resources::publicAttributes(subject)}};
  }
  return {{"nev", {{"rep", representation}, {"net", event_type}}},
          {"sur", subscriptionReference(subscription.ri())}};
}

void NotificationService::enqueue(const std::string& target, Json content,
                                  const std::string& latest_key,
                                  const std::string& event_category, const std::string& stats_ri,
                                  size_t events) {
  DeliveryItem item;
  item.target_uri = target;
  item.request = notifyRequest(std::move(content), event_category);
  item.latest_key = latest_key;
  if (!stats_ri.empty()) {
    item.on_done = [this, stats_ri, target, events](const model::Response& response) {
      // A 5103/4008 made up by the sender means no answer came back.
      bool answered = response.status_code != model::Rsc::kTargetNotReachable &&
                      response.status_code != model::Rsc::kRequestTimeout;
      recordStatistics(stats_ri, target, events, answered);
    };
  }
  delivery_.enqueue(std::move(item));
}

void NotificationService::recordStatistics(const std::string& subscription_ri,
                                           const std::string& target, size_t events,
                                           bool answered) {
  std::lock_guard lock(record_locks_->forId(subscription_ri));
  auto loaded = repository_.load(subscription_ri);
  if (!loaded.isOk() || !loaded.value().attributes.value("nse", false)) {
    return;
  }
  Resource subscription = std::move(loaded).value();
  Json& stats = subscription.attributes["nsi"];
  if (!stats.is_array()) {
    stats = Json::array();
  }
  Json* entry = nullptr;
  for (auto& candidate : stats) {
    if (candidate.value("tg", "") == target) {
      entry = &candidate;
    }
  }
  if (entry == nullptr) {
    stats.push_back({{"tg", target}, {"rqs", 0}, {"rsr", 0}, {"noec", 0}});
    entry = &stats.back();
  }
  (*entry)["rqs"] = entry->value("rqs", 0) + 1;
  (*entry)["rsr"] = entry->value("rsr", 0) + (answered ? 1 : 0);
  (*entry)["noec"] = entry->value("noec", int64_t{0}) + static_cast<int64_t>(events);
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, subscription);
  repository_.commit(batch).ignore("statistics are best effort; delivery already happened");
}

void NotificationService::dispatchNotification(const Resource& subscription, Json notification,
                                               const std::vector<std::string>& targets) {
  std::string ri = subscription.ri();
  bool latest = subscription.attributes.value("ln", false);
  // latestNotify sets the Event Category "latest" (4) (TS-0004 §7.5.1.2.2 Step 2.3).
  std::string category = latest ? "4"
                                : subscription.attributes.contains("nec")
                                      ? std::to_string(subscription.intAttribute("nec", 0))
                                      : "";
  std::string stats = subscription.attributes.value("nse", false) ? ri : "";
  model::TimePoint now = clock_.now();
  std::lock_guard lock(policy_mutex_);
  if (auto rl = subscription.attributes.find("rl"); rl != subscription.attributes.end()) {
    RateWindow& window = windows_[ri];
    window.targets = targets;
    auto width = std::chrono::seconds(rl->value("tww", int64_t{1}));
    if (window.count == 0 || now - window.start >= width) {
      window.start = now;
      window.count = 0;
    }
    if (window.count >= rl->value("mnn", int64_t{1})) {
      // Over the limit: keep per pendingNotification (1 sendLatest, 2 sendAllPending) or drop.
      int pn = static_cast<int>(subscription.intAttribute("pn", 0));
      if (pn == 1) {
        window.pending.clear();
      }
      if (pn == 1 || pn == 2) {
        window.pending.push_back(std::move(notification));
      }
      return;
    }
    ++window.count;
  }
  if (auto bn = subscription.attributes.find("bn"); bn != subscription.attributes.end()) {
    Batch& batch = batches_[ri];
    if (batch.notifications.empty()) {
      batch.deadline = now + batchDuration(*bn, options_.default_batch_duration);
    }
    batch.targets = targets;
    batch.stats_ri = stats;
    if (latest) {
      batch.notifications.clear();  // latestNotify: only the newest of a batch is sent
    }
    batch.notifications.push_back(std::move(notification));
    // num counts events, whether or not latestNotify keeps them all.
    if (++batch.events >= bn->value("num", int64_t{1})) {
      size_t events = static_cast<size_t>(batch.events);
      Json aggregate = {{"m2m:agn", {{"m2m:sgn", std::move(batch.notifications)}}}};
      batches_.erase(ri);
      for (const auto& target : targets) {
        enqueue(target, aggregate, "", category, stats, events);
      }
    }
    return;
  }
  for (const auto& target : targets) {
    enqueue(target, {{"m2m:sgn", notification}}, latest ? ri : "", category, stats);
  }
}

void NotificationService::notifySubscription(const Resource& subscription, int event_type,
                                             const Resource& subject, const Json* changes) {
  ResourceEvent event{event_type, subject, changes};
  if (!eventMatches(subscription.attributes.value("enc", Json()), event)) {
    return;
  }
  std::vector<std::string> targets = targetsOf(subscription);
  if (!targets.empty()) {
    dispatchNotification(subscription, compose(subscription, event_type, subject, changes),
                         targets);
  }
  countDown(subscription);
}

void NotificationService::countDown(const Resource& subscription) {
  if (!subscription.has("exc")) {
    return;
  }
  std::string ri = subscription.ri();
  int64_t remaining;
  {
    // TS-0004 §7.5.1.2.2 Step 5.0: one less per notification event; at zero the subscription
    // is deleted. Serialised here so that concurrent events count exactly.
    std::lock_guard lock(record_locks_->forId(ri));
    auto fresh = repository_.load(ri);
    if (!fresh.isOk()) {
      return;  // already deleted
    }
    Resource current = std::move(fresh).value();
    remaining = current.intAttribute("exc", 0) - 1;
    if (remaining < 0) {
      return;
    }
    current.attributes["exc"] = remaining;
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, current);
    Status status = repository_.commit(batch);
    if (!status.isOk()) {
      LOG_ERROR("cannot store expirationCounter of " << ri << ": " << status.dbg());
      return;
    }
  }
  if (remaining == 0 && internal_ != nullptr) {
    events_.post([this, ri] {
      model::Response response =
          internal_->handle(internalDelete(ri, identity_.cse_id, "exc-" + ri));
      if (!model::isSuccess(response.status_code) && response.status_code != model::Rsc::kNotFound) {
        LOG_WARN("deleting exhausted subscription " << ri << " failed: rsc "
                                                    << static_cast<int>(response.status_code));
      }
    });
  }
}

void NotificationService::announceDeletion(const Resource& subscription) {
  std::string su = subscription.attributes.value("su", "");
  if (su.empty()) {
    return;
  }
  // TS-0004 §7.5.1.2.4: subscriptionDeletion to the subscriberURI.
  Json content = {{"m2m:sgn", {{"sud", true}, {"sur", subscriptionReference(subscription.ri())}}}};
  for (const auto& target : resolveTarget(su)) {
    enqueue(target, content, "", "");
  }
}

void NotificationService::forget(const std::string& subscription_ri) {
  std::lock_guard lock(policy_mutex_);
  batches_.erase(subscription_ri);
  windows_.erase(subscription_ri);
}

void NotificationService::processCreated(const Resource& parent, const Resource& child) {
  for (const auto& ri : registry_.subscriptionsOf(parent.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 3, child, nullptr);
    }
  }
}

void NotificationService::processUpdated(const Resource& resource, const Json& changes) {
  for (const auto& ri : registry_.subscriptionsOf(resource.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 1, resource, &changes);
    }
  }
}

void NotificationService::processEmptyContainer(const Resource& container) {
  for (const auto& ri : registry_.subscriptionsOf(container.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 5, container, nullptr);
    }
  }
}

void NotificationService::processDeleted(const Resource& parent,
                                         const std::vector<Resource>& removed) {
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
        if (eventMatches(it->second->attributes.value("enc", Json()), event)) {
          std::vector<std::string> targets = targetsOf(*it->second);
          dispatchNotification(*it->second, compose(*it->second, 2, resource, nullptr), targets);
        }
      }
    }
  }
  for (const auto& resource : removed) {
    if (resource.type() == model::ResourceType::kSubscription) {
      registry_.remove(resource.pi(), resource.ri());
      forget(resource.ri());
      announceDeletion(resource);
    }
  }
  // Delete_of_Direct_Child_Resource to the subscriptions of the surviving parent.
  for (const auto& ri : registry_.subscriptionsOf(parent.ri())) {
    if (auto subscription = repository_.load(ri); subscription.isOk()) {
      notifySubscription(subscription.value(), 4, removed.front(), nullptr);
    }
  }
}

bool NotificationService::waitEventsProcessed(std::chrono::milliseconds timeout) {
  return events_.waitIdle(timeout);
}

// The hot path: a change nobody watches costs a registry lookup and nothing else.
void NotificationService::created(const Resource& parent, const Resource& child) {
  if (child.type() == model::ResourceType::kSubscription) {
    registry_.add(parent.ri(), child.ri());  // at once: the next event may already concern it
    return;
  }
  if (registry_.subscriptionsOf(parent.ri()).empty()) {
    return;
  }
  events_.post([this, parent, child] { processCreated(parent, child); });
}

void NotificationService::updated(const Resource& resource, const Json& changes) {
  if (registry_.subscriptionsOf(resource.ri()).empty()) {
    return;
  }
  events_.post([this, resource, changes] { processUpdated(resource, changes); });
}

void NotificationService::emptyContainerRetrieved(const Resource& container) {
  if (registry_.subscriptionsOf(container.ri()).empty()) {
    return;
  }
  events_.post([this, container] { processEmptyContainer(container); });
}

void NotificationService::deleted(const Resource& parent, const std::vector<Resource>& removed) {
  bool concerned = !registry_.subscriptionsOf(parent.ri()).empty();
  for (const auto& resource : removed) {
    concerned = concerned || resource.type() == model::ResourceType::kSubscription ||
                !registry_.subscriptionsOf(resource.ri()).empty();
  }
  if (concerned) {
    events_.post([this, parent, removed] { processDeleted(parent, removed); });
  }
}

void NotificationService::flushDue(model::TimePoint now) {
  std::lock_guard lock(policy_mutex_);
  for (auto it = batches_.begin(); it != batches_.end();) {
    if (it->second.deadline <= now && !it->second.notifications.empty()) {
      size_t events = static_cast<size_t>(it->second.events);
      Json aggregate = {{"m2m:agn", {{"m2m:sgn", std::move(it->second.notifications)}}}};
      for (const auto& target : it->second.targets) {
        enqueue(target, aggregate, "", "", it->second.stats_ri, events);
      }
      it = batches_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [ri, window] : windows_) {
    if (window.pending.empty()) {
      continue;
    }
    // A new window opens once the old one has passed; pending notifications go first in it.
    auto subscription = repository_.load(ri);
    if (!subscription.isOk()) {
      window.pending.clear();
      continue;
    }
    const Json& rl = subscription.value().attributes.value("rl", Json::object());
    auto width = std::chrono::seconds(rl.value("tww", int64_t{1}));
    if (now - window.start < width) {
      continue;
    }
    window.start = now;
    window.count = 0;
    int64_t limit = rl.value("mnn", int64_t{1});
    while (!window.pending.empty() && window.count < limit) {
      for (const auto& target : window.targets) {
        enqueue(target, {{"m2m:sgn", window.pending.front()}}, "", "");
      }
      window.pending.pop_front();
      ++window.count;
    }
  }
}

}  // namespace citadel::engine
