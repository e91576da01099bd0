#include "security/access_decider.h"

#include <algorithm>

#include "cse/model/log.h"
#include "resources/types/announced.h"
#include "resources/types/polling_channel.h"
#include "resources/views/access_controlled_view.h"
#include "resources/views/acp_view.h"
#include "security/originator_id.h"
#include "security/token_permissions.h"

namespace citadel::security {
namespace {

using model::AccessOperation;

// fu = 1, read without trusting its type (Json::value would throw type_error on "fu": "1",
// which used to answer 5000). A malformed fu is decided as a RETRIEVE here; the dispatcher then
// refuses the filter criteria with 4000 before anything is returned.
bool isDiscovery(const model::Json& filter_criteria) {
  if (!filter_criteria.is_object()) return false;
  auto fu = filter_criteria.find("fu");
  return fu != filter_criteria.end() && fu->is_number_integer() && fu->get<int64_t>() == 1;
}


// The Notification Target of a <subscription> CREATE with enc.net 7 (Blocking_Update), in the
// form the request names it ("" when the request is no such CREATE). Its shape (one nu entry, a
// resource ID) is checked by the subscription type; only the entry matters here.
std::string blockingUpdateTarget(const model::Request& request) {
  const model::Json& content = request.content;
  if (!content.is_object() || !content.contains("m2m:sub")) return "";
  const model::Json& sub = content["m2m:sub"];
  if (!sub.is_object() || !sub.contains("enc") || !sub["enc"].is_object()) return "";
  const model::Json& net = sub["enc"].value("net", model::Json::array());
  bool blocking = net.is_array() && std::any_of(net.begin(), net.end(), [](const model::Json& v) {
                    return v.is_number_integer() && v.get<int64_t>() == 7;
                  });
  const model::Json& nu = sub.value("nu", model::Json::array());
  if (!blocking || !nu.is_array() || nu.empty() || !nu[0].is_string()) return "";
  const std::string& target = nu[0].get_ref<const std::string&>();
  return target.find("://") == std::string::npos ? target : "";  // a URL is refused as such
}

// TS-0001 §9.6.1.3.2: an UPDATE of acpi is authorized by the selfPrivileges of the ACPs that
// are currently referenced. dynamicAuthorizationConsultationIDs (daci) decide access as much as
// acpi does (whose DAS may grant what the ACPs deny, TS-0001 §9.6.1.3.2 "dynamic authorization",
// TS-0003 §7.3.2.2), so an UPDATE of daci needs the same selfPrivileges: UPDATE alone on a
// resource must not let an originator point it at a DAS it controls.
bool updatesAccessControlAttributes(const model::Request& request) {
  if (request.operation != model::Operation::kUpdate || !request.content.is_object() ||
      request.content.size() != 1) {
    return false;
  }
  const auto& attributes = request.content.begin().value();
  return attributes.is_object() && (attributes.contains("acpi") || attributes.contains("daci"));
}

// The attributes the request itself names that `scope` does not cover: the content's
// attributes for an UPDATE, the attribute list (atrl, or an attribute address) for a
// RETRIEVE, and those its filter conditions test (each answer would tell whether such an
// attribute holds a value: testing one is reading it). acr.aca restricts nothing else (R4
// TS-0001 Table 9.6.2.1-x).
std::vector<std::string> uncoveredAttributes(const RequestContext& context,
                                             const AttributeScope& scope) {
  const model::Request& request = context.request;
  if (scope.all()) {
    return {};
  }
  if (request.operation == model::Operation::kUpdate) {
    if (!request.content.is_object() || request.content.size() != 1) {
      return {};  // a malformed content is refused as such by the dispatcher
    }
    return scope.uncovered(request.content.begin().value());
  }
  std::vector<std::string> out;
  if (request.operation == model::Operation::kRetrieve) {
    auto check = [&](const std::string& name) {
      if (!scope.covers(name) && std::find(out.begin(), out.end(), name) == out.end()) {
        out.push_back(name);
      }
    };
    for (const auto& name : request.attribute_list) check(name);
    if (!context.target->attribute.empty()) check(context.target->attribute);
    // With rcn 4, 5, 6 or 8 (and no attribute list) the conditions select children instead,
    // each decided under its own privilege by the dispatcher.
    auto rcn = request.result_content.value_or(model::ResultContent::kAttributes);
    if (rcn == model::ResultContent::kAttributes ||
        rcn == model::ResultContent::kOriginalResource || !request.attribute_list.empty() ||
        !context.target->attribute.empty()) {
      for (const auto& name : attributesTestedBy(request.filter_criteria)) check(name);
    }
  }
  return out;
}

// The `lnk` a CREATE of an announced resource carries ({"m2m:aeA": {"lnk": ...}}); "" when
// absent or not a string (the type then refuses the CREATE with 4000).
std::string linkInContent(const model::Json& content) {
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) return "";
  const model::Json& attributes = *content.begin();
  auto link = attributes.find("lnk");
  return link != attributes.end() && link->is_string() ? link->get<std::string>() : "";
}

bool isPolicyType(model::ResourceType type) {
  return type == model::ResourceType::kAccessControlPolicy ||
         type == model::ResourceType::kAccessControlPolicyAnnc;
}

}  // namespace

