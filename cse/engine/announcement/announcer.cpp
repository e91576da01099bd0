#include "cse/engine/announcement/announcer.h"

#include <algorithm>
#include <set>

#include "cse/model/address.h"
#include "cse/model/log.h"
#include "cse/random/random_id.h"
#include "resources/announced_attributes.h"
#include "resources/type_descriptor.h"

namespace citadel::engine {

using model::Json;
using model::Status;
using resources::Resource;

namespace {

// Identifier attributes sent SP-relative (TS-0004 §7.3.3.10: "in a format that is permitted
// ... for that request's target"): a CSE-relative ID means nothing on another CSE.
constexpr std::string_view kIdentifierAttributes[] = {"macp", "mid", "nl", "li", "aei", "daci"};

bool isIdentifierAttribute(std::string_view name) {
  return std::find(std::begin(kIdentifierAttributes), std::end(kIdentifierAttributes), name) !=
         std::end(kIdentifierAttributes);
}

// The string entries of a list attribute (at, aa); empty for anything else.
std::vector<std::string> stringsOf(const Json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const Json& entry : list) {
    if (entry.is_string()) out.push_back(entry.get<std::string>());
  }
  return out;
}

// The resource ID in a CREATE answer {"<root>": {"ri": ...}} from another CSE; "" when the
// answer has no such shape (a peer's body is never trusted to have it).
std::string createdId(const model::Response& answer, const std::string& root) {
  if (answer.status_code != model::Rsc::kCreated || !answer.content.is_object()) return "";
  auto resource = answer.content.find(root);
  if (resource == answer.content.end() || !resource->is_object()) return "";
  auto ri = resource->find("ri");
  return ri != resource->end() && ri->is_string() ? ri->get<std::string>() : "";
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The expirationTime of a <CSEBaseAnnc>: the <CSEBase> never expires, and the target clamps
// this to its own maximum (TS-0001 Table 9.6.26.2-1: "can be overridden by the policies of the
// remote CSE").
constexpr std::string_view kNoExpiry = "99991231T235959";

}  // namespace

std::optional<Announcer::Target> Announcer::targetOf(const std::string& entry) const {
  auto address = model::parseAddress(entry);
  if (!address.isOk() || address.value().scope == model::AddressScope::kCseRelative) {
    return std::nullopt;
  }
  const model::Address& parsed = address.value();
  if (parsed.scope == model::AddressScope::kAbsolute && parsed.sp_id != identity_.sp_id) {
    return std::nullopt;  // another SP: no route leads there (TS-0004 §7.3.2.6, this CSE)
  }
  if (parsed.cse_id.size() < 2 || parsed.cse_id == identity_.cse_id) {
    return std::nullopt;
  }
  Target target{parsed.cse_id, ""};
  if (!parsed.relative.empty()) target.address = parsed.cse_id + "/" + parsed.relative;
  return target;
}

Status Announcer::check(model::ResourceType type, const Json& at, const Json& aa,
                        const Resource* parent, const Resource* current) const {
  if (at.is_array() && at.size() > kMaxTargets) {
    // Each target costs a wait for its answer on the request's thread: bounded.
    return Status::badRequest("announceTo (at) lists " + std::to_string(at.size()) +
                                  " targets; at most " + std::to_string(kMaxTargets) +
                                  " are announced to",
                              "annc.too_many_targets");
  }
  std::vector<std::string> announced_now =
      current != nullptr ? stringsOf(current->attributes.value("at", Json()))
                         : std::vector<std::string>();
  if (at.is_array()) {
    for (const std::string& entry : stringsOf(at)) {
      if (!targetOf(entry)) {
        return Status::badRequest(
            "announceTo (at) entry '" + entry +
                "' is neither the CSE-ID of another CSE of this SP (\"/id-in\") nor an address "
                "on one (\"/id-in/cse-in/x\"): a resource is announced to another CSE (TS-0001 "
                "§9.6.26.1)",
            "annc.target_invalid");
      }
    }
  }
  if (aa.is_array()) {
    for (const std::string& name : stringsOf(aa)) {
      const resources::AnnouncedAttribute* entry = resources::findAnnouncedAttribute(type, name);
      if (entry == nullptr || entry->kind != resources::Announced::kOptional) {
        return Status::badRequest("announcedAttribute (aa) entry '" + name +
                                      "' is not an optional announced (OA) attribute of this "
                                      "resource type (TS-0001 §10.2.13.7)",
                                  "annc.aa_not_oa");
      }
    }
  }
  // An address entry must be one of the places this CSE announced the original's ancestors to
  // (its announced parent, grandparent, ..., or its <CSEBaseAnnc> there): this CSE sends the
  // CREATE as itself, and the target lets it create anywhere in its own announced subtree, so
  // an originator naming another resource's announced address would place its resource under
  // a resource that is not its own (a confused deputy).
  if (at.is_array() && parent != nullptr) {
    for (const std::string& entry : stringsOf(at)) {
      std::optional<Target> target = targetOf(entry);
      if (target && !target->address.empty() && !contains(announced_now, entry) &&
          !announcedByAncestor(*parent, entry)) {
        return Status::badRequest(
            "announceTo (at) entry '" + entry +
                "' is an address, but not that of an announced ancestor of this resource on '" +
                target->cse + "': name the CSE-ID instead",
            "annc.address_not_ancestor");
      }
    }
  }
  const resources::TypeDescriptor* descriptor = resources::findDescriptor(type);
  if (descriptor != nullptr && descriptor->instance_of && at.is_array() && parent != nullptr) {
    for (const std::string& entry : stringsOf(at)) {
      std::optional<Target> target = targetOf(entry);
      if (target && target->address.empty() && announcedOn(*parent, target->cse).empty()) {
        return Status::operationNotAllowed(
            "an instance is announced only to a CSE its parent is announced to (TS-0004 "
            "§7.3.3.10); the parent is not announced to '" + target->cse + "'",
            "annc.parent_not_announced");
      }
    }
  }
  return {};
}

bool Announcer::announcedByAncestor(const Resource& parent, const std::string& address) const {
  Resource current = parent;
  for (size_t depth = 0; depth < model::kMaxPathSegments + 1; ++depth) {
    if (contains(stringsOf(current.attributes.value("at", Json())), address)) return true;
    if (current.type() == model::ResourceType::kCSEBase || current.pi().empty()) return false;
    auto next = repository_.load(current.pi());
    if (!next.isOk()) return false;
    current = std::move(next).value();
  }
  return false;
}

std::string Announcer::announcedOn(const Resource& resource, const std::string& cse) const {
  for (const std::string& entry : stringsOf(resource.attributes.value("at", Json()))) {
    std::optional<Target> target = targetOf(entry);
    if (target && target->cse == cse && !target->address.empty()) return entry;
  }
  return "";
}

std::string Announcer::spRelative(const std::string& id) const {
  return id.starts_with("/") ? id : identity_.cse_id + "/" + id;
}

Json Announcer::policyIdsFor(const Resource& resource, const std::string& cse) const {
  std::vector<std::string> ids = resource.acpi();
  if (ids.empty() && !resource.pi().empty()) {
    auto parent = repository_.load(resource.pi());
    if (parent.isOk()) ids = parent.value().acpi();
  }
  Json out = Json::array();
  for (const std::string& id : ids) {
    std::string announced;
    if (!id.starts_with("/")) {
      auto policy = repository_.load(id);
      if (policy.isOk()) announced = announcedOn(policy.value(), cse);
    }
    out.push_back(announced.empty() ? spRelative(id) : announced);
  }
  return out;
}

Json Announcer::representation(const Resource& resource, const std::string& cse) const {
  const Json& a = resource.attributes;
  Json out = Json::object();
  out["lnk"] = identity_.cse_id + "/" + resource.ri();
  if (a.contains("et")) out["et"] = a["et"];
  if (a.contains("lbl")) out["lbl"] = a["lbl"];
  const resources::TypeDescriptor* announced =
      resources::findDescriptor(model::announcedTypeOf(resource.type()));
  if (announced != nullptr && announced->has_acpi) {
    Json ids = policyIdsFor(resource, cse);
    if (!ids.empty()) out["acpi"] = std::move(ids);
  }
  std::vector<std::string> aa = stringsOf(a.value("aa", Json()));
  for (const resources::AnnouncedAttribute& attribute :
       resources::announcedAttributesOf(resource.type())) {
    std::string name(attribute.name);
    if (!a.contains(name)) continue;
    if (attribute.kind == resources::Announced::kOptional && !contains(aa, name)) continue;
    Json value = a[name];
    if (isIdentifierAttribute(name)) {
      if (value.is_string()) {
        value = spRelative(value.get<std::string>());
      } else if (value.is_array()) {
        for (Json& entry : value) {
          if (entry.is_string()) entry = spRelative(entry.get<std::string>());
        }
      }
    }
    out[name] = std::move(value);
  }
  return out;
}

model::Response Announcer::send(model::Operation operation, const std::string& to,
                                std::optional<uint16_t> ty, Json content) {
  model::Request request;
  request.operation = operation;
  request.to = to;
  request.originator = identity_.cse_id;
  request.request_id = random::unguessableId("annc-");
  request.release_version_indicator = "3";
  request.resource_type = ty;
  request.content = std::move(content);
  request.transport.binding = model::Binding::kInternal;
  return local_.handle(std::move(request));
}

std::string Announcer::cseBaseAnnc(const std::string& cse, bool recreate) {
  // One at a time: two first announcements to one CSE must not make two <CSEBaseAnnc>s there.
  std::lock_guard serial(cse_base_annc_mutex_);
  std::string base_ri = identity_.cseBaseRi();
  auto base = repository_.load(base_ri);
  if (!base.isOk()) return "";
  std::string known = announcedOn(base.value(), cse);
  if (!known.empty() && !recreate) return known;
  const Json& a = base.value().attributes;
  Json attributes = {{"lnk", identity_.cse_id}, {"et", std::string(kNoExpiry)}};
  for (const char* name : {"srv", "cst", "csi", "poa", "csz"}) {
    if (a.contains(name)) attributes[name] = a[name];
  }
  if (a.contains("lbl")) attributes["lbl"] = a["lbl"];
  std::string root(resources::findDescriptor(model::ResourceType::kCSEBaseAnnc)->short_name);
  model::Response answer =
      send(model::Operation::kCreate, cse,
           static_cast<uint16_t>(model::ResourceType::kCSEBaseAnnc), Json{{root, attributes}});
  std::string created = createdId(answer, root);
  if (created.empty()) {
    LOG_WARN("announcement: <CSEBaseAnnc> at " << cse << " refused: rsc "
                                               << static_cast<int>(answer.status_code));
    return "";
  }
  std::string address = cse + "/" + created;
  // Kept in the <CSEBase>'s own at, so that a restart finds it (TS-0004 §7.3.3.10 "check if
  // the Hosting CSE has created a <CSEBaseAnnc>").
  std::vector<std::string> at = stringsOf(a.value("at", Json()));
  std::erase_if(at, [&](const std::string& entry) {
    std::optional<Target> target = targetOf(entry);
    return target && target->cse == cse;
  });
  at.push_back(address);
  if (auto stored = storeAnnounceTo(repository_, locks_, base_ri, Json(at)); !stored.isOk()) {
    LOG_ERROR("announcement: could not record <CSEBaseAnnc> " << address << ": "
                                                              << stored.status().dbg());
  }
  return address;
}

std::string Announcer::announceTo(const Resource& resource, const Target& target) {
  const resources::TypeDescriptor* announced =
      resources::findDescriptor(model::announcedTypeOf(resource.type()));
  if (announced == nullptr) return "";
  std::string root(announced->short_name);
  Json content = {{root, representation(resource, target.cse)}};
  auto ty = static_cast<uint16_t>(announced->type);
  std::string parent = target.address;
  bool under_cse_base_annc = false;
  if (parent.empty()) {
    auto original_parent = repository_.load(resource.pi());
    if (original_parent.isOk()) parent = announcedOn(original_parent.value(), target.cse);
  }
  if (parent.empty()) {
    parent = cseBaseAnnc(target.cse, false);
    under_cse_base_annc = true;
  }
  if (parent.empty()) return "";
  model::Response answer = send(model::Operation::kCreate, parent, ty, content);
  if (answer.status_code == model::Rsc::kNotFound && under_cse_base_annc) {
    // Our <CSEBaseAnnc> there is gone (deleted or expired): made again, once.
    parent = cseBaseAnnc(target.cse, true);
    if (parent.empty()) return "";
    answer = send(model::Operation::kCreate, parent, ty, content);
  }
  std::string ri = createdId(answer, root);
  if (ri.empty()) {
    LOG_WARN("announcement of " << resource.ri() << " to " << target.cse << " refused: rsc "
                                << static_cast<int>(answer.status_code));
    return "";
  }
  return target.cse + "/" + ri;
}

Json Announcer::announce(const Resource& created, const Json& requested_at) {
  Json at = Json::array();
  std::set<std::string> done;
  for (const std::string& entry : stringsOf(requested_at)) {
    std::optional<Target> target = targetOf(entry);
    if (!target || !done.insert(target->cse).second) continue;  // one per CSE
    std::string address = announceTo(created, *target);
    if (!address.empty()) at.push_back(address);
  }
  return at;
}

void Announcer::remove(const std::string& address) {
  model::Response answer = send(model::Operation::kDelete, address, std::nullopt, Json());
  if (answer.status_code != model::Rsc::kDeleted &&
      answer.status_code != model::Rsc::kNotFound) {
    LOG_WARN("de-announcement of " << address << " failed: rsc "
                                   << static_cast<int>(answer.status_code));
  }
}

std::optional<Json> Announcer::synchronise(const Resource& before, const Resource& after,
                                           const Json& changes, const Json* requested_at) {
  std::vector<std::string> current = stringsOf(before.attributes.value("at", Json()));
  std::vector<std::string> kept = current;
  bool at_changed = false;
  Json added = Json::array();
  if (requested_at != nullptr) {
    std::vector<std::string> requested = stringsOf(*requested_at);
    std::set<std::string> requested_cses;
    for (const std::string& entry : requested) {
      if (std::optional<Target> target = targetOf(entry)) requested_cses.insert(target->cse);
    }
    // TS-0004 §7.3.3.11: an announced resource whose address (or CSE-ID) is no longer listed
    // is deleted.
    kept.clear();
    for (const std::string& address : current) {
      std::optional<Target> target = targetOf(address);
      if (target && (contains(requested, address) || contains(requested, target->cse))) {
        kept.push_back(address);
      } else {
        remove(address);
        at_changed = true;
      }
    }
    // §7.3.3.10: a new CSE-ID (or address) is announced to.
    std::set<std::string> covered;
    for (const std::string& address : kept) covered.insert(targetOf(address)->cse);
    for (const std::string& entry : requested) {
      std::optional<Target> target = targetOf(entry);
      if (!target || covered.contains(target->cse)) continue;
      covered.insert(target->cse);
      std::string address = announceTo(after, *target);
      at_changed = true;
      if (!address.empty()) added.push_back(address);
    }
  }
  // Attribute synchronisation of the resources announced before (§7.3.3.10/.11).
  if (!kept.empty()) {
    std::vector<std::string> aa_before = stringsOf(before.attributes.value("aa", Json()));
    std::vector<std::string> aa_after = stringsOf(after.attributes.value("aa", Json()));
    Json full = representation(after, "");
    Json update = Json::object();
    for (const auto& [name, value] : changes.items()) {
      if (name == "at" || name == "aa") continue;
      const resources::AnnouncedAttribute* entry =
          resources::findAnnouncedAttribute(after.type(), name);
      bool common = name == "lbl" || name == "et" || name == "acpi";
      bool announced = common || (entry != nullptr &&
                                  (entry->kind == resources::Announced::kMandatory ||
                                   contains(aa_after, name)));
      if (announced) update[name] = full.contains(name) ? full[name] : Json(nullptr);
    }
    for (const std::string& name : aa_after) {
      if (!contains(aa_before, name) && full.contains(name)) update[name] = full[name];
    }
    for (const std::string& name : aa_before) {
      if (!contains(aa_after, name)) update[name] = nullptr;
    }
    if (!update.empty()) {
      const resources::TypeDescriptor* descriptor =
          resources::findDescriptor(model::announcedTypeOf(after.type()));
      for (const std::string& address : kept) {
        Json body = update;
        if (body.contains("acpi")) {
          body["acpi"] = policyIdsFor(after, targetOf(address)->cse);
          if (descriptor != nullptr && !descriptor->has_acpi) body.erase("acpi");
        }
        if (body.empty()) continue;
        model::Response answer =
            send(model::Operation::kUpdate, address, std::nullopt,
                 Json{{std::string(descriptor->short_name), std::move(body)}});
        if (answer.status_code != model::Rsc::kUpdated) {
          LOG_WARN("announcement update of " << address << " failed: rsc "
                                             << static_cast<int>(answer.status_code));
        }
      }
    }
  }
  if (!at_changed) return std::nullopt;
  Json at = Json(kept);
  for (const Json& address : added) at.push_back(address);
  return at;
}

model::Response Announcer::toOriginal(const Resource& announced, const model::Request& request,
                                      const std::string& originator) {
  std::string link = announced.attributes.value("lnk", "");
  if (!targetOf(link)) {
    model::Response refused;
    refused.status_code = model::Rsc::kNotFound;
    refused.content = Json{{"m2m:dbg", "the link (lnk) of this announced resource names no "
                                       "other CSE of this SP: no original to reach"}};
    return refused;
  }
  model::Request out;
  out.operation = request.operation;
  out.to = link;
  out.originator = originator;
  out.request_id = random::unguessableId("annc-");
  out.release_version_indicator =
      request.release_version_indicator.empty() ? "3" : request.release_version_indicator;
  out.event_category = request.event_category;
  out.request_expiration_timestamp = request.request_expiration_timestamp;
  out.tokens = request.tokens;
  out.token_ids = request.token_ids;
  out.role_ids = request.role_ids;
  if (request.operation == model::Operation::kRetrieve) {
    out.result_content = model::ResultContent::kAttributes;
  } else {
    out.content = request.content;
  }
  out.transport.binding = model::Binding::kInternal;
  return local_.handle(std::move(out));
}

void Announcer::deannounce(const std::vector<Resource>& removed) {
  std::set<std::string> removed_ids;
  for (const Resource& resource : removed) removed_ids.insert(resource.ri());
  for (const Resource& resource : removed) {
    std::vector<std::string> at = stringsOf(resource.attributes.value("at", Json()));
    if (at.empty()) continue;
    const Resource* parent = nullptr;
    for (const Resource& candidate : removed) {
      if (candidate.ri() == resource.pi()) parent = &candidate;
    }
    for (const std::string& address : at) {
      std::optional<Target> target = targetOf(address);
      if (!target) continue;
      // The announced parent on that CSE goes with its subtree: no request for this one.
      if (parent != nullptr && !announcedOn(*parent, target->cse).empty()) continue;
      remove(address);
    }
  }
}

model::Result<Resource> storeAnnounceTo(resources::ResourceRepository& repository,
                                        StripeLocks& locks, const std::string& ri,
                                        const Json& at) {
  std::lock_guard lock(locks.forId(ri));
  CITADEL_ASSIGN_OR_RETURN(Resource resource, repository.load(ri));
  Resource before = resource;
  if (at.is_array() && !at.empty()) {
    resource.attributes["at"] = at;
  } else {
    resource.attributes.erase("at");
  }
  if (resource.attributes == before.attributes) return resource;
  storage::WriteBatch batch;
  resources::ResourceRepository::stagePut(batch, resource);
  resources::ResourceRepository::stageIndexChanges(batch, before, resource);
  CITADEL_RETURN_IF_ERROR(repository.commit(batch));
  return resource;
}

}  // namespace citadel::engine
