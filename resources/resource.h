#pragma once
// A resource as stored: its attributes under their short names, plus CSE-internal fields whose
// names start with '_' (never sent on the wire, never accepted from it).

#include <string>
#include <string_view>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "cse/model/types.h"

namespace citadel::resources {

using model::Json;
using model::ResourceType;

// Internal field names.
inline constexpr std::string_view kCreatorField = "_cr";      // originator of the CREATE
inline constexpr std::string_view kPathField = "_p";          // structured CSE-relative ID
inline constexpr std::string_view kOldestSeqField = "_old";   // lower bound of instance seqs
// A <group>'s member bindings, one per memberIDs entry (resources/types/group_members.h): the
// resource ID the entry named when it was written, "" for an entry on another CSE, null for a
// local address that named nothing. Indexed (gm/, key_layout.h) so a deletion finds its groups.
inline constexpr std::string_view kMemberBindingsField = "_mb";

struct Resource {
  Json attributes = Json::object();

  ResourceType type() const { return static_cast<ResourceType>(attributes.value("ty", 0)); }
  std::string ri() const { return attributes.value("ri", ""); }
  std::string rn() const { return attributes.value("rn", ""); }
  std::string pi() const { return attributes.value("pi", ""); }
  // The structured CSE-relative ID ("cse-in/ae/cnt").
  std::string path() const { return attributes.value(std::string(kPathField), ""); }
  std::string creator() const { return attributes.value(std::string(kCreatorField), ""); }
  // acpi entries; empty when the attribute is absent or empty.
  std::vector<std::string> acpi() const;
  int64_t intAttribute(std::string_view name, int64_t fallback) const;
  bool has(std::string_view name) const { return attributes.contains(name); }
};

// The record format in the store (CBOR of the attribute object).
std::string encodeRecord(const Resource& resource);
model::Result<Resource> decodeRecord(std::string_view bytes);

// The attributes a client may see: internal fields removed.
Json publicAttributes(const Resource& resource);
// The same from a resource that is not needed afterwards: its attributes are moved, not copied.
Json publicAttributes(Resource&& resource);

}  // namespace citadel::resources
