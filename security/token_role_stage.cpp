// TokenRoleStage: roles and tokens, TS-0003 §7.3.2.5 (token evaluation) and §7.4.3 (role
// verification by the Hosting CSE acting as PIP).
#include "security/token_role_stage.h"

#include <algorithm>

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "resources/views/token_view.h"
#include "security/dac_lookup.h"
#include "security/das_exchange.h"
#include "security/originator_id.h"
#include "security/relationship_mapping.h"
#include "security/remote_information.h"
#include "security/role_verification.h"
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
    bool adopted = std::find(context.tokens.begin(), context.tokens.end(), claims) !=
                   context.tokens.end();
    if (!adopted && claims->not_before <= now) {
      adoptToken(context, identity_, clock_.now(), authorization_, std::move(claims),
               TokenSource::kRemembered);
    }
  }
  return {};
}

Status TokenRoleStage::resolveRoles(RequestContext& context) const {
  if (context.request.role_ids.empty()) {
    return {};
  }
  static const std::vector<RoleAuthority> kNone;
  CITADEL_ASSIGN_OR_RETURN(
      VerifiedRoles verified,
      verifyRoles(repository_, identity_, authorization_ ? authorization_->role_authorities : kNone,
                  absoluteId(context.originator, identity_), context.request.role_ids,
                  clock_.now()));
  for (std::string& role_id : verified.valid) {
    if (!contains(context.roles, role_id)) context.roles.push_back(std::move(role_id));
  }
  if (!verified.dropped_reason.empty()) context.dropped_role_reason = verified.dropped_reason;
  return fetchRemoteRoles(context, verified.unknown);
}

Status TokenRoleStage::fetchRemoteRoles(RequestContext& context,
                                        const std::vector<std::string>& unknown) const {
  // The Role Repository of each role's issuer, where one is configured (TS-0003 §7.4.3 step 2).
  if (unknown.empty() || authorization_ == nullptr) return {};
  for (std::string& valid :
       rolesFromRepositories(*authorization_, identity_, absoluteId(context.originator, identity_),
                             unknown, clock_.now())) {
    if (!contains(context.roles, valid)) context.roles.push_back(std::move(valid));
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
  // First the tokens a DAS issued through this CSE, then the local Token Repository: <token>
  // resources of this CSE.
  std::vector<std::string> missing;
  size_t das_asked = 0;
  for (const auto& id : ids) {
    bool held = false;
    CITADEL_RETURN_IF_ERROR(useDasToken(context, id, das_asked, &held));
    if (held) continue;
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
  // Then the Token Repository of each token's issuer, where one is configured (TS-0003 §7.3.2).
  CITADEL_RETURN_IF_ERROR(fetchRemoteTokens(context, missing));
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

Status TokenRoleStage::useDasToken(RequestContext& context, const std::string& id,
                                   size_t& das_asked, bool* held) const {
  LocalTokenStore* store = authorization_->local_tokens;
  model::TimePoint now = clock_.now();
  auto token = store != nullptr ? store->dasToken(id, now) : std::nullopt;
  if (!token) {
    return {};
  }
  *held = true;
  std::string holder = absoluteId(context.originator, identity_);
  if (absoluteId(token->claims->holder, identity_) == holder) {
    if (token->claims->not_before > now) return tokenDenied("token.not_yet_valid");
    adoptToken(context, identity_, now, authorization_, std::move(token->claims),
               TokenSource::kRemembered);
    return {};
  }
  // TS-0003 §7.3.2.7: another holder's token. With auri the AE says the DAS keeps the
  // relationship (the indirect update, §7.3.2.7.2 step 3): refused here, without asking.
  if (context.request.authorization_relationship_indicator.value_or(false)) {
    return tokenDenied("token.wrong_holder");
  }
  if (das_asked++ == kMaxRepositoryLookups) {
    return tokenDenied("token.wrong_holder");
  }
  // Step 2.2: the AuthorSign the DAS recorded for the token; none: refused (step 7).
  std::vector<std::string> recorded =
      recordedAuthorSigns(*authorization_, identity_, token->das_uri, id);
  if (recorded.empty()) {
    return tokenDenied("token.wrong_holder");
  }
  if (context.request.authorization_signatures.empty()) {
    // Step 4: refused, and the AE is asked for the AuthorSign (asri in the response).
    context.author_sign_requested = true;
    return tokenDenied("token.author_sign_required");
  }
  // Step 6: the same AuthorSign moves the token to the new AE-ID.
  if (!authorSignMatches(context.request.authorization_signatures, recorded)) {
    return tokenDenied("token.author_sign_mismatch");
  }
  auto moved = store->rebind(id, clock_.now(), [&](token::TokenClaims& claims) {
    moveToHolder(claims, holder, identity_);
  });
  if (moved == nullptr) {
    return tokenDenied("token.unknown_id");  // expired meanwhile
  }
  LOG_INFO("token " << model::logSafe(id) << " moved to holder " << model::logSafe(holder)
                    << " (authorization relationship update)");
  adoptToken(context, identity_, clock_.now(), authorization_, std::move(moved),
             TokenSource::kRemembered);
  return {};
}

Status TokenRoleStage::fetchRemoteTokens(RequestContext& context,
                                         std::vector<std::string>& missing) const {
  if (authorization_->decision_sender == nullptr || authorization_->repositories.empty()) {
    return {};
  }
  std::string holder = absoluteId(context.originator, identity_);
  size_t lookups = 0;
  for (const std::string& token_id : std::vector<std::string>(missing)) {
    std::string pip = repositoryFor(token_id, authorization_->repositories);
    if (pip.empty()) continue;
    if (lookups++ == kMaxRepositoryLookups) break;
    RemoteInformation fetched =
        fetchInformation(*authorization_->decision_sender, pip, holder, {}, {token_id}, identity_);
    for (const std::string& compact : fetched.tokens) {
      // Verified as a presented token: issuer key, audience this CSE, holder the originator.
      auto verified = authorization_->verifier->verify(compact, identity_, context.originator);
      if (!verified.isOk()) {
        LOG_INFO("token from repository " << model::logSafe(pip)
                                          << " refused: " << verified.status().reason());
        continue;
      }
      auto claims = std::move(verified).value().claims;
      if (claims->token_id != token_id) continue;  // not the one asked for
      missing.erase(std::find(missing.begin(), missing.end(), token_id));
      adoptToken(context, identity_, clock_.now(), authorization_, std::move(claims),
                 TokenSource::kPresented);
      break;
    }
  }
  return {};
}

void TokenRoleStage::onResponse(RequestContext& context, model::Response& response) {
  if (context.author_sign_requested) {
    response.authorization_signature_request_information = true;
  }
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
