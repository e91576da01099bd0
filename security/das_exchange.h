#pragma once
// The primitives of a dynamic authorization exchange (TS-0004 §6.3.5.44–48, TS-0001 §11.5.2):
// the NOTIFY a Hosting CSE sends a DAS with m2m:securityInfo {sit 1, dreq}, and the DAS's
// answer {sit 2, dres}. Pure functions; the stage does the sending.

#include <optional>
#include <string>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "resources/cse_identity.h"
#include "security/request_context.h"

namespace citadel::security {

// m2m:dynAuthDasRequest: who wants to do what to which resource.
struct DasQuery {
  std::string originator;     // or (absolute)
  uint16_t target_type = 0;   // trt
  int operation = 0;          // op (1 C .. 5 N)
  std::string target_id;      // trid (the target's resource ID)
  std::string originator_ip;  // oip.ip4 / oip.ip6 ("" when unknown)
  std::vector<std::string> roles;      // orid: the originator's valid roles
  std::vector<std::string> token_ids;  // tids: tokens to fetch (indirect authorization)
  std::string preferred_lifetime;      // ppl (the DAC's dal), "" when none
  model::TimePoint request_time;       // rts
  // asi: the originator (an AE) can create an authorization relationship mapping record
  // (TS-0004 §7.5.1.2.10 optional item i).
  bool author_sign_indicator = false;
};

// The query for the request in `context` (originator, operation, its resolved target, peer
// address and valid roles) at `now`.
DasQuery dasQueryFor(const RequestContext& context, const resources::CseIdentity& identity,
                     model::TimePoint now);

// A NOTIFY from `cse_id` to the DAS at `das_uri` with {"m2m:seci":{"sit":<sit>,<member>:<body>}}
// (also the relationship mapping's, relationship_mapping.h).
model::Request makeSecurityInfoNotify(int sit, const char* member, model::Json body,
                                      const std::string& cse_id, const std::string& das_uri,
                                      std::string request_id);

// The NOTIFY for `query`, from `cse_id` to the DAS at `das_uri`.
model::Request makeDasNotify(const DasQuery& query, const std::string& cse_id,
                             const std::string& das_uri, std::string request_id);

// m2m:dynAuthDasResponse, read defensively: the DAS is another party.
struct DasAnswer {
  std::optional<model::Json> privileges;  // dai.gp (m2m:setOfAcrs), validated
  std::optional<model::TimePoint> until;  // dai.pl resolved; nullopt: this request only
  std::vector<std::string> tokens;        // tkns (compact JWS; verified by the caller)
  // asri: the DAS asks the originator for the AuthorSigns of these tokens (TS-0003 §7.3.2.2
  // step 3.2); passed on in the response to the originator.
  bool author_sign_requested = false;
};

// 2000 with pc {"m2m:seci":{"sit":2,"dres":{…}}} (or no content: nothing granted) → DasAnswer.
// Anything else is an error Status whose reason names it: das.timeout (4008), das.unreachable
// (5103 and other 5xxx), das.refused (a 4xxx answer), das.bad_answer (malformed content).
model::Result<DasAnswer> readDasAnswer(const model::Response& response, model::TimePoint now);

}  // namespace citadel::security
