#pragma once
// The one access decider (TS-0001 §9.6.1.3.2, TS-0003 §7.1, §7.3, §7.4): "may this originator,
// with these roles, tokens and DAS grants, do operation X on resource R?". Every decision of the
// CSE goes through it: the ACP stage (the addressed resource), the dynamic authorization stage
// (the same decision again after a DAS answer), and the dispatcher (children in rcn 4/5/6/8
// results, discovery results). Deny by default.
//
// Grants are decided per resource (issue 15 #8): a DAS grant covers the resource the DAS was
// asked about (ScopedGrant; a cached grant is keyed by that resource), a token permission's
// privileges and roles cover the resources its ris names (all when ris is absent), and none of
// them reaches a child or sibling decided in the same request (rcn 4/5/6/8, discovery). The DAS
// is consulted for the request's target only (DynamicAuthorizationStage), never per child: a
// child without its own privilege is left out of the result.
//
// A RETRIEVE or UPDATE granted only by rules with accessControlAttributes (acr.aca, R4) comes
// with the attributes it covers (AccessDecision::attributes; security/attribute_scope.h): the
// request decision refuses an UPDATE or partial RETRIEVE naming another attribute, and whoever
// builds a representation for the originator trims it to them.
//
// Thread-safety: one object serves every worker thread; all methods are const and keep no
// per-request state (the caller's RequestContext or Requester holds it).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/status.h"
#include "cse/model/types.h"
#include "resources/resource.h"
#include "security/acp_evaluator.h"
#include "security/group_membership.h"
#include "security/policy_read_cache.h"
#include "security/request_context.h"
#include "security/security_dependencies.h"

namespace citadel::security {

// The privilege a request needs (acop bit): its operation's, DISCOVERY for a RETRIEVE whose
// filter criteria say fu=1 (TS-0003 §7.1).
model::AccessOperation operationOf(const model::Request& request);

// Who asks, and with what beyond the originator ID. A view: it refers to the RequestContext
// (or the caller's data) it was made from and must not outlive it.
struct Requester {
  std::string_view originator;  // local form: "Cxyz" for this CSE's AEs
  bool is_admin = false;
  const std::vector<std::string>* roles = nullptr;  // validated Role-IDs (TokenRoleStage)
  // Valid tokens; their permissions (privileges and rids) apply to the resources they name.
  const std::vector<std::shared_ptr<const token::TokenClaims>>* tokens = nullptr;
  // DAS privileges for this request only, applied to the one resource they are for.
  const ScopedGrant* granted_once = nullptr;
  std::string_view dropped_role_reason;       // reported when nothing grants
  std::string_view peer_address;              // for acip
  bool authenticated = false;  // for acaf: the transport proved the originator's identity
  // Set for a read-only pass over many resources (discovery, child lists): the parents and
  // policies decisions read are loaded once per pass (policy_read_cache.h). Null: load each time.
  PolicyReadCache* reads = nullptr;

  // The requester of the request in `context` (which must outlive the view).
  static Requester of(const RequestContext& context);
};

class AccessDecider {
 public:
  explicit AccessDecider(const SecurityDependencies& deps)
      : deps_(deps), groups_(deps.resolver, deps.identity), evaluator_(deps.identity, &groups_) {}
  AccessDecider(const AccessDecider&) = delete;
  AccessDecider& operator=(const AccessDecider&) = delete;

  // The decision for the request in `context` as a whole, on its resolved target: the
  // operation's privilege (DISCOVERY for a RETRIEVE with fu=1), selfPrivileges for an UPDATE
  // of acpi or daci (who may change what decides access), and for a <subscription> CREATE also RETRIEVE on the subscribed-to resource
  // (TS-0004 §7.4.8.2.1 Recv-6.3). An UPDATE whose content, or a RETRIEVE whose attribute list,
  // names an attribute the granting rules' aca lists do not cover is denied
  // ("acp.attributes_not_covered", with a dbg naming them). The admin and AE registration are
  // granted. Errors: a storage fault while loading policies (5000); a denial is a value, not an
  // error.
  // A request with context.route (for another CSE) gets the transit decision instead
  // (decideForwarding).
  model::Result<AccessDecision> decideRequest(const RequestContext& context) const;

