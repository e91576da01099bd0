#pragma once
// Authorization relationship mapping, the Hosting CSE's side (TS-0003 §7.3.2.2 steps 5–8 and
// §7.3.2.7, TS-0004 §7.5.1.2.14–15, m2m:dynAuthRelMapRequest/Response of §6.3.5.58–59): a DAS
// keeps, for a token it issued to an AE, the AE's AuthorSign (a signature or MIC over the token
// or its ID); when the AE comes back under a new AE-ID with the token's ID, the Hosting CSE asks
// the DAS for the recorded signature and moves the token to the new AE-ID once the AE presents
// the same AuthorSign.
//
//   record     AE -> CSEBase  NOTIFY {"m2m:seci":{"sit":7,"darq":{"aus":[…],"tids"|"tkns":[…]}}}
//              CSE -> DAS     the same, with darq.or = the AE's absolute ID
//   signature  CSE -> DAS     NOTIFY {"m2m:seci":{"sit":7,"darq":{"tids":[id],"asri":true}}}
//              DAS -> CSE     2000 {"m2m:seci":{"sit":8,"dars":{"tids":[id],"signature":[…]}}}
//
// Only tokens that a DAS issued through this CSE (LocalTokenStore::dasToken) take part, and each
// goes to the DAS that issued it. TS-0004 defines no short names for authorSigns,
// authorSignReqInfo and signature inside darq/dars: the primitive parameters' "aus" and "asri"
// are used, and "signature" keeps its long name.

#include <string>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/json.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "resources/cse_identity.h"
#include "security/authorization_services.h"
#include "security/token/token_claims.h"

namespace citadel::security {

// m2m:securityInfoType values of the exchange.
inline constexpr int kSitRelationshipMappingRequest = 7;
inline constexpr int kSitRelationshipMappingResponse = 8;

// At most this many entries in aus, tids and tkns, and a signature of at most this many bytes.
inline constexpr size_t kMaxRelationshipEntries = 16;
inline constexpr size_t kMaxAuthorSignBytes = 1024;

// m2m:dynAuthRelMapRequest as this CSE sends it.
struct RelationshipQuery {
  std::string originator;               // or: absolute; "" leaves it out
  std::vector<std::string> token_ids;   // tids
  std::vector<std::string> tokens;      // tkns
  std::vector<std::string> signatures;  // aus
  bool request_signature = false;       // asri
};

model::Request makeRelationshipNotify(const RelationshipQuery& query, const std::string& cse_id,
                                      const std::string& das_uri, std::string request_id);

// The signatures of a DAS's sit 8 answer ("signature"; none when the answer has none). A non-2xxx
// answer or a malformed one is an error Status: 4008 relmap.timeout, 4103 relmap.refused (4xxx),
// 5103 relmap.unreachable (5xxx), 4103 relmap.bad_answer.
model::Result<std::vector<std::string>> readRelationshipAnswer(const model::Response& response);

// True when one of `presented` equals one of `recorded`; each comparison is timing-safe.
bool authorSignMatches(const std::vector<std::string>& presented,
                       const std::vector<std::string>& recorded);

// TS-0004 §7.5.1.2.14: the AE's sit 7 NOTIFY to the <CSEBase>, `seci` its m2m:seci. Checked
// (4000 relmap.bad_request naming the member: only sit and darq; in darq only aus, tids, tkns;
// aus present; tids or tkns present; at most kMaxRelationshipEntries each), every token named
// must be one a DAS issued through this CSE to `originator` (4103 relmap.not_held), and each
// DAS gets its tokens with the AuthorSigns and darq.or. 2000 with {"m2m:seci":{"sit":8,"dars":
// {"tids":[…]}}} once every DAS accepted; the first DAS error otherwise (as
// readRelationshipAnswer names it).
model::Result<model::Response> forwardAuthorSigns(const AuthorizationServices& services,
                                                  const resources::CseIdentity& identity,
                                                  const model::Json& seci,
                                                  const std::string& originator,
                                                  model::TimePoint now);

// TS-0003 §7.3.2.7.1 step 6 on a cached token's claims: `holder_absolute` becomes its holder,
// and every acor entry of its privileges that named the previous holder (in any form) names the
// new one: the token's rights follow the AE to its new AE-ID, nothing else changes.
void moveToHolder(token::TokenClaims& claims, const std::string& holder_absolute,
                  const resources::CseIdentity& identity);

// TS-0004 §7.5.1.2.15: the signatures the DAS at `das_uri` recorded for `token_id`; empty when
// it has none, cannot be reached or answers anything but a sit 8.
std::vector<std::string> recordedAuthorSigns(const AuthorizationServices& services,
                                             const resources::CseIdentity& identity,
                                             const std::string& das_uri,
                                             const std::string& token_id);

}  // namespace citadel::security
