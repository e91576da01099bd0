#include "security/token_permissions.h"

#include <algorithm>

namespace citadel::security {

bool resourceIdNames(std::string_view id, const resources::Resource& resource,
                     const resources::CseIdentity& identity) {
  // Absolute "//sp/csi/x" -> SP-relative "/csi/x" -> CSE-relative "x".
  std::string sp = "//" + identity.sp_id;
  if (id.starts_with(sp) && id.size() > sp.size() && id[sp.size()] == '/') {
    id.remove_prefix(sp.size());
  }
  if (id.starts_with(identity.cse_id) && id.size() > identity.cse_id.size() &&
      id[identity.cse_id.size()] == '/') {
    id.remove_prefix(identity.cse_id.size() + 1);
  }
  if (id.empty() || id.front() == '/') {
    return false;  // another CSE's resource
  }
  const auto& attributes = resource.attributes;
  auto ri = attributes.find("ri");
  if (ri != attributes.end() && ri->is_string() && ri->get_ref<const std::string&>() == id) {
    return true;
  }
  auto path = attributes.find(std::string(resources::kPathField));
  return path != attributes.end() && path->is_string() &&
         path->get_ref<const std::string&>() == id;
}

bool permissionCovers(const token::TokenPermission& permission,
                      const resources::Resource& resource,
                      const resources::CseIdentity& identity) {
  if (!permission.resource_ids) {
    return true;
  }
  for (const auto& id : *permission.resource_ids) {
    if (resourceIdNames(id, resource, identity)) {
      return true;
    }
  }
  return false;
}

void appendPermissionRoles(const std::vector<std::shared_ptr<const token::TokenClaims>>& tokens,
                           const resources::Resource& resource,
                           const resources::CseIdentity& identity,
                           std::vector<std::string>& roles) {
  for (const auto& claims : tokens) {
    if (!claims->permissions) continue;
    for (const auto& permission : *claims->permissions) {
      if (!permission.role_ids || !permissionCovers(permission, resource, identity)) continue;
      for (const auto& role : *permission.role_ids) {
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
          roles.push_back(role);
        }
      }
    }
  }
}

}  // namespace citadel::security