  // `operation` on `resource` (any resource, not only the request's target) for `requester`:
  // what the dispatcher asks for each child or discovery result. A storage fault denies with
  // reason "access.storage_fault" (logged as an error); a governing parent or policy that
  // cannot be loaded otherwise denies with "access.unresolved" (logged).
  AccessDecision decide(const Requester& requester, const resources::Resource& resource,
                        model::AccessOperation operation) const;

  // The remote PDPs, PRPs and PIPs for a decision on `resource` (TS-0003 §7.5.2-7.5.4): the
  // adri, apri and airi (authorization Decision/Policy/Information ResourceIDs) of the
  // <accessControlPolicy> resources that govern it (its acpi, or its parent's for a type
  // without one), in acpi order, each once. None for an <accessControlPolicy> (its
  // selfPrivileges decide) or a resource without acpi. A policy that cannot be read adds none;
  // 5000 on a storage fault.
  struct RemotePoints {
    std::vector<std::string> decision;     // adri
    std::vector<std::string> policy;       // apri
    std::vector<std::string> information;  // airi
  };
  model::Result<RemotePoints> remotePoints(const resources::Resource& resource) const;

 private:
  // A request for another CSE (TS-0004 §7.3.2.6): this CSE is a transit and holds no policy of
  // the target; the Hosting CSE decides the operation. Here: only an originator the identity
  // stage admitted as one of this CSE's own (a registered AE, the admin, a registered CSE or an
  // AE it relays for) is forwarded, never an AE registration (refused before) — so an
  // unregistered client cannot use this CSE as an anonymous relay. "forward.transit".
  AccessDecision decideForwarding(const RequestContext& context) const;
  // Announced resources (TS-0004 §7.4.26): a CREATE of one only by the CSE its link names and
  // only under that CSE's own <CSEBaseAnnc>, announced resources or <remoteCSE>; UPDATE and
  // DELETE of one only by that CSE ("annc.*"). nullopt: the ordinary decision applies (RETRIEVE
  // by others, under the announced acpi; any request to a non-announced resource).
  std::optional<AccessDecision> decideAnnounced(const RequestContext& context) const;
  // <pollingChannel> and its pcu (TS-0004 §7.4.21.2, §7.4.22.2): created only by the AE/CSE
  // of its parent, used only by its creator ("pch.*"); nullopt for anything else.
  std::optional<AccessDecision> decidePollingChannel(const RequestContext& context) const;
  // A request to a <group>'s fanOutPoint: decided on the group with macp in place of acpi.
  model::Result<AccessDecision> decideFanOut(const RequestContext& context) const;
  model::Result<AccessDecision> decideFor(const Requester& requester,
                                          const resources::Resource& resource,
                                          const AccessRequest& access,
                                          bool self_privileges) const;
  model::Result<AccessDecision> decideByPolicies(const Requester& requester,
                                                 const resources::Resource& resource,
                                                 const AccessRequest& access,
                                                 bool self_privileges) const;
  // A governing parent (by ri) or a policy (by acpi ID), through requester.reads when set;
  // the pointer is to the cache's record or to `scratch`.
  model::Result<const resources::Resource*> readRecord(const Requester& requester,
                                                       PolicyReadCache::Kind kind,
                                                       std::string_view id,
                                                       resources::Resource& scratch) const;
  // Token privileges and DAS grants that apply to `resource`, as rule sets.
  AccessDecision decideByGrants(const Requester& requester, const resources::Resource& resource,
                                const AccessRequest& access) const;
  // The access request for `resource`. Its roles are the requester's, plus (when it holds
  // tokens) the roles of token permissions naming `resource`, gathered in `roles_here`, which
  // must outlive the returned request.
  AccessRequest accessRequest(const Requester& requester, const resources::Resource& resource,
                              model::AccessOperation operation,
                              std::vector<std::string>& roles_here) const;

  const SecurityDependencies& deps_;
  ResolverGroupMembership groups_;  // before evaluator_, which points at it
  AcpEvaluator evaluator_;
};

}  // namespace citadel::security
