#include "cse/engine/dispatcher.h"

#include "cse/model/log.h"
#include "resources/views/container_view.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::Result;
using model::Status;

Dispatcher::Dispatcher(resources::ResourceRepository& repository,
                       const resources::TypeRegistry& types,
                       const resources::CseIdentity& identity, const model::Clock& clock,
                       const security::AccessDecider& access, EngineSettings settings)
    : repository_(repository),
      types_(types),
      identity_(identity),
      clock_(clock),
      settings_(settings),
      content_(repository, types, settings.max_child_results, settings.max_response_bytes),
      discovery_(repository, settings.max_discovery_results, settings.max_response_bytes),
      access_(access) {}

Response Dispatcher::dispatch(const security::AuthorizedRequest& request) {
  Result<Response> result = Status::internal("operation not dispatched");
  const model::Request& primitive = request.request();
  if (primitive.operation != model::Operation::kRetrieve && !primitive.filter_criteria.is_null()) {
    // RETRIEVE parses its filter; the others do not use one, but an unknown query parameter
    // (which the HTTP binding hands over as an attribute condition) is refused on every
    // operation (TS-0009 §6.2.2.2).
    auto parsed = parseFilterCriteria(primitive.filter_criteria);
    if (!parsed.isOk()) {
      return Response::fromStatus(parsed.status(), primitive.request_id);
    }
    // TS-0004 §7.3.3.1: UPDATE and DELETE act only on a target that matches the conditions;
    // "if there are no matching target resources", NOT_FOUND.
    bool filtered = primitive.operation == model::Operation::kUpdate ||
                    primitive.operation == model::Operation::kDelete;
    if (filtered && request.target().virtual_resource == resources::VirtualResource::kNone &&
        !parsed.value().matches(request.target().resource(), &repository_,
                                [&](const resources::Resource& r) {
                                  return mayRetrieve(request, r);
                                })) {
      return Response::fromStatus(targetDoesNotMatch(), primitive.request_id);
    }
  }
  {
    // With storage.sync, the operation's commits are fsynced here, after it released its
    // parent lock, so that writers into one container share an fsync (group commit); nothing
    // is answered before (storage/store.h).
    storage::DeferredSync durable(repository_.store());
    switch (request.request().operation) {
      case model::Operation::kCreate: result = create(request); break;
      case model::Operation::kRetrieve: result = retrieve(request); break;
      case model::Operation::kUpdate: result = update(request); break;
      case model::Operation::kDelete: result = remove(request); break;
      case model::Operation::kNotify: result = notify(request); break;
    }
    if (Status synced = durable.await(); !synced.isOk()) {
      result = synced;
    }
  }
  notifyListener([&](ResourceEventListener& l) {
    l.operationRequested(request.target().resource(), request.request());
  });
  if (!result.isOk()) {
    const Status& status = result.status();
    if (status.rsc() == model::Rsc::kInternalServerError) {
      LOG_ERROR("request " << model::logSafe(request.request().request_id)
                           << " failed: " << status.dbg());
    }
    return Response::fromStatus(status, request.request().request_id);
  }
  return std::move(result).value();
}

void Dispatcher::applyDefaultQuotas(model::Json& attributes) const {
  // TS-0001 §9.6.7: "If the platform has policies for contentInstance retention, these shall be
  // represented by the attributes maxByteSize, maxNrOfInstances and/or maxInstanceAge" of the
  // <container>: the platform's default quotas become the container's own, visible and
  // changeable by its owner like any it set itself.
  if (settings_.default_mni > 0 && !attributes.contains("mni")) {
    attributes["mni"] = settings_.default_mni;
  }
  if (settings_.default_mbs > 0 && !attributes.contains("mbs")) {
    attributes["mbs"] = settings_.default_mbs;
  }
}

void Dispatcher::logListenerFailure(const char* what) {
  LOG_ERROR("event listener failed after commit: " << what);
}

bool Dispatcher::mayRetrieve(const security::AuthorizedRequest& request,
                             const resources::Resource& resource) const {
  return retrieveDecision(request, resource).granted;
}

security::AccessDecision Dispatcher::retrieveDecision(const security::AuthorizedRequest& request,
                                                      const resources::Resource& resource) const {
  if (resource.type() == model::ResourceType::kContentInstance &&
      instancesDisabled(request, resource)) {
    return {false, "retrieve.disr"};
  }
  return access_.decide(security::Requester::of(request.context()), resource,
                        model::AccessOperation::kRetrieve);
}

bool Dispatcher::instancesDisabled(const security::AuthorizedRequest& request,
                                   const resources::Resource& instance) const {
  // TS-0001 Table 9.6.6-3 disr: RETRIEVE/UPDATE/DELETE of a child <contentInstance> are
  // "rejected at all times" while the container's disableRetrieval is true, whichever path
  // reaches the instance (rcn 4/8 child lists, la/ol, its own address).
  const resources::Resource& target = request.target().resource();
  if (instance.pi() == target.ri()) {
    return resources::ContainerView(target).disableRetrieval();
  }
  auto parent = repository_.load(instance.pi());
  return !parent.isOk() || resources::ContainerView(parent.value()).disableRetrieval();
}

Result<const Json*> Dispatcher::attributesOf(const model::Request& request,
                                             const resources::TypeHandler& handler) const {
  const Json& content = request.content;
  if (!content.is_object() || content.size() != 1) {
    return Status::badRequest("content must be one object whose single member is the resource "
                              "type's root, here '" + std::string(handler.rootName()) + "'",
                              "content.bad_root");
  }
  auto it = content.begin();
  if (it.key() != handler.rootName()) {
    return Status::badRequest("content root '" + it.key() + "' does not match the resource "
                              "type: expected '" + std::string(handler.rootName()) + "'",
                              "content.wrong_root");
  }
  for (auto attr = it->begin(); it->is_object() && attr != it->end(); ++attr) {
    if (attr.key().starts_with("_")) {
      return Status::badRequest("unknown attribute '" + attr.key() + "'",
                                "validate.unknown_attribute");
    }
  }
  return &*it;
}

Result<std::string> Dispatcher::expirationFor(const Json* requested) const {
  model::TimePoint now = clock_.now();
  model::TimePoint latest = now + std::chrono::seconds(settings_.expiration_max_s);
  if (requested == nullptr || requested->is_null()) {
    auto fallback = now + std::chrono::seconds(settings_.expiration_default_s);
    return model::formatTimestamp(std::min(fallback, latest));
  }
  auto et = model::parseTimestamp(requested->get_ref<const std::string&>());
  if (!et || *et <= now) {
    return Status::badRequest("expirationTime (et) " + requested->get<std::string>() +
                              " is in the past", "validate.et_past");
  }
  return model::formatTimestamp(std::min(*et, latest));
}

}  // namespace citadel::engine
