#pragma once
// <node> (ty 14, m2m:nod), TS-0001 §9.6.18 / TS-0004 §7.4.18: the properties of a oneM2M node
// (its M2M-Node-ID, the CSE and AEs it hosts, its management client), the parent of its
// <mgmtObj> resources. Its CRUD procedures are the generic ones (TS-0004 §7.4.18.2); the value
// types are the attribute table's (resources/attribute_policies.cpp), and what is checked here
// is what the table cannot say.
//
// hostedAELinks, hostedCSELink and hostedServiceLinks are written by whoever manages the node:
// the spec asks no CSE to keep them in step with the nodeLink of <AE>/<remoteCSE> resources,
// and this CSE does not.

#include "resources/type_handler.h"

namespace citadel::resources {

// An implementation bound on each link list (hael, hsl).
inline constexpr size_t kMaxNodeLinks = 1000;
inline constexpr size_t kMaxNodeIdBytes = 1024;

class NodeType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kNode; }
  // 4000 naming the attribute: an empty nodeID or one over kMaxNodeIdBytes, an empty link, or
  // more than kMaxNodeLinks entries in hael or hsl.
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& content) const override;
};

}  // namespace citadel::resources
