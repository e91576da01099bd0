// DELETE, TS-0004 §7.3.3.x: the target and its whole subtree in one batch; the parent's
// counters follow (a container's cni/cbs).
#include "cse/engine/announcement/announcer.h"
#include "cse/engine/dispatcher.h"
#include "cse/engine/registration_notice.h"
#include "resources/types/group_member_removal.h"
#include "resources/types/request.h"

namespace citadel::engine {

using model::Json;
using model::Response;
using model::ResultContent;
using model::Result;
using model::Status;
using resources::Resource;

Status Dispatcher::stageSubtreeRemoval(const Resource& root, storage::WriteBatch& batch,
                                       std::vector<Resource>* removed) {
  std::vector<std::string> pending{root.ri()};
  resources::ResourceRepository::stageRemove(batch, root);
  removed->push_back(root);
  while (!pending.empty()) {
    std::string ri = std::move(pending.back());
    pending.pop_back();
    std::vector<std::string> children;
    CITADEL_RETURN_IF_ERROR(repository_.appendChildIds(ri, &children));
    for (const auto& child_ri : children) {
      auto child = repository_.load(child_ri);
      if (!child.isOk()) {
        if (child.status().rsc() == model::Rsc::kNotFound) {
          continue;
        }
        return child.takeStatus();
      }
      resources::ResourceRepository::stageRemove(batch, child.value());
      removed->push_back(std::move(child).value());
      pending.push_back(child_ri);
    }
  }
  return {};
}

Result<Response> Dispatcher::remove(const security::AuthorizedRequest& authorized) {
  const model::Request& request = authorized.request();
  const resources::ResolvedTarget& target = authorized.target();
  ResultContent rcn = request.result_content.value_or(ResultContent::kNothing);
  bool with_children = rcn == ResultContent::kAttributesAndChildResources ||
                       rcn == ResultContent::kAttributesAndChildResourceReferences ||
                       rcn == ResultContent::kChildResourceReferences ||
                       rcn == ResultContent::kChildResources;
  if (rcn != ResultContent::kNothing && rcn != ResultContent::kAttributes && !with_children) {
    return Status::badRequest("resultContent (rcn) " + std::to_string(static_cast<int>(rcn)) +
                              " is not valid for DELETE (allowed: 0, 1, 4, 5, 6, 8)",
                              "rcn.invalid_for_delete");
  }
  CITADEL_RETURN_IF_ERROR(types_.get(target.resource().type()).validateDelete());

  Resource victim = target.resource();
  if (target.virtual_resource != resources::VirtualResource::kNone) {
    // TS-0004 §7.4.27.2.4: DELETE on la/ol deletes that instance.
    CITADEL_ASSIGN_OR_RETURN(resources::ResourceRepository::SharedRecord found,
                             target.virtual_resource == resources::VirtualResource::kLatest
                                 ? repository_.latestInstance(victim)
                                 : repository_.oldestInstance(victim));
    if (!found) {
      return Status::notFound("the container has no content instance", "delete.no_instance");
    }
    victim = *found;
  }
  if (victim.type() == model::ResourceType::kContentInstance &&
      instancesDisabled(authorized, victim)) {
    // TS-0004 §7.4.7.2.4 / §7.4.27.2.4: an instance of a container with disableRetrieval
    // cannot be deleted, by its address or through la/ol.
    return Status::operationNotAllowed("the container has disableRetrieval (disr) set",
                                       "delete.disr");
  }

  Response response;
  response.status_code = model::Rsc::kDeleted;
  response.request_id = request.request_id;
  if (rcn == ResultContent::kAttributes) {
    response.content = content_.resource(victim);
  } else if (with_children) {
    ChildPage page;
    CITADEL_ASSIGN_OR_RETURN(
        response.content,
        content_.withChildren(victim, rcn, &page, [&](const Resource& child) {
          return mayRetrieve(authorized, child);
        }));
  }

  std::string parent_ri = victim.pi();
  std::string ri = victim.ri();
  std::mutex& parent_lock = locks_.forId(parent_ri);
  std::mutex& own_lock = locks_.forId(ri);
  // Both stripes, in a fixed order (scoped_lock avoids deadlock; one lock if they coincide).
  std::unique_lock<std::mutex> first, second;
  if (&parent_lock == &own_lock) {
    first = std::unique_lock(parent_lock);
  } else {
    std::lock(parent_lock, own_lock);
    first = std::unique_lock(parent_lock, std::adopt_lock);
    second = std::unique_lock(own_lock, std::adopt_lock);
  }
  // Re-read under the locks: a concurrent DELETE may have won.
  CITADEL_ASSIGN_OR_RETURN(victim, repository_.load(ri));
  if (victim.type() == model::ResourceType::kRequest) {
    // TS-0004 §7.4.12.2.4: deleting a waiting <request> cancels its operation (the worker
    // finds it gone); one whose operation runs cannot be recalled. Under the record lock
    // that the worker's claim takes too.
    CITADEL_RETURN_IF_ERROR(resources::checkRecall(victim));
  }
  CITADEL_ASSIGN_OR_RETURN(Resource parent, repository_.load(parent_ri));
  storage::WriteBatch batch;
  std::vector<Resource> removed;
  CITADEL_RETURN_IF_ERROR(stageSubtreeRemoval(victim, batch, &removed));
  // TS-0001 §9.6.13: the removed resources leave every group that lists them, in this batch.
  CITADEL_RETURN_IF_ERROR(
      resources::stageMemberRemoval(repository_, removed, batch, clock_.now()));
  Json before = parent.attributes;
  CITADEL_RETURN_IF_ERROR(types_.get(parent.type()).childWillBeRemoved(parent, victim, batch));
  if (parent.attributes != before) {
    resources::ResourceRepository::stagePut(batch, parent);
  }
  CITADEL_RETURN_IF_ERROR(repository_.commit(batch));
  if (second.owns_lock()) {
    second.unlock();
  }
  first.unlock();
  notifyListener([&](ResourceEventListener& l) { l.deleted(parent, removed); });
  if (announcer_ != nullptr) {
    // TS-0004 §7.3.3.11: the announced resources go with their original.
    announcer_->deannounce(removed);
  }
  if (registration_notice_ != nullptr &&
      removed.front().type() == model::ResourceType::kRemoteCSE) {
    // TS-0001 §10.2.2.10: a deregistration deletes the <remoteCSE> on both CSEs.
    registration_notice_->remoteCseDeleted(removed.front(), authorized.originator());
  }
  return response;
}

}  // namespace citadel::engine
