#pragma once
// The size of a subscription's notificationURI list (nu), issue 15 #12: each entry is verified,
// resolved and sent to on every event, so the list is bounded in entries and in bytes before
// any of that happens.

#include <cstddef>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::engine {

struct NotificationUriLimits {
  size_t max_entries = 64;     // limits.maxNotificationUris
  size_t max_bytes = 16384;    // limits.maxNotificationUriBytes: the entries' lengths together
};

// OK when `attributes` (of a <subscription> CREATE or UPDATE) has no nu or one within `limits`.
// 4000 "subscription.nu_too_many" or "subscription.nu_too_large", with the bound in dbg
// (TS-0004 §7.3.2.x: an attribute value the Hosting CSE does not accept is BAD_REQUEST).
model::Status checkNotificationUris(const model::Json& attributes,
                                    const NotificationUriLimits& limits);

}  // namespace citadel::engine
