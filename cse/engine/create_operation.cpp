// CREATE, TS-0004 §7.3.3.x / §7.2.2.2 (generic procedure, in its order), with the hooks of the
// new resource's type and its parent's type.
#include "cse/engine/announcement/announcer.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/notification/notification_uri_limits.h"
#include "resources/attribute_validator.h"
#include "resources/virtual_resources.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using model::Status;
using resources::Resource;

namespace {

Status checkResultContent(std::optional<ResultContent> rcn) {
  if (!rcn) {
    return {};
  }
  switch (*rcn) {
    case ResultContent::kNothing:
    case ResultContent::kAttributes:
    case ResultContent::kHierarchicalAddress:
    case ResultContent::kHierarchicalAddressAndAttributes:
    case ResultContent::kModifiedAttributes:
      return {};
    default:
      return Status::badRequest("resultContent (rcn) " + std::to_string(static_cast<int>(*rcn)) +
                                " is not valid for CREATE (allowed: 0, 1, 2, 3, 9)",
                                "rcn.invalid_for_create");
  }
}

}  // namespace

Result<Response> Dispatcher::create(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::ResolvedTarget& target = authorized.target();
  CITADEL_RETURN_IF_ERROR(checkResultContent(request.result_content));
  if (target.virtual_resource != resources::VirtualResource::kNone) {
    return Status::operationNotAllowed("cannot create a child of a virtual resource (la/ol)",
                                       "create.under_virtual");
  }
  const resources::TypeHandler* handler = types_.find(*request.resource_type);
  if (handler == nullptr) {
    return Status::badRequest("resource type (ty) " + std::to_string(*request.resource_type) +
                              " is not supported by this CSE", "create.unsupported_type");
  }
  if (handler->type() == model::ResourceType::kCSEBase) {
    return Status::operationNotAllowed("a <CSEBase> cannot be created", "create.cse_base");
  }
  const resources::TypeHandler& parent_handler = types_.get(target.resource().type());
  if (!parent_handler.allowsChild(handler->type()) &&
      handler->type() == model::ResourceType::kSubscription) {
    // TS-0004 §7.4.8.2.1 Recv-6.4: TARGET_NOT_SUBSCRIBABLE instead of the generic 4108.
    return Status(model::Rsc::kTargetNotSubscribable,
                  "resources of type " + std::to_string(static_cast<int>(target.resource().type())) +
                      " cannot be subscribed to", "create.not_subscribable");
  }
  if (!parent_handler.allowsChild(handler->type())) {
    return Status(model::Rsc::kInvalidChildResourceType,
                  "a resource of type " + std::to_string(*request.resource_type) +
                      " cannot be created under a resource of type " +
                      std::to_string(static_cast<int>(target.resource().type())),
                  "create.invalid_child_type");
  }
  CITADEL_ASSIGN_OR_RETURN(const Json* attributes, attributesOf(request, *handler));
  // A request without rvi is Release 1 (TS-0004 §7.3.2.1), and srv is mandatory for an AE only
  // from Release 2: "For AEs that do not include this attribute, the default release version
  // shall be Release 1" (TS-0001 Table 9.6.5-3). Such an AE is registered with srv ["1"].
  Json release1_ae;
  if (handler->type() == model::ResourceType::kAE && request.release_version_indicator.empty() &&
      !attributes->contains("srv")) {
    release1_ae = *attributes;
    release1_ae["srv"] = Json::array({"1"});
    attributes = &release1_ae;
  }
  CITADEL_RETURN_IF_ERROR(resources::validateAttributes(handler->type(),
                                                        resources::RequestKind::kCreate,
                                                        *attributes));
  CITADEL_RETURN_IF_ERROR(handler->validateCreate(*attributes));
  auto et_it = attributes->find("et");
  CITADEL_ASSIGN_OR_RETURN(std::string expiration,
                           expirationFor(et_it == attributes->end() ? nullptr : &*et_it));

  if (handler->type() == model::ResourceType::kSubscription) {
    // Bounded before verification, which sends to every entry (issue 15 #12).
    CITADEL_RETURN_IF_ERROR(checkNotificationUris(*attributes, notificationUriLimits()));
  }
  CITADEL_ASSIGN_OR_RETURN(std::string ri, handler->assignResourceId(authorized.originator(),
                                                                *attributes));
  if (listener_ != nullptr && handler->type() == model::ResourceType::kSubscription) {
    // Verification talks to the notification targets: before the lock, never under it.
    CITADEL_RETURN_IF_ERROR(
        listener_->verifySubscription(*attributes, ri, authorized.originator(), nullptr));
  }

  std::string parent_ri = target.resource().ri();
  std::unique_lock lock(locks_.forId(parent_ri));
  // Re-read under the lock: counters and limits may have moved since resolution.
  CITADEL_ASSIGN_OR_RETURN(Resource parent, repository_.load(parent_ri));
  Resource child;
  child.attributes = *attributes;
  storage::WriteBatch batch;
  resources::CreateContext context{request, authorized.originator(), parent, false, child, batch,
                                   repository_, clock_.now(),
                                   [&](const Resource& r) { return mayRetrieve(authorized, r); }};
  // A name the originator chose is checked here, before the type's own checks (4105 first, as
  // TS-0004's generic procedure orders it), and again by the store as a condition of the commit
  // below (whichever process wrote a duplicate). A name this CSE drew (the random resource ID)
  // is unique by construction: only the commit's condition covers it.
  auto given_name = attributes->find("rn");
  std::string name = given_name != attributes->end() ? given_name->get<std::string>() : ri;
  if (given_name != attributes->end()) {
    if (resources::isVirtualChildName(parent.type(), name)) {
      return Status::conflict("'" + name +
                                  "' is the resourceName of a virtual child of every "
                                  "resource of this type (TS-0004 Table 6.8-1); choose another rn",
                              "create.name_virtual");
    }
    CITADEL_ASSIGN_OR_RETURN(std::optional<std::string> sibling,
                             repository_.findChild(parent_ri, name));
    if (sibling) {
      return Status::conflict("a resource named '" + name + "' already exists under '" +
                                  parent.path() + "'", "create.name_taken");
    }
  }
  std::string now = model::formatPreciseTimestamp(context.now);  // ct/lt order within a second
  Json& a = child.attributes;
  a["ty"] = static_cast<int>(handler->type());
  a["ri"] = ri;
  a["rn"] = name;
  a["pi"] = parent_ri;
  a["ct"] = now;
  a["lt"] = now;
  a["et"] = expiration;
  if (handler->type() == model::ResourceType::kContainer) {
    applyDefaultQuotas(a);
  }
  if (a.contains("cr")) {
    a["cr"] = authorized.originator();  // TS-0001 §9.6.1.3: cr given as null, filled by the CSE
  }
  if (handler->hasStateTag()) {
    a["st"] = 0;
  }
  a[std::string(resources::kCreatorField)] = authorized.originator();
  a[std::string(resources::kPathField)] = parent.path() + "/" + name;
  // announceTo: the resource is stored without it; the at the announcement leaves (the
  // announced addresses) is stored after (TS-0001 §9.6.26.1: at lists announced resources).
  Json requested_at;
  bool announces = announcer_ != nullptr && handler->descriptor().announceable &&
                   (a.contains("at") || a.contains("aa"));
  if (announces) {
    CITADEL_RETURN_IF_ERROR(announcer_->check(handler->type(), a.value("at", Json()),
                                              a.value("aa", Json()), &parent));
    if (auto at = a.find("at"); at != a.end()) {
      requested_at = std::move(*at);
      a.erase("at");
    }
  }
  CITADEL_RETURN_IF_ERROR(handler->prepareCreate(context));
  CITADEL_RETURN_IF_ERROR(parent_handler.childWillBeAdded(context));
  resources::ResourceRepository::stagePut(batch, child);
  resources::ResourceRepository::stageIndexes(batch, child);
  // The name, the AE-ID and unique attributes (tokenID) as conditions: the store itself refuses
  // a duplicate that another process (or a path without the lock) committed. A resource ID this
  // CSE drew at random is unique by construction and spares the commit that lookup.
  resources::ResourceRepository::stageUniqueness(batch, child,
                                                 handler->resourceIdChosenByOriginator());
  if (context.parent_modified) {
    resources::ResourceRepository::stagePut(batch, parent);
  }
  // Acknowledge only after the batch is committed (storage/store.h crash promise). The parent,
  // rewritten by every CREATE of an instance (cni, st), goes to the record cache with the
  // write: the next CREATE's resolution and re-read find it there instead of in the store. The
  // child goes too when its parent says it is read again soon (an instance that a small mni
  // evicts); caching every new instance would only make the cache evict one, cold, per CREATE.
  auto parent_record = std::make_shared<Resource>(std::move(parent));
  auto child_record = std::make_shared<Resource>(std::move(child));
  const Resource& parent_ref = *parent_record;
  const Resource& child_ref = *child_record;
  if (Status committed = repository_.commit(
          batch, {context.parent_modified ? parent_record : nullptr,
                  context.child_read_soon ? child_record : nullptr});
      !committed.isOk()) {
    if (storage::isConditionFailed(committed)) {
      CITADEL_ASSIGN_OR_RETURN(std::optional<std::string> sibling,
                               repository_.findChild(parent_ri, name));
      if (sibling) {
        return Status::conflict("a resource named '" + name + "' already exists under '" +
                                    parent_ref.path() + "'", "create.name_taken");
      }
      return Status::conflict("a resource named '" + name + "' under '" + parent_ref.path() +
                                  "', with resource ID '" + ri +
                                  "' or with the same unique attribute was created concurrently",
                              storage::kConditionFailed);
    }
    return committed;
  }
  lock.unlock();
  notifyListener([&](ResourceEventListener& l) { l.created(parent_ref, child_ref); });
  if (announces && requested_at.is_array() && !requested_at.empty()) {
    // After the commit, outside the lock: the targets' answers are awaited. The answer carries
    // the stored at (TS-0004 §7.3.3.10 "Include the updated announceTo attribute").
    Json at = announcer_->announce(child_ref, requested_at);
    CITADEL_ASSIGN_OR_RETURN(Resource stored,
                             storeAnnounceTo(repository_, locks_, child_ref.ri(), at));
    child_record = std::make_shared<Resource>(std::move(stored));
    context.child_read_soon = false;  // the representation takes this private copy
  }

  Response response;
  response.status_code = model::Rsc::kCreated;
  response.request_id = request.request_id;
  response.content_location = child_record->path();
  // The representation takes the new record's attributes unless the record cache shares it.
  auto representation = [&] {
    return context.child_read_soon ? content_.resource(*child_record)
                                   : content_.resource(std::move(*child_record));
  };
  switch (request.result_content.value_or(ResultContent::kAttributes)) {
    case ResultContent::kNothing: break;
    case ResultContent::kHierarchicalAddress:
      response.content = Json{{"m2m:uri", child_record->path()}};
      break;
    case ResultContent::kHierarchicalAddressAndAttributes: {
      std::string path = child_record->path();
      response.content = Json{{"m2m:rce", representation()}};
      response.content["m2m:rce"]["uri"] = std::move(path);
      break;
    }
    case ResultContent::kModifiedAttributes:
      response.content =
          Json{{std::string(handler->rootName()),
                modifiedAttributes(*attributes, Json::object(), child_record->attributes)}};
      break;
    default: response.content = representation(); break;
  }
  return response;
}

}  // namespace citadel::engine