Requester Requester::of(const RequestContext& context) {
  Requester requester;
  requester.originator = context.originator;
  requester.is_admin = context.originator_is_admin;
  requester.roles = &context.roles;
  requester.tokens = &context.tokens;
  requester.granted_once = context.granted_once ? &*context.granted_once : nullptr;
  requester.dropped_role_reason = context.dropped_role_reason;
  requester.peer_address = context.request.transport.peer_address;
  requester.authenticated = context.originator_authenticated;
  return requester;
}

AccessDecision AccessDecider::decideForwarding(const RequestContext& context) const {
  if (context.is_registration || context.originator.empty()) {
    return AccessDecision{false, "forward.not_admitted"};
  }
  return AccessDecision{true, "forward.transit"};
}

model::Result<AccessDecision> AccessDecider::decideRequest(const RequestContext& context) const {
  if (context.route) {
    return decideForwarding(context);
  }
  if (context.originator_is_admin) {
    return AccessDecision{true, "acp.admin"};
  }
  if (context.is_registration) {
    // TS-0004 §7.4.5.2.1: Recv-6.3 (ACP check) is skipped for AE registration.
    return AccessDecision{true, "acp.registration"};
  }
  const model::Request& request = context.request;
  if (context.target->virtual_resource == resources::VirtualResource::kFanOutPoint) {
    return decideFanOut(context);
  }
  if (std::optional<AccessDecision> announced = decideAnnounced(context)) {
    return *announced;
  }
  if (std::optional<AccessDecision> channel = decidePollingChannel(context)) {
    return *channel;
  }
  // TS-0001 §10.2.2.10: deregistration may be initiated by either CSE; the CSE a <remoteCSE>
  // represents deletes it (as the Registrar does when its admin removed the Registree).
  if (context.request.operation == model::Operation::kDelete &&
      context.target->resource().type() == model::ResourceType::kRemoteCSE &&
      context.target->virtual_resource == resources::VirtualResource::kNone &&
      !context.originator.empty() &&
      context.target->resource().attributes.value("csi", "") == context.originator) {
    return AccessDecision{true, "csr.represented_cse"};
  }
  const resources::Resource& target = context.target->resource();
  // A <role> speaks for the authority that created it (TS-0003 §7.4.3): whatever an ACP
  // grants, only its creator changes it (the admin was granted above).
  if (request.operation == model::Operation::kUpdate &&
      target.type() == model::ResourceType::kRole && context.originator != target.creator()) {
    return AccessDecision{false, "role.update_by_other"};
  }
  Requester requester = Requester::of(context);
  std::vector<std::string> roles_here;
  AccessRequest access = accessRequest(requester, target, operationOf(request), roles_here);
  // acod.chty applies to the CREATE privilege only (not to the RETRIEVE check below).
  if (request.operation == model::Operation::kCreate) {
    access.created_type = request.resource_type;
  }
  CITADEL_ASSIGN_OR_RETURN(
      AccessDecision decision,
      decideFor(requester, target, access, updatesAccessControlAttributes(request)));
  if (!decision.granted) {
    return decision;
  }
  // acr.aca: the privilege covers the listed attributes only. An UPDATE changing, or a partial
  // RETRIEVE naming, another attribute is refused as a whole: nothing is changed or returned.
  if (std::vector<std::string> uncovered = uncoveredAttributes(context, decision.attributes);
      !uncovered.empty()) {
    std::string names;
    for (const auto& name : uncovered) {
      names += (names.empty() ? "'" : ", '") + name + "'";
    }
    AccessDecision denied{false, "acp.attributes_not_covered"};
    denied.dbg = "originator has no privilege to " +
                 std::string(request.operation == model::Operation::kUpdate ? "update"
                                                                            : "retrieve") +
                 " attribute(s) " + names +
                 ": the access control rules granting this operation list other attributes "
                 "(accessControlAttributes, acr.aca)";
    return denied;
  }
  // TS-0004 §7.4.8.2.1 Recv-6.3: a subscriber must also be allowed to RETRIEVE the
  // subscribed-to resource.
  if (request.operation == model::Operation::kCreate &&
      request.resource_type == static_cast<uint16_t>(model::ResourceType::kSubscription)) {
    access.operation_bit = static_cast<uint8_t>(AccessOperation::kRetrieve);
    access.created_type.reset();
    CITADEL_ASSIGN_OR_RETURN(AccessDecision retrieve, decideFor(requester, target, access, false));
    if (!retrieve.granted) {
      return AccessDecision{false, "acp.subscriber_cannot_retrieve"};
    }
    // TS-0001 Table 9.6.8-2 (notificationEventType 7, Blocking_Update): the Notification Target
    // must have UPDATE privilege on the subscribed-to resource, since its answer decides every
    // UPDATE of it; otherwise anyone who may subscribe could veto others' updates.
    if (std::string veto = blockingUpdateTarget(request); !veto.empty()) {
      Requester target_entity;
      target_entity.originator = veto;
      if (!decide(target_entity, target, AccessOperation::kUpdate).granted) {
        return AccessDecision{false, "acp.blocking_target_cannot_update"};
      }
    }
  }
  return decision;
}

