#pragma once
// Typed reads of an <accessControlPolicy> (ty 1, TS-0001 §9.6.2). Never throws; an attribute of
// the wrong JSON type reads as its default.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class AcpView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  // pv: the m2m:setOfAcrs governing the resources that name this ACP; {} when unset.
  const Json& privileges() const { return object("pv"); }
  // pvs: the m2m:setOfAcrs governing this ACP itself; {} when unset.
  const Json& selfPrivileges() const { return object("pvs"); }
};

}  // namespace citadel::resources
