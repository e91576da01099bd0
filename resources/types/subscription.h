#pragma once
// <subscription> (ty 23, m2m:sub), TS-0001 §9.6.8 / TS-0004 §7.4.8. The structure of its
// attributes is checked here; sending notifications is the engine's (cse/engine/notification).

#include <chrono>

#include "resources/type_handler.h"

namespace citadel::resources {

class SubscriptionType final : public TypeHandler {
 public:
  // The batchNotify/duration the Hosting CSE fills in when the subscriber gives bn without
  // one (TS-0004 §7.4.8.2.1; the M2M Service Provider's default: notification.batchDuration).
  static constexpr std::chrono::seconds kDefaultBatchDuration{10};

  SubscriptionType() = default;
  explicit SubscriptionType(std::chrono::milliseconds default_batch_duration)
      : default_batch_duration_(default_batch_duration) {}
  ResourceType type() const override { return ResourceType::kSubscription; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& changes) const override;
  model::Status prepareCreate(CreateContext& context) const override;
  model::Status onUpdated(UpdateContext& context) const override;

 private:
  // 4124 when `parent` already has a Blocking_Update subscription; 5000 on a storage fault.
  model::Status checkSingleBlocking(const Resource& parent, ResourceRepository& repository) const;
  // bn as given, with dur filled in when absent.
  void completeBatchNotify(model::Json& attributes) const;

  std::chrono::milliseconds default_batch_duration_ = kDefaultBatchDuration;
};

// notificationEventType values (TS-0004 §6.3.4.2.19) this CSE generates.
enum class NotificationEventType : uint8_t {
  kUpdateOfResource = 1,
  kDeleteOfResource = 2,
  kCreateOfDirectChild = 3,
  kDeleteOfDirectChild = 4,
  kRetrieveOfContainerWithNoChild = 5,
  kBlockingUpdate = 7,
};

// Whether a subscription's (or a request's) enc.net holds 7, Blocking_Update (TS-0001
// §10.2.10.x): the subscribed-to resource's UPDATEs wait for the notification's answer.
bool isBlockingUpdate(const model::Json& attributes);
inline constexpr int kBlockingUpdateEvent = static_cast<int>(NotificationEventType::kBlockingUpdate);

// The net list of a subscription's enc; [1] (Update_of_Resource) when absent.
std::vector<int> notificationEventTypes(const Resource& subscription);

}  // namespace citadel::resources
