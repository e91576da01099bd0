// NotificationSchedules (cse/engine/notification/notification_schedules.h): which subscriptions
// a notificationSchedule holds back at a given time, as schedules are created, updated and
// deleted, and as their subscription goes.
#include "cse/engine/notification/notification_schedules.h"

#include <gtest/gtest.h>

namespace citadel::engine {
namespace {

using model::Json;

model::TimePoint at(const char* timestamp) { return *model::parseTimestamp(timestamp); }

Json entries(std::initializer_list<const char*> lines) {
  Json sce = Json::array();
  for (const char* line : lines) sce.push_back(line);
  return {{"sce", sce}};
}

TEST(NotificationSchedulesTest, ASubscriptionWithoutScheduleIsNeverHeldBack) {
  NotificationSchedules schedules;
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T030000")));
  schedules.set("sub1", "sch1", entries({"* * 8-20 * * * *"}));
  EXPECT_TRUE(schedules.allows("sub2", at("20270101T030000")));
}

TEST(NotificationSchedulesTest, FollowsItsScheduleThroughUpdatesAndDeletion) {
  NotificationSchedules schedules;
  schedules.set("sub1", "sch1", entries({"* * 8-20 * * * *"}));
  EXPECT_FALSE(schedules.allows("sub1", at("20270101T030000")));
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T090000")));
  schedules.update("sub1", "sch1", entries({"* * 0-5 * * * *"}));
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T030000")));
  EXPECT_FALSE(schedules.allows("sub1", at("20270101T090000")));
  // An UPDATE of a schedule it does not know (a node's) changes nothing.
  schedules.update("nod1", "sch9", entries({"* * * * * * *"}));
  EXPECT_TRUE(schedules.allows("nod1", at("20270101T090000")));
  schedules.remove("sub1", "sch1");
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T090000")));
}

TEST(NotificationSchedulesTest, AnyScheduleOfTheSubscriptionMayLetAnEventThrough) {
  NotificationSchedules schedules;
  schedules.set("sub1", "a", entries({"* * 1 * * * *"}));
  schedules.set("sub1", "b", entries({"* * 2 * * * *"}));
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T020000")));
  EXPECT_FALSE(schedules.allows("sub1", at("20270101T030000")));
  schedules.forget("sub1");  // the subscription is gone
  EXPECT_TRUE(schedules.allows("sub1", at("20270101T030000")));
}

TEST(NotificationSchedulesTest, AMalformedElementLetsNothingThrough) {
  // The type's checks keep such values out of the store; should one get in, it allows nothing.
  NotificationSchedules schedules;
  schedules.set("sub1", "sch1", Json("not a schedule"));
  EXPECT_FALSE(schedules.allows("sub1", at("20270101T020000")));
}

}  // namespace
}  // namespace citadel::engine