std::optional<AccessDecision> AccessDecider::decideAnnounced(const RequestContext& context) const {
  const model::Request& request = context.request;
  const resources::Resource& target = context.target->resource();
  const std::string& from = context.originator;
  if (request.operation == model::Operation::kCreate && request.resource_type &&
      model::isAnnouncedType(*request.resource_type)) {
    // TS-0001 §9.6.26.1: an announced resource is created by the Hosting CSE of its original
    // (the CSE its link names); a child made here by anyone else is of an ordinary type.
    std::string owner = resources::linkedCseId(linkInContent(request.content), deps_.identity);
    if (owner.empty() || owner != from) {
      AccessDecision denied{false, "annc.link_not_originator"};
      denied.dbg = "an announced resource is created only by the CSE that hosts its original, "
                   "the CSE its link (lnk) names (TS-0001 §9.6.26.1); From is '" + from +
                   "', the link names '" + owner + "'";
      return denied;
    }
    // Under this CSE's <CSEBase> (its <CSEBaseAnnc>), its own announced resources, or the
    // <remoteCSE> that represents it: never into another CSE's announced subtree.
    bool own_parent = target.type() == model::ResourceType::kCSEBase ||
                      (model::isAnnouncedType(target.type()) &&
                       resources::linkedCseId(target.attributes.value("lnk", ""),
                                              deps_.identity) == from) ||
                      (target.type() == model::ResourceType::kRemoteCSE &&
                       target.attributes.value("csi", "") == from);
    if (!own_parent) {
      return AccessDecision{false, "annc.parent_of_another"};
    }
    return AccessDecision{true, "annc.create"};
  }
  if (!model::isAnnouncedType(target.type())) {
    return std::nullopt;
  }
  // TS-0004 §7.4.26.2.4/.5: Recv-6.3 becomes "From is the CSE-ID in the link": only the
  // original's Hosting CSE updates and deletes the announced resource (and reads it, whatever
  // its announced acpi says). Everyone else reads it under its (announced) acpi.
  std::string owner =
      resources::linkedCseId(target.attributes.value("lnk", ""), deps_.identity);
  bool by_owner = !owner.empty() && owner == from;
  if (request.operation == model::Operation::kUpdate ||
      request.operation == model::Operation::kDelete) {
    if (!by_owner) {
      AccessDecision denied{false, "annc.not_original_host"};
      denied.dbg = "an announced resource is updated and deleted only by the Hosting CSE of "
                   "its original, '" + owner + "' (TS-0004 §7.4.26.2.4)";
      return denied;
    }
    std::string new_link = linkInContent(request.content);
    if (request.operation == model::Operation::kUpdate && !new_link.empty() &&
        resources::linkedCseId(new_link, deps_.identity) != owner) {
      return AccessDecision{false, "annc.link_to_another"};  // no hand-over to another CSE
    }
    return AccessDecision{true, "annc.original_host"};
  }
  if (by_owner && request.operation == model::Operation::kRetrieve) {
    return AccessDecision{true, "annc.original_host"};
  }
  return std::nullopt;
}

