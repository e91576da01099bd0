// UPDATE, TS-0004 §7.2.2.2 / §7.3.3.x: only RW attributes, null deletes, lt and st advance.
#include "cse/engine/announcement/announcer.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/notification/notification_uri_limits.h"
#include "resources/attribute_validator.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using model::Status;
using resources::Resource;

Result<Response> Dispatcher::update(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::ResolvedTarget& target = authorized.target();
  ResultContent rcn = request.result_content.value_or(ResultContent::kAttributes);
  if (rcn != ResultContent::kNothing && rcn != ResultContent::kAttributes &&
      rcn != ResultContent::kModifiedAttributes) {
    return Status::badRequest("resultContent (rcn) " + std::to_string(static_cast<int>(rcn)) +
                              " is not valid for UPDATE (allowed: 0, 1, 9)",
                              "rcn.invalid_for_update");
  }
  if (target.virtual_resource != resources::VirtualResource::kNone) {
    return Status::operationNotAllowed("la/ol cannot be updated", "update.virtual");
  }
  const resources::TypeHandler& handler = types_.get(target.resource().type());
  CITADEL_RETURN_IF_ERROR(handler.validateUpdate(request.content));
  CITADEL_ASSIGN_OR_RETURN(const Json* changes, attributesOf(request, handler));
  CITADEL_RETURN_IF_ERROR(resources::validateAttributes(handler.type(),
                                                        resources::RequestKind::kUpdate, *changes));
  if (isAuthorizationRequest(handler.type(), *changes)) {
    return answerAuthorizationRequest(authorized, *changes, rcn);  // TS-0004 §7.4.43-44
  }
  // TS-0001 §9.6.1.3.2: an UPDATE of acpi carries no other attribute.
  if (changes->contains("acpi") && changes->size() > 1) {
    return Status::badRequest("an UPDATE of accessControlPolicyIDs (acpi) must not change other "
                              "attributes in the same request", "update.acpi_not_alone");
  }
  std::optional<std::string> expiration;
  if (auto et = changes->find("et"); et != changes->end()) {
    if (et->is_null()) {
      return Status::badRequest("expirationTime (et) cannot be deleted", "update.et_null");
    }
    CITADEL_ASSIGN_OR_RETURN(expiration, expirationFor(&*et));
  }

  std::string ri = target.resource().ri();
  if (handler.type() == model::ResourceType::kSubscription) {
    // Bounded before verification, which sends to every new entry (issue 15 #12).
    CITADEL_RETURN_IF_ERROR(checkNotificationUris(*changes, notificationUriLimits()));
  }
  if (listener_ != nullptr && handler.type() == model::ResourceType::kSubscription &&
      (changes->contains("nu") || changes->contains("su"))) {
    // New notification targets are verified as on CREATE (TS-0001 §10.2.10.2): before the
    // lock, never under it.
    CITADEL_RETURN_IF_ERROR(listener_->verifySubscription(
        *changes, ri, authorized.originator(), &target.resource().attributes));
  }
  // announceTo and announcedAttribute drive the announcement (announcement/announcer.h): at
  // keeps its stored addresses through this commit and takes the announcement's result after.
  bool announces = announcer_ != nullptr && handler.descriptor().announceable;
  const Json* requested_at = nullptr;
  if (announces) {
    auto at = changes->find("at");
    requested_at = at != changes->end() ? &*at : nullptr;
  }
  if (announces && (requested_at != nullptr || changes->contains("aa"))) {
    CITADEL_ASSIGN_OR_RETURN(Resource parent, repository_.load(target.resource().pi()));
    CITADEL_RETURN_IF_ERROR(announcer_->check(handler.type(),
                                              requested_at ? *requested_at : Json(),
                                              changes->value("aa", Json()), &parent,
                                              &target.resource()));
  }
  std::unique_lock lock(locks_.forId(ri));
  CITADEL_ASSIGN_OR_RETURN(Resource resource, repository_.load(ri));
  const Resource before = resource;
  Json& a = resource.attributes;
  for (auto it = changes->begin(); it != changes->end(); ++it) {
    if (announces && it.key() == "at") {
      continue;
    }
    if (it->is_null()) {
      a.erase(it.key());
    } else {
      a[it.key()] = *it;
    }
  }
  if (expiration) {
    a["et"] = *expiration;
  }
  a["lt"] = model::formatPreciseTimestamp(clock_.now());
  if (handler.hasStateTag()) {
    a["st"] = resource.intAttribute("st", 0) + 1;
  }
  storage::WriteBatch batch;
  resources::UpdateContext context{
      resource, *changes, batch, repository_, clock_.now(),
      [&](const resources::Resource& r) { return mayRetrieve(authorized, r); }};
  CITADEL_RETURN_IF_ERROR(handler.onUpdated(context));
  if (listener_ != nullptr) {
    // Blocking_Update (TS-0004 §7.3.3.7, §7.5.1.2.19): under the lock, before the commit.
    CITADEL_RETURN_IF_ERROR(listener_->beforeUpdate(before, resource, *changes));
  }
  resources::ResourceRepository::stagePut(batch, resource);
  resources::ResourceRepository::stageIndexChanges(batch, before, resource);
  CITADEL_RETURN_IF_ERROR(repository_.commit(batch));
  lock.unlock();
  notifyListener([&](ResourceEventListener& l) { l.updated(resource, *changes); });
  if (announces && (requested_at != nullptr || before.has("at"))) {
    // After the commit, outside the lock: the announced resources are brought in step and the
    // answer carries the at that results (TS-0004 §7.3.3.10/.11).
    if (std::optional<Json> at = announcer_->synchronise(before, resource, *changes,
                                                         requested_at)) {
      CITADEL_ASSIGN_OR_RETURN(resource, storeAnnounceTo(repository_, locks_, ri, *at));
    }
  }

  Response response;
  response.status_code = model::Rsc::kUpdated;
  response.request_id = request.request_id;
  if (rcn == ResultContent::kAttributes) {
    response.content = content_.resource(resource);
  } else if (rcn == ResultContent::kModifiedAttributes) {
    Json modified = modifiedAttributes(*changes, before.attributes, a);
    modified["lt"] = a["lt"];  // set by every UPDATE, even within the same second
    response.content = Json{{std::string(handler.rootName()), std::move(modified)}};
  }
  // acr.aca: an originator whose UPDATE privilege covers some attributes only learns no
  // others from the answer (the rules' privileges "apply to" the listed attributes).
  authorized.context().decision.attributes.restrictRepresentation(response.content);
  return response;
}

}  // namespace citadel::engine
