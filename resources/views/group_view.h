#pragma once
// Typed reads of a <group> (ty 9, TS-0001 §9.6.13). Never throws; defaults as in
// attribute_reader.h.

#include <optional>
#include <string>
#include <vector>

#include "resources/types/group.h"
#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class GroupView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  std::vector<std::string> memberIds() const { return stringList("mid"); }  // mid
  // The binding of each mid entry (kMemberBindingsField), in mid's order: the local resource ID
  // it names, "" for an entry on another CSE, nullopt for a local address that named nothing.
  // nullopt as a whole for a record written before bindings existed (or one whose bindings do
  // not match mid): its members are then matched by their IDs as written.
  std::optional<std::vector<std::optional<std::string>>> memberBindings() const {
    const Json* bindings = find(kMemberBindingsField);
    const Json* mid = find("mid");
    if (bindings == nullptr || mid == nullptr || !bindings->is_array() || !mid->is_array() ||
        bindings->size() != mid->size()) {
      return std::nullopt;
    }
    std::vector<std::optional<std::string>> out;
    out.reserve(bindings->size());
    for (const auto& binding : *bindings) {
      out.push_back(binding.is_string() ? std::optional(binding.get<std::string>())
                                        : std::nullopt);
    }
    return out;
  }
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
