#include "cse/engine/notification/notification_uri_limits.h"

#include <string>

#include "cse/model/json_size.h"

namespace citadel::engine {

model::Status checkNotificationUris(const model::Json& attributes,
                                    const NotificationUriLimits& limits) {
  auto nu = attributes.find("nu");
  if (nu == attributes.end() || !nu->is_array()) {
    return {};  // absent, null (deleted) or of the wrong type: the attribute validator's call
  }
  if (nu->size() > limits.max_entries) {
    return model::Status::badRequest("notificationURI (nu) has " + std::to_string(nu->size()) +
                                         " entries; this CSE accepts at most " +
                                         std::to_string(limits.max_entries),
                                     "subscription.nu_too_many");
  }
  size_t bytes = 0;
  for (const auto& entry : *nu) {
    bytes += entry.is_string() ? entry.get_ref<const std::string&>().size()
                               : model::jsonBytes(entry);
  }
  if (bytes > limits.max_bytes) {
    return model::Status::badRequest("notificationURI (nu) entries total " +
                                         std::to_string(bytes) +
                                         " bytes; this CSE accepts at most " +
                                         std::to_string(limits.max_bytes),
                                     "subscription.nu_too_large");
  }
  return {};
}

}  // namespace citadel::engine
