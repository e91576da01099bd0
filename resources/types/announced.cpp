#include "resources/types/announced.h"

#include "cse/model/address.h"
#include "resources/types/access_control_policy.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status checkLink(const Json& link, const CseIdentity& identity) {
  if (!link.is_string() || linkedCseId(link.get<std::string>(), identity).empty()) {
    return Status::badRequest(
        "attribute 'lnk' (link) must be the SP-relative (\"/id-mn/...\") or absolute "
        "(\"//sp/id-mn/...\") address of the original resource on another CSE (TS-0001 "
        "Table 9.6.26.2-1)",
        "annc.link_invalid");
  }
  return {};
}

}  // namespace

std::string linkedCseId(std::string_view link, const CseIdentity& identity) {
  auto address = model::parseAddress(link);
  if (!address.isOk() || address.value().scope == model::AddressScope::kCseRelative ||
      address.value().cse_id.size() < 2) {
    return "";
  }
  const model::Address& parsed = address.value();
  if (parsed.scope == model::AddressScope::kAbsolute && parsed.sp_id != identity.sp_id) {
    return "//" + parsed.sp_id + parsed.cse_id;
  }
  if (parsed.cse_id == identity.cse_id) {
    return "";  // a resource of this CSE is not announced to itself
  }
  return parsed.cse_id;
}

Status AnnouncedType::validateCreate(const Json& attributes) const {
  CITADEL_RETURN_IF_ERROR(checkLink(attributes["lnk"], identity_));
  if (type_ == ResourceType::kAccessControlPolicyAnnc) {
    // The announced policy decides at this CSE as the original does at its own: the same rule
    // checks (an announced pv/pvs that is absent grants nothing).
    for (const char* name : {"pv", "pvs"}) {
      if (attributes.contains(name)) {
        CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(attributes[name], name));
      }
    }
  }
  return {};
}

Status AnnouncedType::validateUpdate(const Json& content) const {
  // The whole content {"m2m:aeA": {...}}; a wrong shape is reported by the generic checks.
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return {};
  }
  const Json& changes = *content.begin();
  if (changes.contains("lnk")) {
    CITADEL_RETURN_IF_ERROR(checkLink(changes["lnk"], identity_));
  }
  if (type_ == ResourceType::kAccessControlPolicyAnnc) {
    for (const char* name : {"pv", "pvs"}) {
      if (changes.contains(name) && !changes[name].is_null()) {
        CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(changes[name], name));
      }
    }
  }
  return {};
}

}  // namespace citadel::resources
