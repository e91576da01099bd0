#pragma once
// What a token's permissions (m2m:tokenPermissions, TS-0003 §7.3.2.5 step 7) grant for one
// resource: a permission applies when its resourceIDs (ris) are absent or name the resource;
// its privileges (pv) then act as an extra access control policy and its roleIDs (rids) as
// roles of the holder.

#include <string>
#include <string_view>
#include <vector>

#include "resources/cse_identity.h"
#include "resources/resource.h"
#include "security/token/token_claims.h"

namespace citadel::security {

// True when the ID names `resource`: its resource ID or its structured path, in
// CSE-relative, SP-relative or absolute form. A listed parent does not cover its children.
bool resourceIdNames(std::string_view id, const resources::Resource& resource,
                     const resources::CseIdentity& identity);

// True when `permission` applies to `resource` (ris absent, or one entry names it).
bool permissionCovers(const token::TokenPermission& permission,
                      const resources::Resource& resource,
                      const resources::CseIdentity& identity);

}  // namespace citadel::security