std::optional<AccessDecision> AccessDecider::decidePollingChannel(
    const RequestContext& context) const {
  const model::Request& request = context.request;
  const resources::Resource& target = context.target->resource();
  if (request.operation == model::Operation::kCreate &&
      request.resource_type == static_cast<uint16_t>(model::ResourceType::kPollingChannel)) {
    // TS-0004 §7.4.21.2.1: "the Originator ID is the same as the AE-ID or CSE-ID of the target
    // <AE> resource or <remoteCSE> resource".
    std::string owner = resources::channelOwnerOf(target);
    if (owner.empty() || owner != context.originator) {
      AccessDecision denied{false, "pch.not_parent_entity"};
      denied.dbg = "a <pollingChannel> is created only by the AE or CSE its parent <AE> or "
                   "<remoteCSE> represents (TS-0004 §7.4.21.2.1)";
      return denied;
    }
    return AccessDecision{true, "pch.create"};
  }
  if (target.type() != model::ResourceType::kPollingChannel) {
    return std::nullopt;
  }
  // §7.4.21.2.2-.4 and §7.4.22.2.2/.5 (Recv-6.3): the channel and its pcu are its creator's.
  if (context.originator != target.creator()) {
    return AccessDecision{false, "pch.not_creator"};
  }
  return AccessDecision{true, "pch.creator"};
}

model::Result<AccessDecision> AccessDecider::decideFanOut(const RequestContext& context) const {
  // TS-0004 §7.4.14.3.2-.5, Recv-6.3: the group's membersAccessControlPolicyIDs (macp) decide,
  // or its acpi when macp is absent. This admits the request to the fan-out only: each member
  // request runs the whole pipeline again, and the member's own policies decide there.
  resources::Resource governed = context.target->resource();
  if (auto macp = governed.attributes.find("macp");
      macp != governed.attributes.end() && macp->is_array() && !macp->empty()) {
    governed.attributes["acpi"] = *macp;
  }
  Requester requester = Requester::of(context);
  std::vector<std::string> roles_here;
  AccessRequest access =
      accessRequest(requester, governed, operationOf(context.request), roles_here);
  if (context.request.operation == model::Operation::kCreate) {
    access.created_type = context.request.resource_type;
  }
  return decideFor(requester, governed, access, false);
}

