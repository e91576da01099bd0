#pragma once
// The exchange every distributed-authorization request shares (TS-0003 §7.5.2-7.5.4): an
// UPDATE of an authorization resource on another CSE (<authorizationDecision>,
// <authorizationPolicy>, <authorizationInformation>) whose attributes are the request, and the
// UPDATE answer whose attributes carry the result. The answer is read as another party's:
// only a 2004 for the request sent (rqi echoed), from the addressed CSE when it names one, with
// the resource's root object and an integer status (sus) counts.

#include <cstdint>
#include <string>
#include <string_view>

#include "cse/model/json.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "resources/cse_identity.h"

namespace citadel::security {

// The UPDATE of `target` (the resource's SP-relative or absolute ID) from this CSE, with an
// unguessable rqi starting with `rqi_prefix` (only the addressee can answer it: issue 15 #2) and
// content {`root`: `attributes`}.
model::Request authorizationUpdate(const std::string& target,
                                   const resources::CseIdentity& identity,
                                   std::string_view rqi_prefix, std::string_view root,
                                   model::Json attributes);

struct AuthorizationAnswer {
  enum class Kind {
    kNoAnswer,  // not a 2004: not reached, silent, not there, refused — ask the next one
    kUnusable,  // a 2004 that is not an answer to `sent`: ask no other
    kResult,    // `result` and `status` are set
  };
  Kind kind = Kind::kNoAnswer;
  const model::Json* result = nullptr;  // the {root} object of the answer (kResult)
  int64_t status = 0;                   // its sus (kResult)
  std::string_view why;                 // what was wrong (kUnusable)
};

// The answer in `response` to `sent` (made by authorizationUpdate with `root`). `result` points
// into `response`, which must outlive it.
AuthorizationAnswer readAuthorizationAnswer(const model::Response& response,
                                            const model::Request& sent, std::string_view root,
                                            const resources::CseIdentity& identity);

// The CSE-ID part of an SP-relative or absolute ID ("/id-in/cse-in/pdp", "//sp/id-in" ->
// "/id-in"); "" for another SP's or a CSE-relative one.
std::string cseOfId(std::string_view id, const resources::CseIdentity& identity);

}  // namespace citadel::security
