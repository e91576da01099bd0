#pragma once
// Forms of originator IDs (TS-0001 §7.2, Table 7.2-1) and the matching of acor entries against
// them (TS-0003 §7.1.3): both sides are brought to the absolute form before comparing.

#include <string>
#include <string_view>

#include "resources/cse_identity.h"

namespace citadel::security {

// The local form of `fr`: SP-relative or absolute IDs of this CSE's AEs become their stem
// ("/id-in/Cxyz" -> "Cxyz", "//sp/Sxyz" -> "Sxyz"); anything else is returned unchanged.
std::string localOriginator(std::string_view from, const resources::CseIdentity& identity);

// The absolute form "//sp/csi/stem", "//sp/Sstem", "//sp/csi" of an ID in any form. Bare
// C-stems (and patterns such as "C*") are taken as AEs of this CSE.
std::string absoluteId(std::string_view id, const resources::CseIdentity& identity);

// The SP-relative form "/csi/…" of a resource ID: an absolute one of this SP loses "//sp", one of
// another SP is "" (it names nothing here), an SP-relative one stays, and a CSE-relative one is
// taken as of `cse_id` ("/id-mn"), or returned unchanged when `cse_id` is empty.
std::string spRelativeId(std::string_view id, const resources::CseIdentity& identity,
                         std::string_view cse_id = {});

// '*' matches any run of characters other than '/'. Linear-time, no backtracking blow-up.
bool wildcardMatch(std::string_view pattern, std::string_view text);

// True when the acor entry names this originator: "all", an SP domain ("//sp.example"), or an
// AE-ID / CSE-ID with optional '*' wildcards (also in the SP-ID part, "//*/id-in/C*", TS-0003
// Table 7.1.3-2). Domains match exactly: TS-0003 §7.1.3 excludes wildcards there (TS-0004 Table
// 7.3.3.15-1 says "Allowed"; the stricter reading is kept). Role-IDs never match here (the token
// work supplies them); <group> IDs are the evaluator's (GroupMembership).
bool acorMatches(std::string_view entry, std::string_view originator_absolute,
                 const resources::CseIdentity& identity);

// True when `to` addresses this CSE's <CSEBase> (its name, its resource ID or its CSE-ID, in any
// scope). Pure string work: nothing is looked up.
bool addressesCseBase(std::string_view to, const resources::CseIdentity& identity);

}  // namespace citadel::security
