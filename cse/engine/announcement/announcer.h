#pragma once
// The original resource Hosting CSE's side of announcement (TS-0001 §9.6.26, §10.2.13;
// TS-0004 §7.3.3.10 and §7.3.3.11): announceTo (at) and announcedAttribute (aa) on an
// announceable resource (AE, container, contentInstance, accessControlPolicy, group) make this
// CSE create, keep in step and delete its announced variant on other CSEs.
//
// What it sends, always as this CSE (From = its CSE-ID), through the local pipeline like any
// request this CSE originates (the internal binding): a `to` on another CSE is routed and
// forwarded there (engine/forwarding), so an announcement reaches a CSE wherever the
// registration tree leads, over whatever binding the next hop offers.
//  - CREATE of the announced resource (ty + 10000): lnk = the original's SP-relative address,
//    et, lbl, acpi (see below), every MA attribute present and every OA attribute named in aa;
//    identifier attributes in SP-relative form. Placed under the parent's announced resource
//    on that CSE when the parent is announced there, else under this CSE's <CSEBaseAnnc> there
//    (created on first use; its address is kept in this CSE's own <CSEBase> at). An at entry
//    that is an address rather than a CSE-ID is the parent to create under.
//  - UPDATE of every announced resource when an MA attribute, lbl, et, acpi or an aa-named
//    attribute changes (null for a removed one), and when aa gains or loses names.
//  - DELETE of the announced resources when at loses them or the original is deleted.
// acpi: an announced resource is decided by the target CSE, which holds none of this CSE's
// policies. Each policy that is itself announced to that CSE is named by its announced
// address there (the <accessControlPolicyAnnc> decides as the original does); any other is sent
// in SP-relative form, which grants nothing there. Without acpi, the parent's is sent (TS-0004
// §7.3.3.10: "set to the same value as the parent resource").
//
// The at stored on the original holds only the addresses of resources successfully announced
// (TS-0001 §9.6.26.1); a target that cannot be reached or refuses is left out (and logged).
// Requests wait for their answers (the sender's timeouts bound them), after the original's
// commit and outside every record lock.
//
// Thread-safety: all methods may be called from any worker thread.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cse/engine/stripe_locks.h"
#include "cse/model/ports.h"
#include "resources/cse_identity.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

class Announcer {
 public:
  // At most this many at entries per resource (4000 beyond).
  static constexpr size_t kMaxTargets = 16;

  // `local` is this CSE's PrimitiveHandler (the pipeline); all must outlive the announcer.
  Announcer(resources::ResourceRepository& repository, const resources::CseIdentity& identity,
            model::PrimitiveHandler& local, StripeLocks& locks)
      : repository_(repository), identity_(identity), local_(local), locks_(locks) {}

  // Before a CREATE or UPDATE of `type` under `parent` commits (no network): every at entry
  // names another CSE, or is the address of an announced ancestor of the resource there (4000),
  // every aa entry is an OA attribute of the type
  // (4000, TS-0001 §10.2.13.7 "not marked as OA ... are invalid"), and an instance
  // (contentInstance) is announced only where its parent is (4005 OPERATION_NOT_ALLOWED,
  // TS-0004 §7.3.3.10). `at` / `aa` are the requested values (null: absent).
  // `current`: the stored resource of an UPDATE (its own announced addresses are kept as
  // they are), nullptr for a CREATE.
  model::Status check(model::ResourceType type, const model::Json& at, const model::Json& aa,
                      const resources::Resource* parent,
                      const resources::Resource* current = nullptr) const;

  // After the CREATE of `created` committed without at: announces it to `requested_at` and
  // returns the at to store (the announced addresses; empty when none succeeded).
  model::Json announce(const resources::Resource& created, const model::Json& requested_at);

  // After an UPDATE committed (`before` and `after` the stored states, at unchanged by it):
  // de-announces, announces and synchronises. Returns the at to store when it changed.
  // `requested_at` is the request's at (null: deleted; absent: not in the request).
  std::optional<model::Json> synchronise(const resources::Resource& before,
                                         const resources::Resource& after,
                                         const model::Json& changes,
                                         const model::Json* requested_at);

  // A request to `announced` that goes on to its original, through the link, as `originator`
  // (the request's originator in local form, admitted by this CSE's pipeline already; the
  // original's Hosting CSE decides what it may do there): a RETRIEVE with rcn 7
  // (original-resource, TS-0004 §7.4.26.2.3: read as rcn 1) and a NOTIFY to an <AEAnnc>
  // (TS-0001 §10.2.13.12: the original <AE>'s Hosting CSE re-targets it to the AE). The answer
  // as that CSE gave it (or 5103/4004 from the route).
  model::Response toOriginal(const resources::Resource& announced, const model::Request& request,
                             const std::string& originator);

  // After a DELETE committed: deletes the announced resources of `removed` (root first, then
  // its subtree); one whose announced parent goes with it on the same CSE is not asked for.
  void deannounce(const std::vector<resources::Resource>& removed);

 private:
  struct Target {
    std::string cse;      // "/id-in"
    std::string address;  // "" for a CSE-ID entry; else the resource to create under
  };
  std::optional<Target> targetOf(const std::string& entry) const;
  // True when `address` is in the at of `parent` or of one of its ancestors (the <CSEBase>'s
  // at holds this CSE's <CSEBaseAnnc> addresses).
  bool announcedByAncestor(const resources::Resource& parent, const std::string& address) const;
  // The address of `resource`'s announced variant on `cse` (from its at), or "".
  std::string announcedOn(const resources::Resource& resource, const std::string& cse) const;
  // Announces `resource` to one target; the announced address, or "" on failure (logged).
  std::string announceTo(const resources::Resource& resource, const Target& target);
  // The address of this CSE's <CSEBaseAnnc> on `cse`, created when missing ("" on failure).
  // `recreate`: the stored one is gone there (its children got 4004).
  std::string cseBaseAnnc(const std::string& cse, bool recreate);
  // The announced representation of `resource` for `cse` (lnk, et, lbl, acpi, MA and aa-named
  // OA attributes).
  model::Json representation(const resources::Resource& resource, const std::string& cse) const;
  model::Json policyIdsFor(const resources::Resource& resource, const std::string& cse) const;
  std::string spRelative(const std::string& id) const;
  model::Response send(model::Operation operation, const std::string& to,
                       std::optional<uint16_t> ty, model::Json content);
  void remove(const std::string& address);

  resources::ResourceRepository& repository_;
  const resources::CseIdentity& identity_;
  model::PrimitiveHandler& local_;
  StripeLocks& locks_;
  std::mutex cse_base_annc_mutex_;  // serialises the creation of <CSEBaseAnnc>s
};

// Stores `at` into the resource `ri` under its record lock (erased when empty): how the
// dispatcher records what Announcer returned. The stored resource, or the storage error.
model::Result<resources::Resource> storeAnnounceTo(resources::ResourceRepository& repository,
                                                   StripeLocks& locks, const std::string& ri,
                                                   const model::Json& at);

}  // namespace citadel::engine
