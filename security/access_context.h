#pragma once
// The context conditions of an access-control rule (acco, TS-0003 §7.1.3 / TS-0004 §6.3.5.x):
// time windows (actw, 7-field schedule strings in UTC), IP ranges (acip) and location regions
// (aclr).

#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "security/originator_locations.h"

namespace citadel::security {

// True when `now` (UTC) falls in the schedule "sec min hour day-of-month month day-of-week
// year" (TS-0004 Table 7.4.9.1-4): '*', lists "a,b", ranges "a-b", steps "*/n" and "a-b/n".
// A malformed schedule never matches (deny-safe).
bool scheduleMatches(std::string_view schedule, model::TimePoint now);

// True when `address` (an IPv4 or IPv6 literal) lies in `range` (an address or CIDR block of
// the same family). Malformed input never matches.
bool ipInRange(std::string_view address, std::string_view range);

// True when one acco entry holds: each present sub-part must hold (a list within it is ORed);
// absent sub-parts count as true. A location condition (aclr) holds when the originator's
// retained location (TS-0003 Annex F; `location`, nullptr when none is known) is in the region.
bool accessContextMatches(const model::Json& context, model::TimePoint now,
                          std::string_view peer_address, const OriginatorLocation* location);

}  // namespace citadel::security
