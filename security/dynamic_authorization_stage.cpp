// DynamicAuthorizationStage: direct dynamic authorization (TS-0003 §7.3.2.2, TS-0001 §11.5.2)
// and the tokenRequestInformation of indirect dynamic authorization (TS-0001 §11.5.3).
#include "security/dynamic_authorization_stage.h"

#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "security/dac_lookup.h"
#include "security/das_exchange.h"
#include "security/token_adoption.h"

namespace citadel::security {
namespace {

// Each DAS costs one bounded round trip on this worker; a list longer than this is a
// misconfiguration, not a reason to hold the request for minutes.
constexpr size_t kMaxDasConsulted = 3;

}  // namespace

model::Status DynamicAuthorizationStage::onRequest(RequestContext& context) {
  // A transit decision (context.route) is not the DAS's: it decides about local resources.
  if (context.decision.granted || !context.target || context.route ||
      context.originator_is_admin) {
    return {};
  }
  const AuthorizationServices* services = authorization_;
  static const std::vector<std::string> kNoDefault;
  CITADEL_ASSIGN_OR_RETURN(
      ApplicableDac dac,
      findApplicableDac(context.target->resource(), repository_, resolver_,
                        services != nullptr ? services->default_das_uris : kNoDefault));
  context.das_uris = std::move(dac.das_uris);  // also named in tqf on the way out
  if (context.das_uris.empty() || services == nullptr || services->das_sender == nullptr) {
    return {};  // no DAC applies: the denial stands
  }
  size_t consulted = 0;
  for (const auto& uri : context.das_uris) {
    if (consulted++ == kMaxDasConsulted) break;
    CITADEL_ASSIGN_OR_RETURN(bool granted, consult(context, uri, dac.lifetime));
    if (granted) {
      return {};
    }
  }
  return {};  // still denied: Pipeline::authorize answers 4103
}

model::Result<bool> DynamicAuthorizationStage::consult(RequestContext& context,
                                                       const std::string& das_uri,
                                                       const std::string& lifetime) const {
  const AuthorizationServices& services = *authorization_;
  const resources::Resource& target = context.target->resource();
  model::TimePoint now = clock_.now();
  DasQuery query = dasQueryFor(context, identity_, now);
  query.preferred_lifetime = lifetime;
  // Issue 15 #2: an unguessable rqi, so that nobody but the DAS can answer the consultation.
  model::Response response = services.das_sender->send(
      das_uri, makeDasNotify(query, identity_.cse_id, das_uri, random::unguessableId("das-")));
  auto answer = readDasAnswer(response, clock_.now());
  if (!answer.isOk()) {
    LOG_INFO("DAS " << das_uri << " for fr=" << model::logSafe(context.originator) << ": "
                    << answer.status().reason());
    context.decision = {false, answer.status().reason()};
    return false;
  }
  // Step 4: tokens the DAS issued are validated like presented ones (issuer trusted, aud this
  // CSE, holder the originator, in their window), then remembered for the holder. Issue 15
  // #19: and the DAS speaks only for its own issuer (das.tokenIssuers): a DAS returning a token
  // of another trusted issuer (one it obtained elsewhere, or whose key it shares) is refused;
  // such a token is neither remembered nor used.
  for (const auto& compact : answer.value().tokens) {
    if (services.verifier == nullptr) break;
    auto verified = services.verifier->verify(compact, identity_, context.originator);
    if (!verified.isOk()) {
      LOG_INFO("DAS " << das_uri << " token refused: " << verified.status().reason());
      continue;
    }
    if (!services.dasMayIssue(das_uri, verified.value().claims->issuer)) {
      LOG_INFO("DAS " << das_uri << " token refused: das.foreign_issuer (iss "
                      << model::logSafe(verified.value().claims->issuer) << ")");
      continue;
    }
    adoptToken(context, identity_, clock_.now(), authorization_,
               std::move(verified).value().claims, TokenSource::kFromDas, das_uri);
    // Step 4.1.1.3: the token is held for the originator (the verifier checked the holder);
    // the originator is asked for its AuthorSigns in the response (step 5).
    if (answer.value().author_sign_requested) context.author_sign_requested = true;
  }
  if (answer.value().privileges) {
    auto privileges = std::make_shared<const model::Json>(std::move(*answer.value().privileges));
    if (answer.value().until && services.grants != nullptr) {
      services.grants->put(query.originator, target.ri(), privileges, *answer.value().until, now);
    } else {
      // No lifetime: this request only, and only for the target the DAS was asked about.
      context.granted_once = ScopedGrant{target.ri(), privileges};
    }
  }
  CITADEL_ASSIGN_OR_RETURN(AccessDecision decision, access_.decideRequest(context));
  if (decision.granted) {
    context.decision = decision;
    return true;
  }
  context.decision = {false, "das.not_granted"};
  return false;
}

void DynamicAuthorizationStage::onResponse(RequestContext& context, model::Response& response) {
  if (response.status_code != model::Rsc::kOriginatorHasNoPrivilege ||
      !context.request.token_request_indicator.value_or(false) || context.das_uris.empty()) {
    return;
  }
  // m2m:dynAuthTokenReqInfo (TS-0004 §6.3.5.45): where the originator may ask for tokens. Such
  // a response carries no other content, no dbg either (TS-0009 §6.5).
  model::Json das_info = model::Json::array();
  for (const auto& uri : context.das_uris) {
    das_info.push_back({{"uri", uri}});
  }
  response.token_request_information = {{"dasi", std::move(das_info)}};
  response.content = nullptr;
}

}  // namespace citadel::security
