#include "resources/types/content_instance.h"

namespace citadel::resources {

int64_t contentSize(const model::Json& content) {
  if (content.is_string()) {
    return static_cast<int64_t>(content.get_ref<const std::string&>().size());
  }
  return static_cast<int64_t>(content.dump().size());
}

model::Result<std::string> ContentInstanceType::assignResourceId(const std::string&) const {
  return timeOrderedResourceId(idPrefix(), std::chrono::system_clock::now());
}

model::Status ContentInstanceType::prepareCreate(CreateContext& context) const {
  context.child.attributes["cs"] = contentSize(context.child.attributes["con"]);
  return {};
}

model::Status ContentInstanceType::validateUpdate(const model::Json&) const {
  // TS-0004 §7.4.7.2.3: a <contentInstance> cannot be updated.
  return model::Status::operationNotAllowed("a <contentInstance> cannot be updated",
                                            "cin.update");
}

}  // namespace citadel::resources
