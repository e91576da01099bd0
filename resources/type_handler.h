#pragma once
// One handler per resource type (STYLE.md §4). The engine runs the generic CREATE / UPDATE /
// DELETE procedures of TS-0004 §7.3 and calls these hooks at fixed points; a type overrides only
// the hooks it needs. Hooks never commit: they stage into the batch of the primitive.

#include <chrono>
#include <functional>
#include <string_view>

#include "cse/model/clock.h"
#include "cse/model/request.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"
#include "resources/type_descriptor.h"

namespace citadel::resources {

// Whether the request's originator may RETRIEVE a resource (its ACPs, roles, tokens): for hooks
// that read other resources on the originator's behalf (a <group>'s members). The engine always
// sets it; empty means no check (unit tests of a type alone).
using RetrievePrivilege = std::function<bool(const Resource&)>;

// State of one CREATE while the parent's lock is held.
struct CreateContext {
  const model::Request& request;
  const std::string& originator;  // normalised `fr`
  Resource& parent;               // fresh copy read under the lock
  bool parent_modified = false;   // set by hooks that changed `parent`
  Resource& child;                // the new resource, generic attributes already assigned
  storage::WriteBatch& batch;
  ResourceRepository& repository;
  model::TimePoint now;
  RetrievePrivilege may_retrieve = {};
  // Set by a parent hook when the new child will be read again soon (a container with a small
  // mni evicts it within mni CREATEs): the engine then keeps it in the record cache with the
  // write, and the eviction finds it there.
  bool child_read_soon = false;
};

// State of one UPDATE while the target's lock is held.
struct UpdateContext {
  Resource& resource;             // already carries the new attribute values
  const model::Json& changes;     // the attributes of the request
  storage::WriteBatch& batch;
  ResourceRepository& repository;
  model::TimePoint now;
  RetrievePrivilege may_retrieve = {};
};

class TypeHandler {
 public:
  virtual ~TypeHandler() = default;
  virtual ResourceType type() const = 0;
  // This type's row of the descriptor table (resources/type_descriptor.h). Every handler has
  // one: the table is where a type is declared.
  const TypeDescriptor& descriptor() const;
  // The JSON root element: "m2m:cnt".
  std::string_view rootName() const { return descriptor().short_name; }
  // Prefix of CSE-assigned resource IDs: "cnt".
  std::string_view idPrefix() const { return descriptor().id_prefix; }
  // True when the descriptor of `child` lists this type among its parents.
  bool allowsChild(ResourceType child) const { return resources::allowsChild(type(), child); }
  // False for types governed by their parent's ACPs (contentInstance) or by their own pvs (ACP).
  bool hasAccessControlPolicyIds() const { return descriptor().has_acpi; }
  // True for types with a stateTag (st) that advances on every modification.
  bool hasStateTag() const { return descriptor().has_state_tag; }

  // Stateless checks of a new resource's attributes, before any lock (4000 on bad values).
  virtual model::Status validateCreate(const model::Json& attributes) const { return {}; }
  // Assigns the resource ID of a new resource, before any lock. The default is prefix + random
  // characters; an <AE>'s ID comes from the registration rules instead (4000 on a bad From).
  virtual model::Result<std::string> assignResourceId(const std::string& originator) const;
  // The same, for types whose ID comes from the request's attributes (a <remoteCSE>'s csi); the
  // default ignores them. The engine calls this one.
  virtual model::Result<std::string> assignResourceId(const std::string& originator,
                                                      const model::Json& attributes) const {
    return assignResourceId(originator);
  }
  // Whether assignResourceId may return an ID the originator chose (an AE-ID), which the store
  // must then check for uniqueness; false for IDs drawn at random here.
  virtual bool resourceIdChosenByOriginator() const { return false; }
  // Under the parent's lock, once the generic attributes are assigned: the new resource's own
  // type fills in what it derives (an <AE>'s aei, a contentInstance's cs).
  virtual model::Status prepareCreate(CreateContext& context) const { return {}; }
  // Under the parent's lock, before the new child is staged. The parent's handler reacts to a
  // new child (a container trims old instances, keeps cni/cbs exact and advances st).
  virtual model::Status childWillBeAdded(CreateContext& context) const { return {}; }
  // Stateless checks of an UPDATE, given the request's whole content {"<root>": {...}} before
  // its shape is checked (4005 for immutable types).
  virtual model::Status validateUpdate(const model::Json& changes) const { return {}; }
  // Under the target's lock, after the new values are applied (a container re-applies limits).
  virtual model::Status onUpdated(UpdateContext& context) const { return {}; }
  // Under the parent's lock: a direct child is being deleted (counters go down).
  virtual model::Status childWillBeRemoved(Resource& parent, const Resource& child,
                                           storage::WriteBatch& batch) const {
    return {};
  }
  // 4005 when resources of this type may not be deleted through the API (CSEBase).
  virtual model::Status validateDelete() const { return {}; }
};

// A random ID of `length` characters from [a-zA-Z0-9], prefixed: 71 bits from the CSPRNG at 12
// (cse/random), so that one ID says nothing about the next.
std::string randomResourceId(std::string_view prefix, size_t length = 12);

// Characters of the creation time in timeOrderedResourceId: milliseconds since 1970 in base 62,
// enough until the year 5400.
inline constexpr size_t kTimeOrderedDigits = 7;
// `prefix`, the creation time (kTimeOrderedDigits characters, ordered so that the IDs of later
// milliseconds sort after), then `length` random characters as randomResourceId draws them.
// For the types created at high rates (contentInstance): their store keys then arrive in order
// and the store appends them (issue 25 #4); the random part keeps them as unguessable as any.
std::string timeOrderedResourceId(std::string_view prefix,
                                  std::chrono::system_clock::time_point now, size_t length = 12);

}  // namespace citadel::resources
