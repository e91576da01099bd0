#pragma once
// Where a subscription's notifications go: each notificationURI (nu) entry resolved to the URLs
// a PrimitiveSender can send to. A URL stays as it is; a oneM2M ID names a local AE, notified at
// its pointOfAccess (TS-0004 §7.3.3.9).
//
// Thread-safety: const and stateless besides the resolver; safe from any thread if the resolver
// is (it reads the store only).

#include <string>
#include <vector>

#include "cse/model/request.h"
#include "resources/resource.h"
#include "resources/cse_routes.h"
#include "resources/resource_resolver.h"

namespace citadel::engine {

// True when `s` is a URL (has a scheme) rather than a oneM2M ID.
bool isNotificationUrl(const std::string& s);

// One URL a notification goes to, and what the receiver understands.
struct ResolvedTarget {
  std::string url;
  // The target is an AE whose srv lists Release 1 only (TS-0001 Table 9.6.5-3): what is sent to
  // it carries no rvi and only Release 1 attributes (TS-0004 §7.3.2.6). A URL is not known to
  // be Release 1.
  bool release1 = false;
  // For an AE behind another CSE: the `to` of the NOTIFY (its SP-relative AE-ID), which the
  // next CSE on the route re-targets to the AE (TS-0004 §7.3.2.6, §7.3.3.9.1). "" otherwise.
  std::string to;

  // Shapes `request` for this target: for a Release 1 AE, rvi removed and the content
  // restricted to Release 1 attributes (codec::restrictToRelease1).
  void adapt(model::Request& request) const;
};

// An AE whose srv lists Release 1 only.
bool isRelease1Entity(const resources::Resource& ae);

class NotificationTargets {
 public:
  explicit NotificationTargets(resources::ResourceResolver& resolver) : resolver_(resolver) {}
  // Routes to other CSEs: an ID of an AE on another CSE ("/id-mn/Cae") is then notified through
  // the next CSE on its route (each of that CSE's points of access, `to` the AE-ID). nullptr
  // (the default): such an ID is skipped. Set before use; must outlive this object.
  void setRoutes(const resources::CseRoutes* routes) { routes_ = routes; }

  // The URLs for one nu entry (an AE with rr false and a <pollingChannel>: its channel,
  // polling/polling_channel_sender.h): a URL as it is (a ct= hint included, the sender reads it); for an
  // ID, the first URL in the poa of that local, request-reachable (rr) AE, with the AE-ID as the
  // path of an MQTT poa, and for HTTP/CoAP a ct= hint naming the first serialization of the AE's
  // csz that this CSE writes (TS-0004 §7.5.1.1). Empty (and logged) when the ID is no local AE,
  // rr is false or the AE has no URL poa.
  std::vector<ResolvedTarget> resolve(const std::string& uri_or_id) const;
  // Every URL point of access of the local, request-reachable AE `id`, in its poa order, shaped
  // as resolve() shapes the first (a NOTIFY re-targeted to the AE tries them in turn, TS-0004
  // §7.3.3.9.1). Empty (and logged) as for resolve().
  std::vector<ResolvedTarget> pointsOfAccess(const std::string& id) const;
  // The nu entries of `subscription` (the Notification Targets, unresolved), in order.
  static std::vector<std::string> entries(const resources::Resource& subscription);

 private:
  std::vector<ResolvedTarget> throughRoute(const std::string& id) const;

  resources::ResourceResolver& resolver_;
  const resources::CseRoutes* routes_ = nullptr;
};

}  // namespace citadel::engine
