#pragma once
// Sends a request for another CSE to the next CSE on its route (TS-0004 §7.3.2.6) and answers
// with what comes back. Called only with an AuthorizedRequest whose route() is set: the
// pipeline admitted the originator and the AccessDecider made the transit decision.
//
// What the next CSE receives:
//  - `fr` SP-relative: a CSE-relative originator (this CSE's AE "Cae", its admin) gets this
//    CSE's CSE-ID in front ("/id-mn/Cae"); an SP-relative one (an AE behind a CSE that relayed
//    it) is kept. So a forwarded admin is an ordinary AE-ID there, never that CSE's admin.
//  - `rqi` replaced by an unguessable one of this CSE (random/random_id.h): the next hop's
//    answer is matched by it (MQTT), and an originator must not choose the ID that this CSE's
//    outgoing exchange is matched by. The originator's rqi is restored on the answer.
//  - relative rqet/rset/oet made absolute (relative ones would restart at every hop).
//  - rvi and vsi removed for a next CSE that lists Release 1 only.
//  - everything else as received: content, tokens (tkns, ltids), roles, filter criteria.
// The request goes to the next CSE's polling channel when it polls one here (rr false), else to
// the route's points of access in order; one that cannot be reached (5103,
// 4008 from the sender) lets the next one try; when none answers, 5103 TARGET_NOT_REACHABLE.
//
// Loops (a <remoteCSE> poa — written by that CSE — that leads back here, or two CSEs routing to
// each other): a request that arrives carrying the rqi of one of this CSE's own forwards in
// flight is that forward come back, and is answered 5103 at once; and at most `max_in_flight`
// forwards wait for their answers at a time (5103 beyond), so that no loop and no slow next
// hop holds more of the CSE than that.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "cse/model/clock.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/cse_routes.h"

namespace citadel::engine {

class RequestForwarder {
 public:
  // `sender` and `identity` must outlive the forwarder.
  RequestForwarder(model::PrimitiveSender& sender, const resources::CseIdentity& identity,
                   const model::Clock& clock, size_t max_in_flight = 64)
      : sender_(sender), identity_(identity), clock_(clock), max_in_flight_(max_in_flight) {}

  // `request` as the pipeline left it, `originator` its local form (RequestContext). Never
  // throws. Thread-safe.
  model::Response forward(const model::Request& request, const std::string& originator,
                          const resources::CseRoute& route) const;

  // The URI the sender is given for `to` at one point of access: http(s)/coap(s) take the
  // TS-0009 / TS-0008 path form ("/~/id-in/cse-in/x", "/_/sp/id-in/x"), mqtt(s) the target CSE
  // as topic component ("mqtt://host:1883/id-in"). "" for a scheme none of the senders serves.
  static std::string targetUri(const std::string& point_of_access, const std::string& to,
                               const std::string& next_cse_id);
  // Every URI to try for `to` along `route`, in order: the next CSE's <pollingChannel> when it
  // is request-unreachable and polls one here, then its points of access (targetUri each).
  static std::vector<std::string> targetUris(const resources::CseRoute& route,
                                             const std::string& to);

 private:
  model::Request outgoing(const model::Request& request, const std::string& originator,
                          const resources::CseRoute& route) const;

  // Registers `request_id` as in flight; false when `max_in_flight_` are already.
  bool enter(const std::string& request_id) const;
  void leave(const std::string& request_id) const;
  bool inFlight(const std::string& request_id) const;

  model::PrimitiveSender& sender_;
  const resources::CseIdentity& identity_;
  const model::Clock& clock_;
  const size_t max_in_flight_;
  mutable std::mutex mutex_;
  mutable std::unordered_set<std::string> in_flight_;  // rqis of this CSE's forwards
};

}  // namespace citadel::engine
