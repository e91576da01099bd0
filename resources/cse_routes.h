#pragma once
// Where a request for another CSE goes next (TS-0004 §7.3.2.6 Forwarding): the <remoteCSE>
// whose CSE-ID (csi) or one of whose descendantCSEs (dcse) is the target's CSE-ID; when none
// matches, this CSE's Registrar — unless this CSE is an IN-CSE (it has none) or the request came
// from that Registrar ("the CSE shall not forward the request": 4004). Read from the <remoteCSE>
// records, so a route exists exactly while the registration does.
//
// A <remoteCSE>'s poa is written by the CSE it represents, authenticated when it registered:
// forwarding sends there what was addressed to that CSE, as a notification goes to a URL an
// authorized subscriber chose. Routing decides nothing about privileges: the transit decision
// is AccessDecider::decideRequest's (the request's context carries the route).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"

namespace citadel::resources {

struct CseRoute {
  std::string next_cse_id;  // the CSE the request is sent to: "/id-in"
  std::string target_cse_id;  // the CSE `to` names: "/id-asn" (== next_cse_id when direct)
  std::vector<std::string> points_of_access;  // the next CSE's poa, TLS/DTLS ones first
  bool release1 = false;      // the next CSE lists only Release 1 (srv): no rvi/vsi for it
  bool via_registrar = false;  // no <remoteCSE> matched: the Registrar fall-back
  // The next CSE is request-unreachable (rr false) and long-polls its <pollingChannel> here:
  // that channel's resource ID, tried before any poa (TS-0001 §10.2.5.17). "" otherwise.
  std::string polling_channel;
};

// Whether the <remoteCSE> `remote` lists `cse_id` among its descendantCSEs (dcse).
bool listsDescendant(const Resource& remote, std::string_view cse_id);

class CseRoutes {
 public:
  // `registrar_cse_id`: this CSE's Registrar ("/id-in"), "" for none (an IN-CSE, or an MN/ASN
  // not configured to register).
  CseRoutes(ResourceRepository& repository, const CseIdentity& identity,
            std::string registrar_cse_id)
      : repository_(repository), identity_(identity), registrar_(std::move(registrar_cse_id)) {}

  // The route to `target_cse_id` (SP-relative, "/id-x") for a request whose relaying CSE, if
  // any, is `came_from` ("/id-in"; "" when it came from an AE or was originated here). nullopt:
  // no route (the caller answers 4004). 5000 on a storage fault. Thread-safe.
  model::Result<std::optional<CseRoute>> routeTo(std::string_view target_cse_id,
                                                 std::string_view came_from) const;

  const std::string& registrar() const { return registrar_; }

 private:
  model::Result<std::optional<CseRoute>> directRoute(std::string_view cse_id,
                                                     std::string_view target) const;

  ResourceRepository& repository_;
  const CseIdentity& identity_;
  const std::string registrar_;
};

// The CSE that relayed a request, judged from its originator ("/id-mn/Cae" or "/id-mn": "/id-mn";
// "Cae", "CAdmin": ""): the CSE-ID portion of an SP-relative originator. Only meaningful after
// the identity stage admitted that originator (a relayed AE-ID is admitted only from its CSE).
std::string relayingCse(std::string_view originator);

}  // namespace citadel::resources
