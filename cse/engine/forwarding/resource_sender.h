#pragma once
// Sends a primitive this CSE originates (a PDP consultation) to a resource on another CSE named
// by its ID — SP-relative "/id-in/cse-in/pdp" or absolute "//sp/id-in/cse-in/pdp" — along the
// route a forwarded request takes (resources/cse_routes.h): the next CSE's polling channel or
// its points of access in order, the next one tried when one cannot be reached (5103, 4008).
// The request's `to` is set to the ID; its rqi, originator and content are the caller's. An
// ID of this CSE, of another SP or without a route answers 4004 without sending anything.

#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/cse_routes.h"

namespace citadel::engine {

class ResourceSender final : public model::PrimitiveSender {
 public:
  // All three must outlive the sender; `sender` picks the binding by scheme and bounds the wait.
  ResourceSender(const resources::CseRoutes& routes, model::PrimitiveSender& sender,
                 const resources::CseIdentity& identity)
      : routes_(routes), sender_(sender), identity_(identity) {}

  // Never throws. Thread-safe.
  model::Response send(const std::string& resource_id, const model::Request& request) override;

 private:
  const resources::CseRoutes& routes_;
  model::PrimitiveSender& sender_;
  const resources::CseIdentity& identity_;
};

}  // namespace citadel::engine
