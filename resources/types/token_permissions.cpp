#include "resources/types/token_permissions.h"

#include <string>

#include "resources/types/access_control_policy.h"
#include "resources/types/authorization_formats.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status bad(std::string_view attribute, const std::string& what) {
  return Status::badRequest("attribute '" + std::string(attribute) + "': " + what,
                            "token.bad_permissions");
}

// m2m:ID entries: non-empty strings without whitespace, as the generic validator's kId.
bool isIdList(const Json& value, size_t max) {
  if (!value.is_array() || value.size() > max) {
    return false;
  }
  for (const auto& id : value) {
    if (!id.is_string()) {
      return false;
    }
    const auto& text = id.get_ref<const std::string&>();
    if (text.empty() || text.find_first_of(" \t\r\n") != std::string::npos) {
      return false;
    }
  }
  return true;
}

bool isRoleIdList(const Json& value) {
  if (!value.is_array() || value.size() > kMaxPermissionRoleIds) {
    return false;
  }
  for (const auto& id : value) {
    if (!id.is_string() || !isValidIssuerScopedId(id.get_ref<const std::string&>())) {
      return false;
    }
  }
  return true;
}

Status validatePermission(const Json& permission, std::string_view attribute) {
  if (!permission.is_object()) {
    return bad(attribute, "each pm entry must be an object {ris?, pv?, rids?}");
  }
  for (auto it = permission.begin(); it != permission.end(); ++it) {
    if (it.key() == "ris") {
      if (!isIdList(*it, kMaxPermissionResourceIds)) {
        return bad(attribute, "pm.ris (resourceIDs) must be a list of at most 64 IDs");
      }
    } else if (it.key() == "pv") {
      CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(*it, std::string(attribute) + ".pm.pv"));
    } else if (it.key() == "rids") {
      if (!isRoleIdList(*it)) {
        return bad(attribute, "pm.rids (roleIDs) must be a list of at most 32 m2m:roleID "
                              "values 'name@issuer-fqdn'");
      }
    } else {
      return bad(attribute, "unknown member 'pm." + it.key() + "' (ris, pv, rids)");
    }
  }
  // TS-0001 Table 9.6.39-3: at least one of privileges / roleIDs; privileges need resourceIDs.
  if (!permission.contains("pv") && !permission.contains("rids")) {
    return bad(attribute, "each pm entry needs at least one of 'pv' (privileges) or 'rids' "
                          "(roleIDs)");
  }
  if (permission.contains("pv") && !permission.contains("ris")) {
    return bad(attribute, "a pm entry with 'pv' (privileges) must name the resources in 'ris'");
  }
  return {};
}

}  // namespace

Status validateTokenPermissions(const Json& permissions, std::string_view attribute) {
  if (!permissions.is_object()) {
    return bad(attribute, "expected an object {\"pm\": [permission, ...]}");
  }
  for (auto it = permissions.begin(); it != permissions.end(); ++it) {
    if (it.key() != "pm") {
      return bad(attribute, "unknown member '" + it.key() + "' (expected 'pm')");
    }
  }
  auto pm = permissions.find("pm");
  // TS-0004 §6.3.5.53 allows 0..n; an empty permission set grants nothing and is refused so a
  // client learns of its mistake instead of storing a useless token.
  if (pm == permissions.end() || !pm->is_array() || pm->empty()) {
    return bad(attribute, "'pm' must be a non-empty list of permissions");
  }
  if (pm->size() > kMaxTokenPermissions) {
    return bad(attribute, "more than 32 permissions in 'pm'");
  }
  for (const auto& permission : *pm) {
    CITADEL_RETURN_IF_ERROR(validatePermission(permission, attribute));
  }
  return {};
}

}  // namespace citadel::resources