AccessDecision AccessDecider::decide(const Requester& requester,
                                     const resources::Resource& resource,
                                     AccessOperation operation) const {
  if (requester.is_admin) {
    return {true, "acp.admin"};
  }
  std::vector<std::string> roles_here;
  auto decision = decideFor(requester, resource,
                            accessRequest(requester, resource, operation, roles_here), false);
  if (!decision.isOk()) {
    // Deny, but never silently: a storage fault is the operator's to see; a governing parent
    // that vanished meanwhile (a concurrent DELETE) is not a fault.
    const model::Status& status = decision.status();
    if (status.rsc() == model::Rsc::kInternalServerError) {
      LOG_ERROR("access decision on "
                << resource.ri() << " for fr=" << model::logSafe(requester.originator)
                << " failed: " << status.dbg() << " (" << status.reason() << ")");
      return {false, "access.storage_fault"};
    }
    LOG_INFO("access decision on " << resource.ri()
                                   << " for fr=" << model::logSafe(requester.originator) << ": "
                                   << status.reason());
    return {false, "access.unresolved"};
  }
  return decision.value();
}

AccessRequest AccessDecider::accessRequest(const Requester& requester,
                                           const resources::Resource& resource,
                                           AccessOperation operation,
                                           std::vector<std::string>& roles_here) const {
  AccessRequest access;
  access.originator_absolute = absoluteId(requester.originator, deps_.identity);
  access.operation_bit = static_cast<uint8_t>(operation);
  access.target_type = static_cast<uint16_t>(resource.type());
  access.now = deps_.clock.now();
  access.peer_address = requester.peer_address;
  access.location = deps_.locations ? deps_.locations->find(requester.originator) : nullptr;
  access.authenticated = requester.authenticated;
  access.roles = requester.roles && !requester.roles->empty() ? requester.roles : nullptr;
  if (requester.tokens != nullptr && !requester.tokens->empty()) {
    // Roles from token permissions count on the resources they name only (TS-0003 §7.3.2.5
    // step 7 1)). Without tokens (the hot path) nothing is copied.
    roles_here.clear();
    if (access.roles != nullptr) roles_here = *access.roles;
    appendPermissionRoles(*requester.tokens, resource, deps_.identity, roles_here);
    access.roles = roles_here.empty() ? nullptr : &roles_here;
  }
  return access;
}

model::Result<AccessDecision> AccessDecider::decideFor(const Requester& requester,
                                                       const resources::Resource& resource,
                                                       const AccessRequest& access,
                                                       bool self_privileges) const {
  CITADEL_ASSIGN_OR_RETURN(AccessDecision decision,
                           decideByPolicies(requester, resource, access, self_privileges));
  // The ACP decision first; tokens and DAS grants add privileges only where it denies, or
  // grants for some attributes only (acr.aca: the privileges unite) (TS-0004 §7.3.3.15 order).
  // They never stand in for selfPrivileges: changing who may edit an ACP's references stays
  // with the ACPs themselves.
  if ((decision.granted && decision.attributes.all()) || self_privileges) {
    return decision;
  }
  AccessDecision granted = decideByGrants(requester, resource, access);
  if (decision.granted) {
    if (granted.granted) {
      decision.attributes.unite(granted.attributes);
    }
    return decision;
  }
  if (granted.granted) {
    return granted;
  }
  if (!requester.dropped_role_reason.empty()) {
    decision.reason = requester.dropped_role_reason;  // more useful in the log than "no rule"
  }
  return decision;
}

