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
  if (context.parent.type() == ResourceType::kNode) return {};  // 0..n there
  // TS-0001 Tables 9.6.3-1 and 9.6.8-1: at most one under a <CSEBase> or a <subscription>. The
  // parent's lock is held, so no second one can appear meanwhile. Schedules are few: the type
  // index below the parent is read, not the parent's children.
  std::string below = context.parent.path() + "/";
  std::string after;
  do {
    CITADEL_ASSIGN_OR_RETURN(
        IdPage page, context.repository.typeIdPage(ResourceType::kSchedule, below, after,
                                                   ResourceRepository::kScanPage));
    for (const std::string& ri : page.ids) {
      CITADEL_ASSIGN_OR_RETURN(Resource sibling, context.repository.load(ri));
      if (sibling.pi() == context.parent.ri()) {
        return Status::badRequest("a <" + std::string(context.parent.type() ==
                                                              ResourceType::kCSEBase
                                                          ? "CSEBase"
                                                          : "subscription") +
                                      "> has at most one <schedule> (TS-0001 Tables 9.6.3-1 and "
                                      "9.6.8-1); update " + sibling.ri() + " instead",
                                  "schedule.one_per_parent");
      }
    }
    after = std::move(page.next);
  } while (!after.empty());
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
