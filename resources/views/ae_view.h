#pragma once
// Typed reads of an <AE> (ty 2, TS-0001 §9.6.5). Never throws; defaults as in
// attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class AeView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  std::string aeId() const { return string("aei"); }                             // aei
  std::vector<std::string> pointsOfAccess() const { return stringList("poa"); }  // poa
  bool requestReachability() const { return boolean("rr", false); }              // rr
  // regs (Release 4 registrationStatus); 1 when unset.
  int64_t registrationStatus() const { return integer("regs", 1); }
};

}  // namespace citadel::resources
