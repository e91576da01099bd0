#pragma once
// What a token's permissions (m2m:tokenPermissions, TS-0003 §7.3.2.5 step 7) grant for one
// resource: a permission applies when its resourceIDs (ris) are absent or name the resource;
// its privileges (pv) then act as an extra access control policy and its roleIDs (rids) as
// roles of the holder.

#include <memory>
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

// Appends to `roles`, once each, the Role-IDs (rids) of every permission of `tokens` that
// applies to `resource`. TS-0003 §7.3.2.5 step 7 1): "the authorization information described
// in privileges and/or roleIDs elements shall apply only to the resources specified" by ris, so
// a role from a permission naming R counts when R is decided, never for R's children or
// siblings decided in the same request (issue 15 #8).
void appendPermissionRoles(const std::vector<std::shared_ptr<const token::TokenClaims>>& tokens,
                           const resources::Resource& resource,
                           const resources::CseIdentity& identity, std::vector<std::string>& roles);

}  // namespace citadel::security
