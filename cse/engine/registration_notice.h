#pragma once
// Deregistration seen from the other side (TS-0001 §10.2.2.10: "The Deregistration procedure
// ... can be initiated by either Registree CSE or Registrar CSE" and deletes a <remoteCSE> on
// both): when a <remoteCSE> is deleted here by anyone but the CSE it represents (the admin),
// that CSE is sent a DELETE of its <remoteCSE> of this CSE, so that both records go. When the
// represented CSE itself deleted it, it knows already: nothing is sent (and so no DELETE ever
// bounces back and forth).
//
// The DELETE goes straight to the deleted record's first poa (its route went with the record),
// From = this CSE's CSE-ID; the other CSE names its record of this CSE by this CSE-ID without
// '/' (as Citadel does; another CSE that names it otherwise answers 4004, which is logged). The
// answer is awaited (bounded by the sender's timeout) after the DELETE here has committed.
//
// Thread-safety: stateless; any thread.

#include <string>

#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/resource.h"

namespace citadel::engine {

class RegistrationNotice {
 public:
  // `sender` is the CSE's outgoing sender (by scheme); both must outlive this object.
  RegistrationNotice(const resources::CseIdentity& identity, model::PrimitiveSender& sender)
      : identity_(identity), sender_(sender) {}

  // `removed` is a <remoteCSE> just deleted by `originator` (local form).
  void remoteCseDeleted(const resources::Resource& removed, const std::string& originator);

 private:
  const resources::CseIdentity& identity_;
  model::PrimitiveSender& sender_;
};

}  // namespace citadel::engine
