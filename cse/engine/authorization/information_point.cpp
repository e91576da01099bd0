#include "cse/engine/authorization/information_point.h"

#include "resources/views/role_view.h"
#include "resources/views/token_view.h"
#include "security/originator_id.h"

namespace citadel::engine {

using model::Json;
using model::Status;
using resources::AuthorizationStatus;

namespace {

// Per request, as the token/role stage bounds a request's own rids and tids.
constexpr size_t kMaxIds = 16;

std::vector<std::string> idsOf(const Json& changes, const char* name) {
  std::vector<std::string> ids;
  auto list = changes.find(name);
  if (list == changes.end() || !list->is_array()) return ids;
  for (const Json& id : *list) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  return ids;
}

}  // namespace

model::Result<InformationOutcome> InformationPoint::retrieve(std::string_view requester,
                                                             const Json& changes) const {
  if (!requesters_.serves(requester)) {
    return Status::noPrivilege("pip.requester_not_served");
  }
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (it.key() != "fr" && it.key() != "rids" && it.key() != "tids") {
      return Status::badRequest("attribute '" + it.key() + "' may not be in an access control "
                                "information request: only fr, rids and tids (TS-0004 "
                                "§7.4.45.2.3 step 1a)",
                                "pip.not_a_request_attribute");
    }
  }
  auto from = changes.find("fr");
  if (from == changes.end() || !from->is_string()) {
    return Status::badRequest("an access control information request carries fr (TS-0004 "
                              "§7.4.45.2.3 step 1b)",
                              "pip.missing_from");
  }
  std::vector<std::string> role_ids = idsOf(changes, "rids");
  std::vector<std::string> token_ids = idsOf(changes, "tids");
  if (role_ids.size() > kMaxIds || token_ids.size() > kMaxIds) {
    return Status::badRequest("at most 16 roleIDs and 16 tokenIDs per information request",
                              "pip.too_many");
  }
  std::string holder = security::absoluteId(from->get_ref<const std::string&>(), identity_);
  InformationOutcome outcome;
  for (const std::string& role_id : role_ids) {
    CITADEL_ASSIGN_OR_RETURN(std::vector<resources::Resource> roles,
                             repository_.rolesByRoleId(role_id));
    for (resources::Resource& role : roles) {
      if (security::absoluteId(resources::RoleView(role).holder(), identity_) == holder) {
        outcome.roles.push_back(std::move(role));
      }
    }
  }
  for (const std::string& token_id : token_ids) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<resources::Resource> token,
                             repository_.tokenByTokenId(token_id));
    if (!token) continue;
    std::string stored_holder = resources::TokenView(*token).holder();
    if (stored_holder.empty() || security::absoluteId(stored_holder, identity_) == holder) {
      outcome.tokens.push_back(std::move(*token));
    }
  }
  outcome.status = outcome.roles.empty() && outcome.tokens.empty()
                       ? AuthorizationStatus::kNotApplicable
                       : AuthorizationStatus::kOk;
  return outcome;
}

}  // namespace citadel::engine
