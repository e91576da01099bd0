#include "resources/types/schedule.h"

#include "resources/types/schedule_entry.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status checkEntries(const Json& attributes) {
  if (auto se = attributes.find("se"); se != attributes.end()) {
    auto parsed = parseScheduleEntries(*se);
    if (!parsed.isOk()) return parsed.takeStatus();
  }
  return {};
}

Status notUnderNode() {
  return Status(model::Rsc::kContentsUnacceptable,
                "networkCoordinated (nco) applies only to a <schedule> under a <node> "
                "(TS-0004 §7.4.9.2.1)",
                "schedule.nco_not_under_node");
}

}  // namespace

Status ScheduleType::validateCreate(const Json& attributes) const {
  return checkEntries(attributes);
}

Status ScheduleType::prepareCreate(CreateContext& context) const {
  if (context.child.attributes.contains("nco") &&
      context.parent.type() != ResourceType::kNode) {
    return notUnderNode();
  }
  return {};
}

Status ScheduleType::validateUpdate(const Json& content) const {
  auto root = content.is_object() ? content.find("m2m:sch") : content.end();
  if (root == content.end() || !root->is_object()) return {};
  return checkEntries(*root);
}

Status ScheduleType::onUpdated(UpdateContext& context) const {
  if (!context.changes.contains("nco")) return {};
  CITADEL_ASSIGN_OR_RETURN(Resource parent, context.repository.load(context.resource.pi()));
  if (parent.type() != ResourceType::kNode) return notUnderNode();
  return {};
}

}  // namespace citadel::resources
