// checkNotificationUris (cse/engine/notification/notification_uri_limits.h): the nu list's
// bounds in entries and bytes (issue 15 #12).
#include "cse/engine/notification/notification_uri_limits.h"

#include <gtest/gtest.h>

namespace citadel::engine {
namespace {

using model::Json;

TEST(NotificationUriLimitsTest, AcceptsAListWithinBothBounds) {
  NotificationUriLimits limits{.max_entries = 2, .max_bytes = 10};
  EXPECT_TRUE(checkNotificationUris({{"nu", {"abcde", "fghij"}}}, limits).isOk());
  EXPECT_TRUE(checkNotificationUris(Json::object(), limits).isOk()) << "no nu";
  EXPECT_TRUE(checkNotificationUris({{"nu", nullptr}}, limits).isOk()) << "nu deleted";
}

TEST(NotificationUriLimitsTest, RefusesTooManyEntries) {
  model::Status status = checkNotificationUris({{"nu", {"a", "b", "c"}}}, {2, 100});
  EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "subscription.nu_too_many");
  EXPECT_NE(status.dbg().find("at most 2"), std::string::npos) << status.dbg();
}

TEST(NotificationUriLimitsTest, RefusesEntriesLongerTogetherThanTheByteBound) {
  model::Status status = checkNotificationUris({{"nu", {"abcdef", "ghijk"}}}, {5, 10});
  EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "subscription.nu_too_large");
  EXPECT_NE(status.dbg().find("at most 10"), std::string::npos) << status.dbg();
}

}  // namespace
}  // namespace citadel::engine