AccessDecision AccessDecider::decideByGrants(const Requester& requester,
                                             const resources::Resource& resource,
                                             const AccessRequest& access) const {
  std::vector<const model::Json*> token_rules;
  if (requester.tokens != nullptr) {
    for (const auto& claims : *requester.tokens) {
      if (!claims->permissions) continue;
      for (const auto& permission : *claims->permissions) {
        if (permission.privileges && permissionCovers(permission, resource, deps_.identity)) {
          token_rules.push_back(&*permission.privileges);
        }
      }
    }
  }
  AccessDecision by_token{false, "acp.no_grant"};
  if (!token_rules.empty()) {
    by_token = evaluator_.decide(token_rules, access);
    if (by_token.granted && by_token.attributes.all()) {
      return {true, "token.permission"};
    }
  }
  std::vector<const model::Json*> das_rules;
  std::shared_ptr<const model::Json> cached;
  if (deps_.authorization && deps_.authorization->grants) {
    // A cached grant is keyed by the resource the DAS was asked about: that resource only.
    cached =
        deps_.authorization->grants->find(access.originator_absolute, resource.ri(), access.now);
    if (cached) das_rules.push_back(cached.get());
  }
  // A grant-once is for the DAS's target: a child or sibling decided in the same request (a
  // child list, a discovery result) is not covered.
  if (requester.granted_once != nullptr && requester.granted_once->privileges &&
      requester.granted_once->covers(resource.ri())) {
    das_rules.push_back(requester.granted_once->privileges.get());
  }
  AccessDecision by_das{false, "acp.no_grant"};
  if (!das_rules.empty()) {
    by_das = evaluator_.decide(das_rules, access);
  }
  // Attribute-limited grants (acr.aca) of both kinds add up.
  if (by_das.granted) {
    by_das.reason = "das.granted";
    if (by_token.granted) by_das.attributes.unite(by_token.attributes);
    return by_das;
  }
  if (by_token.granted) {
    by_token.reason = "token.permission";
  }
  return by_token;
}

model::Result<const resources::Resource*> AccessDecider::readRecord(
    const Requester& requester, PolicyReadCache::Kind kind, std::string_view id,
    resources::Resource& scratch) const {
  auto load = [&]() -> model::Result<resources::Resource> {
    return kind == PolicyReadCache::Kind::kParent ? deps_.repository.load(id)
                                                  : deps_.resolver.resolveId(id);
  };
  if (requester.reads != nullptr) {
    return requester.reads->get(kind, id, load, scratch);
  }
  CITADEL_ASSIGN_OR_RETURN(scratch, load());
  return &scratch;
}

AccessOperation operationOf(const model::Request& request) {
  switch (request.operation) {
    case model::Operation::kCreate:
      return AccessOperation::kCreate;
    case model::Operation::kRetrieve:
      // TS-0003 §7.1: a RETRIEVE with filterUsage discovery needs the DISCOVERY privilege.
      return isDiscovery(request.filter_criteria) ? AccessOperation::kDiscovery
                                                  : AccessOperation::kRetrieve;
    case model::Operation::kUpdate:
      return AccessOperation::kUpdate;
    case model::Operation::kDelete:
      return AccessOperation::kDelete;
    case model::Operation::kNotify:
      return AccessOperation::kNotify;
  }
  return AccessOperation::kRetrieve;  // unreachable: every Operation is listed above
}

model::Result<AccessDecider::RemotePoints> AccessDecider::remotePoints(
    const resources::Resource& resource) const {
  RemotePoints points;
  if (isPolicyType(resource.type())) return points;
  const resources::Resource* governing = &resource;
  resources::Resource parent;
  const resources::TypeHandler* handler = deps_.types.find(static_cast<uint16_t>(resource.type()));
  if (handler != nullptr && !handler->hasAccessControlPolicyIds()) {
    CITADEL_ASSIGN_OR_RETURN(parent, deps_.repository.load(resource.pi()));
    governing = &parent;
  }
  for (const std::string& id : governing->acpi()) {
    auto policy = deps_.resolver.resolveId(id);
    if (!policy.isOk()) {
      if (policy.status().rsc() == model::Rsc::kInternalServerError) return policy.takeStatus();
      continue;
    }
    if (policy.value().type() != model::ResourceType::kAccessControlPolicy) continue;
    const model::Json& attributes = policy.value().attributes;
    for (auto [name, list] : {std::pair{"adri", &points.decision}, {"apri", &points.policy},
                              {"airi", &points.information}}) {
      auto uris = attributes.find(name);
      if (uris == attributes.end() || !uris->is_array()) continue;
      for (const model::Json& uri : *uris) {
        if (!uri.is_string()) continue;
        const std::string& text = uri.get_ref<const std::string&>();
        if (std::find(list->begin(), list->end(), text) == list->end()) list->push_back(text);
      }
    }
  }
  return points;
}

