#include "security/policy_read_cache.h"

namespace citadel::security {

model::Result<const resources::Resource*> PolicyReadCache::get(
    Kind kind, std::string_view id,
    const std::function<model::Result<resources::Resource>()>& load,
    resources::Resource& scratch) {
  std::string key(kind == Kind::kParent ? "p:" : "a:");
  key.append(id);
  if (auto found = records_.find(key); found != records_.end()) {
    return &found->second;
  }
  CITADEL_ASSIGN_OR_RETURN(resources::Resource record, load());
  if (records_.size() < kMaxRecords) {
    return &records_.emplace(std::move(key), std::move(record)).first->second;
  }
  scratch = std::move(record);
  return &scratch;
}

}  // namespace citadel::security
