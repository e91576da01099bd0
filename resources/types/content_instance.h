#pragma once
// <contentInstance> (ty 4, m2m:cin), TS-0001 §9.6.7 / TS-0004 §7.4.7: immutable once created,
// governed by its container's ACPs (it has no acpi).

#include "resources/type_handler.h"

namespace citadel::resources {

class ContentInstanceType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kContentInstance; }
  // Time-ordered (timeOrderedResourceId): instances are created at high rates and in order.
  model::Result<std::string> assignResourceId(const std::string& originator) const override;
  model::Status prepareCreate(CreateContext& context) const override;
  model::Status validateUpdate(const model::Json& changes) const override;
};

// contentSize (cs): the byte length of `con` (a string's bytes, otherwise its JSON text).
int64_t contentSize(const model::Json& content);

}  // namespace citadel::resources
