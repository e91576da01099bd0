#pragma once
// eventNotificationCriteria matching (TS-0004 §7.5.1.2.2 Step 1.0): does an event on a resource
// concern a subscription?

#include <string>

#include "cse/model/json.h"
#include "resources/resource.h"

namespace citadel::engine {

struct ResourceEvent {
  // net: 1 update, 2 delete, 3/4 child created/deleted, 5 empty container read, 7 an UPDATE
  // about to commit (Blocking_Update)
  int event_type;
  const resources::Resource& resource;     // the resource the conditions are checked against
  const model::Json* changes = nullptr;    // UPDATE: the attributes of the request
};

// True when `enc` (absent: Update_of_Resource only) selects the event. The net list must hold
// the event type; chty filters created/deleted children by type; atr requires one of the named
// attributes to be among the changes; the other condition tags (crb, cra, ms, us, sts, stb,
// exb, exa, sza, szb) test the resource and combine by fo (1 AND, default; 2 OR).
// With operationMonitor (a non-empty om) and no net, no event of this kind matches (TS-0004
// §7.5.1.2.2 Step 1.0: the Update_of_Resource default applies only when om is absent too).
bool eventMatches(const model::Json& enc, const ResourceEvent& event);

// True when `enc`'s operationMonitor (om) selects a request: one entry whose ops (an
// m2m:accessControlOperations bit set; absent: any) holds `operation_bit` and whose or (absent:
// any) is `originator` (TS-0004 Table 6.3.5.57-1).
bool operationMatches(const model::Json& enc, int operation_bit, const std::string& originator);

}  // namespace citadel::engine
