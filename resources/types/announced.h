#pragma once
// The announced resource types (TS-0001 §9.6.26, TS-0004 §7.4.26): <accessControlPolicyAnnc>,
// <AEAnnc>, <containerAnnc>, <contentInstanceAnnc>, <CSEBaseAnnc>, <groupAnnc> — one handler,
// parameterised by the type. An announced resource is a copy of another CSE's resource, made
// and kept in step by that CSE (the original's Hosting CSE): its `lnk` names the original.
//
// What is checked where:
//  - here: the link's form (SP-relative or absolute: it names the CSE that owns the resource),
//    and for <accessControlPolicyAnnc> the rule sets, as for an <accessControlPolicy> (the
//    announced policy decides at this CSE: security/access_decider.cpp).
//  - in the AccessDecider: only the CSE the link names creates, updates and deletes it
//    (TS-0004 §7.4.26.2.4/.5, Recv-6.3 replaced), and only under its own <CSEBaseAnnc>, an
//    announced parent of its own or its <remoteCSE>.

#include <string>
#include <string_view>

#include "resources/type_handler.h"

namespace citadel::resources {

class AnnouncedType final : public TypeHandler {
 public:
  // `type` is one of the announced types of the descriptor table.
  AnnouncedType(ResourceType type, const CseIdentity& identity)
      : type_(type), identity_(identity) {}
  ResourceType type() const override { return type_; }
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& content) const override;

 private:
  ResourceType type_;
  const CseIdentity& identity_;
};

// The CSE a link (an original resource's address) names, in the form a request's originator
// takes after the identity stage (security/originator_id.h localOriginator): "/id-mn" for
// "/id-mn/cse-mn/ae" and for "//<our SP>/id-mn/x"; "//sp2/id-x" for another SP's CSE. "" for a
// CSE-relative or malformed link (which names no CSE).
std::string linkedCseId(std::string_view link, const CseIdentity& identity);

}  // namespace citadel::resources
