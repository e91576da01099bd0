#pragma once
// Resolves a `to` parameter (any addressing form, TS-0001 §7.2) to a stored resource, to a
// container plus a virtual child (la/ol), or to a <group> plus its <fanOutPoint> (fopt) and the
// path appended after it (TS-0004 §7.4.14.1).

#include <string_view>

#include "cse/model/address.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"

namespace citadel::resources {

enum class VirtualResource : uint8_t {
  kNone,
  kLatest,
  kOldest,
  kFanOutPoint,
  kPollingChannelUri,  // "pcu" of a <pollingChannel> (TS-0004 §7.4.22); the record is the channel
};

struct ResolvedTarget {
  // The addressed resource; for a virtual child, its parent. The repository's shared,
  // immutable record: resolving a target copies nothing (issue 25 #4); a handler that changes
  // the resource works on its own copy (or reloads it under the parent's lock).
  std::shared_ptr<const Resource> record;
  const Resource& resource() const { return *record; }
  VirtualResource virtual_resource = VirtualResource::kNone;
  std::string attribute;  // `#attr` partial-retrieve suffix, if any
  // kFanOutPoint: the path after ".../fopt/" ("" for the fopt itself), appended to each
  // member's ID when the request is fanned out. Not resolved here: it names members' children.
  std::string fan_out_path;
};

class ResourceResolver {
 public:
  ResourceResolver(ResourceRepository& repository, const CseIdentity& identity)
      : repository_(repository), identity_(identity) {}

  // 4000 for a malformed `to`; 4004 with reason "target.not_local" when it names another CSE
  // or SP (no <remoteCSE> route: TS-0004 §7.3.2.6); 4004 when nothing is there; 5000 on a
  // storage fault.
  Result<ResolvedTarget> resolve(std::string_view to);
  // Resolves an ID found inside a resource (acpi entries and the like): same forms as `to`.
  Result<Resource> resolveId(std::string_view id);
  // This CSE's M2M-SP-ID (without "//").
  const std::string& spId() const { return identity_.sp_id; }

 private:
  Result<ResolvedTarget> resolveRelative(std::string_view relative);
  ResourceRepository& repository_;
  const CseIdentity& identity_;
};

}  // namespace citadel::resources
