#pragma once
// The records an access decision reads besides its resource (the governing parent of a
// contentInstance, the <accessControlPolicy>s named by acpi), kept for one read-only pass over
// many resources: a discovery or a child list decides 100 instances of one container, and
// should load that container and its ACPs once, not 100 times (issue 25: discovery by label).
//
// Contract: one cache per request pass, on one thread (not thread-safe). Only for passes that
// write nothing: a record cached before a write of the same request would be stale. Errors are
// never cached. Bounded: past kMaxRecords, records are loaded into the caller's scratch and
// not kept.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cse/model/status.h"
#include "resources/resource.h"

namespace citadel::security {

class PolicyReadCache {
 public:
  static constexpr size_t kMaxRecords = 256;
  enum class Kind { kParent, kPolicy };  // a parent by ri; a policy by the ID acpi holds

  // The record of `kind` named `id`: the cached one, or what `load` returns (kept when there is
  // room, else moved into `scratch`). The pointer stays valid until the cache is destroyed, or,
  // when it is `&scratch`, as long as `scratch`.
  model::Result<const resources::Resource*> get(
      Kind kind, std::string_view id,
      const std::function<model::Result<resources::Resource>()>& load,
      resources::Resource& scratch);

 private:
  std::unordered_map<std::string, resources::Resource> records_;
};

}  // namespace citadel::security
