#pragma once
// The DAS side of the securityInfo exchange (TS-0004 m2m:securityInfo, TS-0003 §7.3.2.2):
//   request pc  {"m2m:seci":{"sit":1,"dreq":{"or":…,"trt":…,"op":…,"trid":…,"ppl"?,"orid"?,
//                "rfa"?,"tids"?,"oip"?}}}
//   response pc {"m2m:seci":{"sit":2,"dres":{"dai"?:{"gp":{"acr":[…]},"pl"?:…},"tkns"?:[…],
//                "asri"?:true}}}
// and of the authorization relationship mapping (TS-0004 §7.5.1.2.14–15, §6.3.5.58–59):
//   request pc  {"m2m:seci":{"sit":7,"darq":{"or"?:…,"tids"?:[…],"tkns"?:[…],"aus"?:[…],
//                "asri"?:true}}}
//   response pc {"m2m:seci":{"sit":8,"dars":{"tids"?:[…],"signature"?:[…]}}}
// Reading is strict about the members the decision uses and ignores members it does not know.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::tools::das {

// m2m:securityInfoType (sit) values used here.
inline constexpr int kSitDynamicAuthorizationRequest = 1;
inline constexpr int kSitDynamicAuthorizationResponse = 2;
inline constexpr int kSitRelationshipMappingRequest = 7;
inline constexpr int kSitRelationshipMappingResponse = 8;

// Caps on one request; the binding has already capped the body's size and depth.
inline constexpr size_t kMaxIdBytes = 512;     // or, trid and each list entry (= a token's ID cap)
inline constexpr size_t kMaxListEntries = 64;  // orid, rfa, tids

// m2m:dynAuthDasRequest.
struct DasRequest {
  std::string originator;                             // or: the originator being authorized
  std::optional<int64_t> target_resource_type;        // trt
  int64_t operation = 0;                              // op: 1..5
  std::string target_resource_id;                     // trid
  std::optional<std::string> proposed_lifetime;       // ppl (read, not used by the decision)
  std::vector<std::string> originator_role_ids;       // orid
  std::vector<std::string> request_full_addresses;    // rfa
  std::optional<std::vector<std::string>> token_ids;  // tids: the CSE fetches tokens by ID
  model::Json originator_ip;                          // oip (an object; null when absent)
  bool author_sign_indicator = false;                 // asi: the AE can send AuthorSigns
};

// m2m:dynAuthRelMapRequest.
struct RelationshipRequest {
  std::string originator;               // or: the AE that holds the tokens ("" when absent)
  std::vector<std::string> token_ids;   // tids
  std::vector<std::string> signatures;  // aus: record them (TS-0004 §7.5.1.2.14)
  bool signature_requested = false;     // asri: answer the recorded ones (§7.5.1.2.15)
};

// The sit of pc's m2m:seci; 0 when there is none.
int securityInfoTypeOf(const model::Json& content);

// The dreq of a request's pc. 4000 "das.bad_request" with a dbg naming the member
// ("dreq.op: expected an integer 1..5") when pc has no m2m:seci object, sit is not 1, dreq is
// not an object, or, in dreq: or / trid are missing, not strings, empty or over kMaxIdBytes;
// op is missing or not an integer 1..5; trt is not a non-negative integer; ppl is not a string;
// orid / rfa / tids are not arrays of non-empty strings (at most kMaxListEntries); oip is not
// an object. Strings with control characters are refused too (they would reach the log).
model::Result<DasRequest> parseDasRequest(const model::Json& content);

// The darq of a sit 7 request. 4000 "das.bad_request" naming the member when darq is not an
// object, or, in it: or is not an ID; tids / aus are not arrays of non-empty strings (at most
// kMaxListEntries); tkns is not an array of strings; asri is not a boolean; tids is missing
// (this DAS keeps records by token ID); neither aus nor asri=true is given, or both are.
model::Result<RelationshipRequest> parseRelationshipRequest(const model::Json& content);

// {"m2m:seci":{"sit":8,"dars":<dars>}}.
model::Json relationshipResponseContent(model::Json dars);

// {"m2m:seci":{"sit":2,"dres":<dres>}}; an empty `dres` object is a refusal.
model::Json dasResponseContent(model::Json dres);

}  // namespace citadel::tools::das
