#pragma once
// <schedule> (ty 18, m2m:sch), TS-0001 §9.6.9 / TS-0004 §7.4.9: when its parent may act — under
// a <subscription> (its notificationSchedule) when notifications may be sent, which this CSE
// enforces (cse/engine/notification/notification_schedules.h); under the <CSEBase> the CSE's
// reachability schedule and under a <node> the node's, both kept as information (this CSE
// forwards requests whenever a route answers). scheduleElement (se) is checked entry by entry
// (schedule_entry.h); networkCoordinated (nco) only under a <node> (4102 otherwise, §7.4.9.2.1
// and .3).

#include "resources/type_handler.h"

namespace citadel::resources {

class ScheduleType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kSchedule; }
  // 4000 for a malformed se.
  model::Status validateCreate(const model::Json& attributes) const override;
  // 4102 when nco is given and the parent is not a <node>; 4000 for a second <schedule> under
  // a <CSEBase> or a <subscription> (multiplicity 0..1).
  model::Status prepareCreate(CreateContext& context) const override;
  model::Status validateUpdate(const model::Json& content) const override;
  // 4102 when nco is given and the parent is not a <node>.
  model::Status onUpdated(UpdateContext& context) const override;
};

}  // namespace citadel::resources
