#include "resources/types/container.h"

#include <algorithm>

#include "resources/type_descriptor.h"
#include "resources/views/container_view.h"

namespace citadel::resources {
namespace {

constexpr size_t kEvictionChunk = 64;
// An instance of a container whose mni is at most this is kept in the record cache when it is
// created (CreateContext::child_read_soon): its eviction reads it mni CREATEs later, and the
// cache (2,048 records) still holds it. Above, caching each instance only evicts another.
constexpr int64_t kCachedInstancesUpTo = 256;

struct Limits {
  int64_t max_instances;  // mni, -1 when unset
  int64_t max_bytes;      // mbs, -1 when unset
  int64_t max_age_s;      // mia, -1 when unset
};

Limits limitsOf(const Resource& container) {
  ContainerView view(container);
  return {view.maxNrOfInstances(), view.maxByteSize(), view.maxInstanceAge()};
}

// True when the oldest instance must go to make room for `incoming` more instances of
// `incoming_bytes` more bytes at `now`.
bool mustEvict(const Resource& container, const Limits& limits, const Resource& oldest,
               int64_t incoming, int64_t incoming_bytes, model::TimePoint now) {
  int64_t cni = ContainerView(container).currentNrOfInstances();
  int64_t cbs = ContainerView(container).currentByteSize();
  if (limits.max_instances >= 0 && cni + incoming > limits.max_instances) {
    return true;
  }
  if (limits.max_bytes >= 0 && cbs + incoming_bytes > limits.max_bytes) {
    return true;
  }
  if (limits.max_age_s >= 0) {
    auto created = model::parseTimestamp(oldest.attributes.value("ct", ""));
    if (created && *created + std::chrono::seconds(limits.max_age_s) <= now) {
      return true;
    }
  }
  return false;
}

void removeInstance(Resource& container, const Resource& instance, storage::WriteBatch& batch) {
  ResourceRepository::stageRemove(batch, instance);
  auto& a = container.attributes;
  ContainerView view(container);
  int64_t count = view.currentNrOfInstances() - 1;
  int64_t bytes = view.currentByteSize() - instance.intAttribute("cs", 0);
  a["cni"] = std::max<int64_t>(0, count);
  a["cbs"] = std::max<int64_t>(0, bytes);
}

// Removes the oldest instances, oldest first, while `evict(instance)` says so. Before each read
// `pending()` says how many more the limits can still require (0: none, stop without reading);
// a read loads that many, or more as reads repeat (1, 2, 4, … up to kEvictionChunk), so the
// common case, one instance over `mni`, costs exactly one seek and one load (issue 25 #1).
template <typename Predicate, typename Pending>
model::Status evictOldest(Resource& container, storage::WriteBatch& batch,
                          ResourceRepository& repository, Predicate evict, Pending pending) {
  size_t growth = 1;
  while (ContainerView(container).currentNrOfInstances() > 0) {
    size_t wanted = pending();
    if (wanted == 0) {
      break;
    }
    size_t chunk = std::clamp<size_t>(std::max(wanted, growth), 1, kEvictionChunk);
    growth = std::min(growth * 2, kEvictionChunk);
    CITADEL_ASSIGN_OR_RETURN(std::vector<ResourceRepository::SharedRecord> oldest,
                             repository.oldestInstances(container, chunk));
    if (oldest.empty()) {
      break;
    }
    for (const auto& shared : oldest) {
      const Resource& instance = *shared;
      if (!evict(instance)) {
        return {};
      }
      removeInstance(container, instance, batch);
      // Later seeks start after the evicted instance (see oldestInstances).
      container.attributes[std::string(kOldestSeqField)] = instance.intAttribute("st", 0) + 1;
    }
  }
  return {};
}

// How many more of the oldest instances the limits can require removing: the overshoot of
// `mni` (known from cni), 1 when only `mbs` is exceeded (sizes are known once read) or when
// `mia` is set (the oldest instance's ct decides), else 0.
size_t pendingEvictions(const Resource& container, const Limits& limits, int64_t incoming,
                        int64_t incoming_bytes) {
  ContainerView view(container);
  if (limits.max_instances >= 0) {
    int64_t over = view.currentNrOfInstances() + incoming - limits.max_instances;
    if (over > 0) {
      return static_cast<size_t>(over);
    }
  }
  if (limits.max_bytes >= 0 && view.currentByteSize() + incoming_bytes > limits.max_bytes) {
    return 1;
  }
  return limits.max_age_s >= 0 ? 1 : 0;
}

// Removes the oldest instances while the limits require it, deciding from cni/cbs before
// anything is loaded: most CREATEs into a limited container evict nothing, or exactly the one
// oldest instance. Evicted instances are deleted in the same batch as the change that made them
// too many.
model::Status enforceLimits(Resource& container, int64_t incoming, int64_t incoming_bytes,
                            storage::WriteBatch& batch, ResourceRepository& repository,
                            model::TimePoint now) {
  Limits limits = limitsOf(container);
  return evictOldest(
      container, batch, repository,
      [&](const Resource& instance) {
        return mustEvict(container, limits, instance, incoming, incoming_bytes, now);
      },
      [&] { return pendingEvictions(container, limits, incoming, incoming_bytes); });
}

// TS-0001 Table 9.6.6-2 disableRetrieval: "When the value is updated from 'TRUE' to 'FALSE', all
// existing <contentInstance> are deleted immediately", in the batch of that UPDATE.
model::Status removeAllInstances(Resource& container, storage::WriteBatch& batch,
                                 ResourceRepository& repository) {
  CITADEL_RETURN_IF_ERROR(evictOldest(
      container, batch, repository, [](const Resource&) { return true; },
      [] { return kEvictionChunk; }));
  container.attributes["cni"] = 0;
  container.attributes["cbs"] = 0;
  return {};
}

// True when this UPDATE turns disr from true to false (set false, or removed: its default is
// false, TS-0004 Table 7.4.6.1-3).
bool disablesRetrievalNoMore(const UpdateContext& context) {
  auto disr = context.changes.find("disr");
  if (disr == context.changes.end() || (!disr->is_null() && *disr != false)) {
    return false;
  }
  auto stored = context.repository.load(context.resource.ri());
  return stored.isOk() && ContainerView(stored.value()).disableRetrieval();
}

}  // namespace

model::Status ContainerType::prepareCreate(CreateContext& context) const {
  auto& a = context.child.attributes;
  a["cni"] = 0;
  a["cbs"] = 0;
  a["st"] = 0;
  return {};
}

model::Status ContainerType::childWillBeAdded(CreateContext& context) const {
  if (!isInstanceOf(context.child.type(), ResourceType::kContainer)) {
    return {};
  }
  Resource& container = context.parent;
  int64_t size = context.child.intAttribute("cs", 0);
  int64_t max_bytes = ContainerView(container).maxByteSize();
  // TS-0004 §7.4.7.2.1: an instance larger than mbs is refused; nothing is stored.
  if (max_bytes >= 0 && size > max_bytes) {
    return {model::Rsc::kNotAcceptable,
            "content size " + std::to_string(size) + " exceeds the container's maxByteSize (mbs) " +
                std::to_string(max_bytes), "container.mbs_exceeded"};
  }
  CITADEL_RETURN_IF_ERROR(
      enforceLimits(container, 1, size, context.batch, context.repository, context.now));
  // The container's st advances and the instance takes the new value; it also orders the
  // instance index (resources/key_layout.h).
  int64_t state_tag = ContainerView(container).stateTag() + 1;
  auto& a = container.attributes;
  a["st"] = state_tag;
  a["cni"] = ContainerView(container).currentNrOfInstances() + 1;
  a["cbs"] = ContainerView(container).currentByteSize() + size;
  context.child.attributes["st"] = state_tag;
  int64_t max_age = ContainerView(container).maxInstanceAge();
  if (max_age >= 0) {
    // The instance expires no later than ct + mia.
    auto limit = context.now + std::chrono::seconds(max_age);
    auto et = model::parseTimestamp(context.child.attributes.value("et", ""));
    if (!et || *et > limit) {
      context.child.attributes["et"] = model::formatTimestamp(limit);
    }
  }
  context.parent_modified = true;
  int64_t max_instances = ContainerView(container).maxNrOfInstances();
  context.child_read_soon = max_instances >= 0 && max_instances <= kCachedInstancesUpTo;
  return {};
}

model::Status ContainerType::onUpdated(UpdateContext& context) const {
  if (disablesRetrievalNoMore(context)) {
    return removeAllInstances(context.resource, context.batch, context.repository);
  }
  // Lowered limits prune at once (TS-0004 §7.4.6.2.3, as other CSEs do).
  if (!context.changes.contains("mni") && !context.changes.contains("mbs") &&
      !context.changes.contains("mia")) {
    return {};
  }
  return enforceLimits(context.resource, 0, 0, context.batch, context.repository, context.now);
}

model::Status ContainerType::childWillBeRemoved(Resource& parent, const Resource& child,
                                                storage::WriteBatch& batch) const {
  if (isInstanceOf(child.type(), ResourceType::kContainer)) {
    auto& a = parent.attributes;
    ContainerView view(parent);
    int64_t count = view.currentNrOfInstances() - 1;
    int64_t bytes = view.currentByteSize() - child.intAttribute("cs", 0);
    a["cni"] = std::max<int64_t>(0, count);
    a["cbs"] = std::max<int64_t>(0, bytes);
  }
  return {};
}

}  // namespace citadel::resources
