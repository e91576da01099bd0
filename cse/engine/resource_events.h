#pragma once
// What the dispatcher tells the rest of the engine about changes to the tree, after each commit
// (and, for a new <subscription>, before it: verification may refuse it). Implemented by the
// notification service; the dispatcher knows only this interface.

#include <string>
#include <vector>

#include "cse/model/request.h"
#include "resources/resource.h"

namespace citadel::engine {

class ResourceEventListener {
 public:
  virtual ~ResourceEventListener() = default;
  // Before a <subscription> with resource ID `ri` is created (`previous` nullptr) or updated
  // (`previous`: its stored attributes; only new targets are verified), without any lock held.
  // An error refuses the request (5204 when verification fails).
  virtual model::Status verifySubscription(const model::Json& attributes, const std::string& ri,
                                           const std::string& originator,
                                           const model::Json* previous) = 0;
  // Before an UPDATE of `current` commits, with its record lock held (so no other UPDATE or
  // DELETE of it runs meanwhile): `updated` is the resource as the UPDATE would leave it and
  // `changes` the request's attributes. The one call that waits on the network: a subscription
  // of notificationEventType 7 (Blocking_Update) whose criteria match is notified and its answer
  // (or the sender's timeout) awaited (TS-0004 §7.5.1.2.19). OK lets the UPDATE commit; an
  // error is the UPDATE's answer and nothing is changed (TS-0004 §7.3.2.9).
  virtual model::Status beforeUpdate(const resources::Resource& current,
                                     const resources::Resource& updated,
                                     const model::Json& changes) {
    (void)current;
    (void)updated;
    (void)changes;
    return {};
  }
  // After commit. The listener must not block on the network: delivery is asynchronous.
  virtual void created(const resources::Resource& parent, const resources::Resource& child) = 0;
  virtual void updated(const resources::Resource& resource, const model::Json& changes) = 0;
  // A RETRIEVE addressed a <container> (or its la/ol) that holds no instance: the event of
  // notificationEventType 5 (TS-0004 §6.3.4.2.19).
  virtual void emptyContainerRetrieved(const resources::Resource& container) = 0;
  // `removed` holds the deleted root first, then its whole subtree.
  virtual void deleted(const resources::Resource& parent,
                       const std::vector<resources::Resource>& removed) = 0;
  // An authorized request addressed `target` (for CREATE: the parent), after it was handled,
  // whether it succeeded or not: the events of operationMonitor (enc.om, TS-0001 Table 9.6.8-2).
  virtual void operationRequested(const resources::Resource& target,
                                  const model::Request& request) {
    (void)target;
    (void)request;
  }
};

}  // namespace citadel::engine
