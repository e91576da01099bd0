#include "tools/das/das_answer.h"

#include "cse/model/log.h"
#include "security/token/token_minter.h"

namespace citadel::tools::das {
namespace {

using model::Json;
using model::Result;
using model::Status;

// m2m:setOfAcrs granting exactly the requested operation to `originator`: the DAS grants what
// was asked, never more (least privilege).
Json grantedPrivileges(std::string_view originator, uint8_t operation_bit) {
  return Json{
      {"acr", Json::array({{{"acor", {std::string(originator)}}, {"acop", operation_bit}}})}};
}

std::string holderOf(const DasRequest& request, const AnswerContext& context) {
  return absoluteOriginator(request.originator, context.requester.cse_id, context.requester.sp_id);
}

security::token::TokenClaims tokenClaims(const DasRequest& request, const AnswerContext& context,
                                         uint8_t operation_bit, std::chrono::seconds ttl) {
  security::token::TokenClaims claims;
  claims.version = std::string(1, '1');  // tkvr; assigning "1" trips GCC 12 -Wrestrict
  claims.token_id = context.new_token_name();
  claims.token_id.append("@").append(context.issuer.issuer);  // TS-0003: name@issuer
  claims.holder = holderOf(request, context);
  claims.issuer = context.issuer.issuer;
  claims.not_before = std::chrono::time_point_cast<std::chrono::seconds>(context.now);
  claims.not_after = claims.not_before + ttl;
  if (!context.issuer.audience.empty()) {
    claims.audience = context.issuer.audience;
  }
  security::token::TokenPermission permission;
  permission.resource_ids = std::vector<std::string>{request.target_resource_id};
  permission.privileges = grantedPrivileges(claims.holder, operation_bit);
  claims.permissions = std::vector<security::token::TokenPermission>{permission};
  return claims;
}

Status issueToken(const DasRequest& request, const AnswerContext& context, DasAnswer& answer) {
  if (!context.issuer.key) {
    return Status::internal("the DAS has no signing key", "das.cannot_issue");
  }
  security::token::TokenClaims claims =
      tokenClaims(request, context, answer.decision.operation_bit, answer.decision.rule->token_ttl);
  auto token = security::token::mintToken(claims, *context.issuer.key);
  if (!token.isOk()) {
    // An over-long originator or target can make a claim the verifier would refuse.
    LOG_WARN("DAS: cannot mint a token for rule line " << answer.decision.rule->line << ": "
                                                       << token.status().reason());
    return Status::internal("the DAS could not issue a token", "das.cannot_issue");
  }
  context.issued.remember(claims.token_id, claims.holder, token.value(), claims.not_after,
                          context.now);
  answer.token_ids.push_back(claims.token_id);
  answer.dres["tkns"] = Json::array({std::move(token).value()});
  // The AE can keep an authorization relationship: ask it for its AuthorSign (TS-0003
  // §7.3.2.2 step 3.2).
  if (request.author_sign_indicator) answer.dres["asri"] = true;
  return {};
}

}  // namespace

Result<DasAnswer> answerRequest(const DasRequest& request, const AnswerContext& context) {
  DasAnswer answer;
  if (request.token_ids) {
    // Indirect dynamic authorization: the CSE holds token IDs and fetches the tokens.
    answer.by_token_ids = true;
    answer.outcome = "tokens-by-id";
    std::vector<std::string> tokens =
        context.issued.find(*request.token_ids, holderOf(request, context), context.now);
    if (tokens.size() > kMaxTokensPerAnswer) {
      tokens.resize(kMaxTokensPerAnswer);
    }
    if (!tokens.empty()) {
      answer.dres["tkns"] = std::move(tokens);
    }
    return answer;
  }
  answer.decision = decide(request, context.requester, context.policy);
  const PolicyRule* rule = answer.decision.rule;
  answer.outcome = rule == nullptr ? "no-match" : verdictName(answer.decision.verdict);
  if (rule == nullptr) {
    return answer;
  }
  answer.delay = rule->delay;
  switch (answer.decision.verdict) {
    case Verdict::kGrantOnce:
      // No pl: the CSE applies the grant to this one request and caches nothing.
      answer.dres["dai"] = {
          {"gp", grantedPrivileges(request.originator, answer.decision.operation_bit)}};
      break;
    case Verdict::kGrant:
      answer.dres["dai"] = {
          {"gp", grantedPrivileges(request.originator, answer.decision.operation_bit)},
          // m2m:absRelTimestamp (TS-0004 §6.3.3): a relative value is in milliseconds, so the
          // policy's seconds are multiplied; the CSE caches the grant for that long.
          {"pl", std::to_string(std::chrono::milliseconds(rule->privileges_lifetime).count())}};
      break;
    case Verdict::kToken:
      CITADEL_RETURN_IF_ERROR(issueToken(request, context, answer));
      break;
    case Verdict::kDeny:
      break;
  }
  return answer;
}

Json answerRelationship(const RelationshipRequest& request, const Requester& requester,
                        IssuedTokens& issued, model::TimePoint now) {
  Json dars = Json::object();
  if (request.signature_requested) {
    // §7.5.1.2.15: the signature recorded for the token (the first of tids that has one).
    for (const std::string& id : request.token_ids) {
      std::vector<std::string> signatures = issued.authorSigns(id, now);
      if (signatures.empty()) continue;
      dars["tids"] = Json::array({id});
      dars["signature"] = std::move(signatures);
      break;
    }
    return dars;
  }
  // §7.5.1.2.14: a record for each token issued to the AE (or, absolute).
  std::string holder = absoluteOriginator(request.originator, requester.cse_id, requester.sp_id);
  Json recorded = Json::array();
  for (const std::string& id : request.token_ids) {
    if (issued.recordAuthorSigns(id, holder, request.signatures, now)) recorded.push_back(id);
  }
  if (!recorded.empty()) dars["tids"] = std::move(recorded);
  return dars;
}

}  // namespace citadel::tools::das
