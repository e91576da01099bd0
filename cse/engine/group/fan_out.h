#pragma once
// A request to a <group>'s <fanOutPoint> (TS-0004 §7.4.14, TS-0001 §10.2.7.6-.10), once the
// pipeline has admitted it on the group's macp (security/access_decider.h): sent to every
// member, each member's answer gathered into one m2m:aggregatedResponse.
//
// Each member request is the original one with `to` = the memberID (plus the path the request
// named after ".../fopt"), the same From, tokens and roles, blocking, and the Group Request
// Identifier `gid`; it goes through `handler` (the engine's RequestProcessor), so that the whole
// security pipeline runs again for it and the member's own policies decide. No privilege is
// gained by going through a group. A member on another CSE is answered as the resolver answers
// it (the forwarding of inter-CSE requests serves it where a route exists).
//
// The answer (§7.4.14.2.5): 2000 with {"m2m:agr": {"m2m:rsp": [...]}}, one m2m:rsp per member
// (its rsc, rqi, pc, and fr = the memberID), whatever each member answered; a member that is
// itself a fanOutPoint contributes its members' entries (flattened). Errors: 4109 NO_MEMBERS;
// 4000 when grtm names an ID that is neither a member nor a member of a sub-group; 5209
// GROUP_MEMBERS_NOT_RESPONDED when rqet passes before any member was asked.
//
// Bounds: a member not yet asked when rqet passes is left out (its answer would come too late,
// §7.4.14.2.5); fanOutPoints nest at most kMaxDepth deep (4000 beyond), besides the gid check
// that stops loops (group_request_registry.h); the aggregated content is at most
// `max_aggregated_bytes` (limits.maxResponseBytes): past it a RETRIEVE member's entry is 5000 with a dbg saying so (nothing
// lost: the originator asks that member again, e.g. with grtm), and a write's entry keeps its
// rsc without pc (the write happened; its representation is what is left out).
//
// Thread-safety: run may be called on many threads at once; nested fan-outs run on the calling
// thread (the depth is counted per thread).

#include <cstddef>
#include <string>

#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "cse/model/request.h"
#include "cse/model/response.h"
#include "resources/resource_resolver.h"

namespace citadel::engine {

class FanOut {
 public:
  static constexpr int kMaxDepth = 8;

  FanOut(resources::ResourceResolver& resolver, const model::Clock& clock,
         size_t max_aggregated_bytes)
      : resolver_(resolver), clock_(clock), max_aggregated_bytes_(max_aggregated_bytes) {}

  // `target` is the request's resolved fanOutPoint (its group and the path after fopt); `gid`
  // the Group Request Identifier every member request carries (the request's own, or one the
  // caller made and recorded for this fanOutPoint).
  model::Response run(const model::Request& request, const resources::ResolvedTarget& target,
                      const std::string& gid, model::PrimitiveHandler& handler);

 private:
  model::Result<std::vector<std::string>> addressedMembers(const model::Request& request,
                                                           const model::Json& mid);

  resources::ResourceResolver& resolver_;
  const model::Clock& clock_;
  const size_t max_aggregated_bytes_;
};

}  // namespace citadel::engine
