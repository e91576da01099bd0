#pragma once
// Typed reads of a <subscription> (ty 23, TS-0001 §9.6.8), for the engine's notification code
// as it moves off short-name strings. Never throws; defaults as in attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class SubscriptionView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  // nu: the notification targets, in order; empty when unset.
  std::vector<std::string> notificationUris() const { return stringList("nu"); }
  // enc: eventNotificationCriteria; {} when unset.
  const Json& eventNotificationCriteria() const { return object("enc"); }
  // enc.net: the notificationEventTypes, in order (non-integers skipped); [1]
  // (Update_of_Resource, TS-0004 §6.3.4.2.19) when unset or empty.
  std::vector<int> eventTypes() const;
  // exc: expirationCounter; 0 when unset (no countdown).
  int64_t expirationCounter() const { return integer("exc", 0); }
  std::string subscriberUri() const { return string("su"); }  // su; "" when unset
  bool latestNotify() const { return boolean("ln", false); }  // ln
  const Json& batchNotify() const { return object("bn"); }    // bn; {} when unset
  const Json& rateLimit() const { return object("rl"); }      // rl; {} when unset
  // nct: notificationContentType; 1 (all attributes, TS-0004 §6.3.4.2.20) when unset.
  int64_t notificationContentType() const { return integer("nct", 1); }
  bool notificationStatsEnable() const { return boolean("nse", false); }  // nse
};

}  // namespace citadel::resources
