// TokenRoleStage: roles and tokens, TS-0003 §7.3.2.5 (token evaluation) and §7.4.3 (role
// verification by the Hosting CSE acting as PIP).
#include "security/token_role_stage.h"

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "resources/views/role_view.h"
#include "resources/views/token_view.h"
#include "security/dac_lookup.h"
#include "security/das_exchange.h"
#include "security/originator_id.h"
#include "security/token_adoption.h"
#include "security/token_permissions.h"

namespace citadel::security {
namespace {

using model::Status;

// Per request. The spec sets no limit; these keep one request's work bounded.
constexpr size_t kMaxRoleIds = 16;
constexpr size_t kMaxTokens = 16;

Status tooMany(const char* parameter, size_t limit) {
  return Status::badRequest(std::string("at most ") + std::to_string(limit) + " entries in " +
                                parameter, "token.too_many");
}

Status tokenDenied(std::string_view reason) { return Status::noPrivilege(reason); }

// The role's validity window, "YYYYMMDDThhmmss" each (TS-0004 §7.4.40 tknb / tkna).
std::string_view roleWindowProblem(const resources::RoleView& role, model::TimePoint now) {
  auto not_before = role.notBefore();
  auto not_after = role.notAfter();
  if (!not_before || !not_after) return "role.bad_window";
  if (now < *not_before) return "role.not_yet_valid";
  if (now > *not_after) return "role.expired";
  return {};
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Status TokenRoleStage::onRequest(RequestContext& context) {
  const model::Request& request = context.request;
  if (context.originator_is_admin || context.is_registration) {
    return {};  // granted without them; nothing to validate or assign
  }
  if (context.route) {
    return {};  // for another CSE: its tokens and roles are the Hosting CSE's to evaluate
  }
  if (request.role_ids.size() > kMaxRoleIds) return tooMany("roleIDs (rids)", kMaxRoleIds);
  if (request.tokens.size() > kMaxTokens) return tooMany("tokens (tkns)", kMaxTokens);
  if (request.token_ids.size() > kMaxTokens) return tooMany("tokenIDs (tids)", kMaxTokens);
  if (request.local_token_ids.size() > kMaxTokens) {
    return tooMany("localTokenIDs (ltids)", kMaxTokens);
  }

  CITADEL_RETURN_IF_ERROR(resolveRoles(context));
  const AuthorizationServices* services = authorization_;
  bool presents_tokens = !request.tokens.empty() || !request.token_ids.empty() ||
                         !request.local_token_ids.empty();
  if (presents_tokens && (services == nullptr || services->verifier == nullptr)) {
    return tokenDenied("token.untrusted_issuer");  // no issuer is trusted: no token is valid
  }
  for (const auto& compact : request.tokens) {
    CITADEL_RETURN_IF_ERROR(acceptToken(context, compact));
  }
  if (!request.token_ids.empty()) {
    CITADEL_RETURN_IF_ERROR(fetchTokens(context, request.token_ids));
  }
  LocalTokenStore* store = services != nullptr ? services->local_tokens : nullptr;
  if (store == nullptr || (request.local_token_ids.empty() && !store->holdsDasTokens())) {
    return {};  // the common case: nothing remembered to look up, no holder ID to build
  }
  model::TimePoint now = clock_.now();
  std::string holder = absoluteId(context.originator, identity_);
  for (const auto& lti : request.local_token_ids) {
    auto claims = store->find(lti, now);
    if (claims == nullptr) {
      return tokenDenied("token.unknown_local_id");  // unknown, or its token expired
    }
    if (claims->holder != holder) {
      return tokenDenied("token.wrong_holder");
    }
    adoptToken(context, identity_, clock_.now(), authorization_, std::move(claims),
               TokenSource::kRemembered);
  }
  // Tokens a DAS issued to this holder in an earlier direct exchange (TS-0003 §7.3.2.2 step 4).
  for (auto& claims : store->heldBy(holder, now)) {
    if (claims->not_before <= now) {
      adoptToken(context, identity_, clock_.now(), authorization_, std::move(claims),
               TokenSource::kRemembered);
    }
  }
  return {};
}

bool TokenRoleStage::issuedByItsAuthority(const resources::Resource& role,
                                          const std::vector<RoleAuthority>& trusted) const {
  // tkis is written by whoever creates the <role>: the authority it names counts only if the
  // role was created by that authority's originator or by the admin (TS-0003 §7.4.3).
  std::string issuer = resources::RoleView(role).issuer();
  std::string creator = role.creator();
  for (const auto& authority : trusted) {
    if (authority.issuer != issuer) continue;
    if (creator == identity_.admin ||
        (!authority.originator.empty() &&
         localOriginator(authority.originator, identity_) == creator)) {
      return true;
    }
  }
  return false;
}

Status TokenRoleStage::resolveRoles(RequestContext& context) const {
  if (context.request.role_ids.empty()) {
    return {};
  }
  std::string holder = absoluteId(context.originator, identity_);
  model::TimePoint now = clock_.now();
  static const std::vector<RoleAuthority> kNone;
  const auto& trusted = authorization_ ? authorization_->role_authorities : kNone;
  for (const auto& role_id : context.request.role_ids) {
    // The local Role Repository (TS-0003 §7.4.3 step 2): this CSE's <role> resources.
    CITADEL_ASSIGN_OR_RETURN(std::vector<resources::Resource> roles,
                             repository_.rolesByRoleId(role_id));
    std::string_view problem = roles.empty() ? "role.unknown" : "";
    bool valid = false;
    for (const auto& role : roles) {
      resources::RoleView view(role);
      if (absoluteId(view.holder(), identity_) != holder) {
        problem = "role.wrong_holder";
        continue;
      }
      if (!issuedByItsAuthority(role, trusted)) {
        problem = "role.untrusted_issuer";
        continue;
      }
      if (std::string_view window = roleWindowProblem(view, now); !window.empty()) {
        problem = window;
        continue;
      }
      valid = true;
      break;
    }
    if (valid) {
      if (!contains(context.roles, role_id)) context.roles.push_back(role_id);
    } else {
      // Dropped, not refused: only valid roles take part in the decision (§7.4.3 step 4).
      context.dropped_role_reason = problem;
    }
  }
  return {};
}

Status TokenRoleStage::acceptToken(RequestContext& context, std::string_view compact) const {
  auto verified =
      authorization_->verifier->verify(compact, identity_, context.originator);
  if (!verified.isOk()) {
    return verified.takeStatus();
  }
  adoptToken(context, identity_, clock_.now(), authorization_,
             std::move(verified).value().claims, TokenSource::kPresented);
  return {};
}

Status TokenRoleStage::fetchTokens(RequestContext& context,
                                   const std::vector<std::string>& ids) const {
  // First the local Token Repository: <token> resources of this CSE.
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    CITADEL_ASSIGN_OR_RETURN(std::optional<resources::Resource> stored,
                             repository_.tokenByTokenId(id));
    if (!stored) {
      missing.push_back(id);
      continue;
    }
    std::optional<std::string> token_object = resources::TokenView(*stored).tokenObject();
    if (!token_object) {
      return tokenDenied("token.unknown_id");
    }
    CITADEL_RETURN_IF_ERROR(acceptToken(context, *token_object));
  }
  if (missing.empty()) {
    return {};
  }
  // Then the DAS of the target (TS-0001 §11.5.3 step 6): a NOTIFY with the token IDs.
  model::PrimitiveSender* sender = authorization_->das_sender;
  if (sender == nullptr || !context.target) {
    return tokenDenied("token.unknown_id");
  }
  CITADEL_ASSIGN_OR_RETURN(
      ApplicableDac dac, findApplicableDac(context.target->resource(), repository_,
                                           resolver_, authorization_->default_das_uris));
  model::TimePoint now = clock_.now();
  for (const auto& uri : dac.das_uris) {
    DasQuery query = dasQueryFor(context, identity_, now);
    query.token_ids = missing;
    // Issue 15 #2: a fresh unguessable rqi, not derived from the originator's own rqi.
    model::Response response = sender->send(
        uri, makeDasNotify(query, identity_.cse_id, uri, random::unguessableId("tids-")));
    auto answer = readDasAnswer(response, now);
    if (!answer.isOk()) {
      LOG_INFO("token fetch from DAS " << uri << " failed: " << answer.status().reason());
      continue;
    }
    for (const auto& compact : answer.value().tokens) {
      auto verified =
          authorization_->verifier->verify(compact, identity_, context.originator);
      if (!verified.isOk()) continue;  // the DAS sent something we cannot use
      auto claims = std::move(verified).value().claims;
      auto wanted = std::find(missing.begin(), missing.end(), claims->token_id);
      if (wanted == missing.end()) continue;
      missing.erase(wanted);
      adoptToken(context, identity_, clock_.now(), authorization_, std::move(claims),
                 TokenSource::kPresented);
    }
    if (missing.empty()) {
      return {};
    }
  }
  return tokenDenied("token.unknown_id");
}

void TokenRoleStage::onResponse(RequestContext& context, model::Response& response) {
  if (context.assigned_local_token_ids.empty()) {
    return;
  }
  // m2m:dynAuthLocalTokenIdAssignments (TS-0004 §6.3.5.43), on success and error alike.
  model::Json assignments = model::Json::array();
  for (const auto& [lti, tkid] : context.assigned_local_token_ids) {
    assignments.push_back({{"lti", lti}, {"tkid", tkid}});
  }
  response.assigned_token_identifiers = {{"ltia", std::move(assignments)}};
}

}  // namespace citadel::security
