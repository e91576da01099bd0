#pragma once
// Typed reads of a <group> (ty 9, TS-0001 §9.6.13). Never throws; defaults as in
// attribute_reader.h.

#include "resources/types/group.h"
#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class GroupView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  std::vector<std::string> memberIds() const { return stringList("mid"); }  // mid
  int64_t maxNrOfMembers() const { return integer("mnm", 0); }              // mnm
  int64_t currentNrOfMembers() const { return integer("cnm", 0); }          // cnm
  // mt; 0 ("mixed", TS-0004 Table 6.3.4.2.11-1) when unset.
  int64_t memberType() const { return integer("mt", kMixedMemberType); }
  // csy; ABANDON_MEMBER (TS-0004 Table 6.3.4.2.12-1) when unset.
  int64_t consistencyStrategy() const {
    return integer("csy", static_cast<int64_t>(ConsistencyStrategy::kAbandonMember));
  }
};

}  // namespace citadel::resources
