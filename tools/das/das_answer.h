#pragma once
// The DAS's answer to one parsed request (TS-0003 §7.3.2.2): tokens by ID when the CSE sends
// tids, else the policy decision turned into a dres. Everything it needs is passed in (the
// policy, the time, the token store, the key and the random token names), so that each
// decision's dres is unit-tested without a server.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/status.h"
#include "security/token/jws_key.h"
#include "tools/das/das_request.h"
#include "tools/das/decision.h"
#include "tools/das/issued_tokens.h"
#include "tools/das/policy.h"

namespace citadel::tools::das {

// Who signs the tokens this DAS issues.
struct TokenIssuerSettings {
  std::string issuer;                          // iss
  std::vector<std::string> audience;           // aud (absent from the token when empty)
  std::optional<security::token::JwsKey> key;  // required when the policy has token rules
};

// The most tokens one dres carries (what a CSE reads, security/das_exchange.cpp).
inline constexpr size_t kMaxTokensPerAnswer = 16;

struct AnswerContext {
  const Policy& policy;
  const TokenIssuerSettings& issuer;
  IssuedTokens& issued;  // where minted tokens are kept and tids are looked up
  model::TimePoint now;
  Requester requester;                          // the CSE that asks (its fr) and the SP-ID
  std::function<std::string()> new_token_name;  // the name part of a jti ("<name>@<issuer>")
};

struct DasAnswer {
  model::Json dres = model::Json::object();  // the dres object; {} is a refusal
  Decision decision;                         // what the policy said (unset for a tids lookup)
  bool by_token_ids = false;                 // answered from the issued tokens (dreq.tids)
  std::vector<std::string> token_ids;        // IDs of the tokens in dres.tkns (for the log)
  std::chrono::milliseconds delay{0};        // to wait before answering (the rule's delay=)
  std::string_view outcome;  // for the log: a verdict name, "tokens-by-id", "no-match"
};

// The answer to `request`:
//  - dreq.tids present: dres.tkns = the tokens issued earlier under those IDs to this holder
//    (dreq.or in absolute form) and still valid (see IssuedTokens::find), at most
//    kMaxTokensPerAnswer of them; an empty dres when there are none. The policy is not consulted:
//    those tokens were granted when they were issued.
//  - otherwise the first matching rule (decide()):
//      grant-once  dres.dai = {"gp":{"acr":[{"acor":[or],"acop":<op bit>}]}}, no pl
//      grant       the same plus "pl": "<pl= in milliseconds>" (m2m:absRelTimestamp: a
//                  relative value counts milliseconds; pl=60 in the policy sends "60000")
//      token       dres.tkns = [one new token]: azp = dreq.or in absolute form (relative to
//                  the requester, decision.h absoluteOriginator), aud, iss,
//                  nbf = now, exp = now + ttl, tkps.pm = [{"ris":[trid],"pv":{"acr":[{"acor":
//                  [holder],"acop":<op bit>}]}}]; remembered in `issued`
//      deny / none an empty dres
// 5000 "das.cannot_issue" when a token rule has no key or the token cannot be minted.
model::Result<DasAnswer> answerRequest(const DasRequest& request, const AnswerContext& context);
// (A token rule's dres also carries "asri": true when dreq.asi was true: the AE is asked for
// its AuthorSign.)

// The dars for a sit 7 request: with asri, {"tids":[id],"signature":[…]} for the first token of
// tids that has a record ({} when none); with aus, a record for each token of tids issued to
// darq.or (absolute, relative to the requester) and unexpired, {"tids":[recorded]} ({} when
// none was).
model::Json answerRelationship(const RelationshipRequest& request, const Requester& requester,
                               IssuedTokens& issued, model::TimePoint now);

}  // namespace citadel::tools::das