model::Result<AccessDecision> AccessDecider::decideByPolicies(const Requester& requester,
                                                              const resources::Resource& resource,
                                                              const AccessRequest& access,
                                                              bool self_privileges) const {
  // Rule 1: an <accessControlPolicy> (and its announced variant) is governed by its own
  // selfPrivileges.
  if (isPolicyType(resource.type())) {
    return evaluator_.decide({&resources::AcpView(resource).selfPrivileges()}, access);
  }
  // Rule 2: types without acpi (contentInstance) are governed by their parent's policies.
  const resources::Resource* governing = &resource;
  resources::Resource parent;
  const resources::TypeHandler* handler = deps_.types.find(static_cast<uint16_t>(resource.type()));
  if (handler != nullptr && !handler->hasAccessControlPolicyIds()) {
    CITADEL_ASSIGN_OR_RETURN(
        governing, readRecord(requester, PolicyReadCache::Kind::kParent, resource.pi(), parent));
  }
  std::vector<std::string> acpi = governing->acpi();
  if (acpi.empty()) {
    // Rule 4: without ACPs only the resource's creator has access (TS-0001 §9.6.1.3.2), or
    // its custodian when one is set (Release 4: the custodian takes the creator's place).
    if (std::string custodian = resources::AccessControlledView(*governing).custodian();
        !custodian.empty()) {
      if (absoluteId(custodian, deps_.identity) == access.originator_absolute) {
        return AccessDecision{true, "acp.default_custodian"};
      }
      return AccessDecision{false, "acp.default_not_custodian"};
    }
    if (requester.originator == governing->creator()) {
      return AccessDecision{true, "acp.default_creator"};
    }
    // A <subscription> concerns its subscribed-to resource as much as its subscriber: the
    // owner (creator) of that resource may see who watches it and remove the subscription
    // (TS-0001 §9.6.8; issue 15 #6), but not change where it notifies.
    if (governing->type() == model::ResourceType::kSubscription &&
        (access.operation_bit == static_cast<uint8_t>(AccessOperation::kRetrieve) ||
         access.operation_bit == static_cast<uint8_t>(AccessOperation::kDelete))) {
      CITADEL_ASSIGN_OR_RETURN(resources::Resource watched,
                               deps_.repository.load(governing->pi()));
      if (requester.originator == watched.creator()) {
        return AccessDecision{true, "acp.default_subscribed_to_owner"};
      }
    }
    return AccessDecision{false, "acp.default_not_creator"};
  }
  // Rule 3: the union of the privileges of every referenced ACP; a missing one adds nothing.
  std::vector<resources::Resource> scratch(acpi.size());
  std::vector<const model::Json*> rule_sets;
  for (size_t i = 0; i < acpi.size(); ++i) {
    auto policy = readRecord(requester, PolicyReadCache::Kind::kPolicy, acpi[i], scratch[i]);
    if (policy.isOk() && isPolicyType(policy.value()->type())) {
      resources::AcpView view(*policy.value());
      rule_sets.push_back(self_privileges ? &view.selfPrivileges() : &view.privileges());
    } else if (!policy.isOk() && policy.status().rsc() == model::Rsc::kInternalServerError) {
      return policy.takeStatus();
    }
  }
  return evaluator_.decide(rule_sets, access);
}

}  // namespace citadel::security
