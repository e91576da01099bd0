// addressedToOwner (cse/engine/polling/polling_channel_sender.h): which requests may enter a
// polling channel. An <AE>'s channel takes only requests addressed to its AE-ID; a <remoteCSE>'s
// (a request-unreachable CSE) takes what is routed to that CSE or to a CSE registered below it,
// and nothing CSE-relative (which would name a resource of this CSE).
#include <gtest/gtest.h>

#include "cse/engine/polling/polling_channel_sender.h"

namespace citadel::engine {
namespace {

using resources::Resource;

Resource ae() {
  Resource r;
  r.attributes = {{"ty", 2}, {"ri", "Cae"}, {"aei", "Cae"}};
  return r;
}

Resource remoteCse() {
  Resource r;
  r.attributes = {{"ty", 16}, {"ri", "id-mn"}, {"csi", "/id-mn"}, {"dcse", {"/id-asn"}}};
  return r;
}

TEST(PollingChannelOwnerTest, AnAesChannelTakesOnlyItsAeId) {
  EXPECT_TRUE(addressedToOwner(ae(), "Cae"));
  EXPECT_FALSE(addressedToOwner(ae(), ""));
  EXPECT_FALSE(addressedToOwner(ae(), "Cother"));
  EXPECT_FALSE(addressedToOwner(ae(), "Cae/child"));
  EXPECT_FALSE(addressedToOwner(ae(), "pch://Cae"));
}

TEST(PollingChannelOwnerTest, ACsesChannelTakesWhatIsRoutedToItOrBelowIt) {
  EXPECT_TRUE(addressedToOwner(remoteCse(), "/id-mn"));
  EXPECT_TRUE(addressedToOwner(remoteCse(), "/id-mn/cse-mn/cnt"));
  EXPECT_TRUE(addressedToOwner(remoteCse(), "/id-mn/Cae"));
  EXPECT_TRUE(addressedToOwner(remoteCse(), "//citadel.example.com/id-mn/cse-mn"));
  EXPECT_TRUE(addressedToOwner(remoteCse(), "/id-asn/cse-asn/x"));  // listed in dcse
}

TEST(PollingChannelOwnerTest, ACsesChannelRefusesEverythingElse) {
  EXPECT_FALSE(addressedToOwner(remoteCse(), ""));
  EXPECT_FALSE(addressedToOwner(remoteCse(), "cse-in/x"));  // CSE-relative: a local resource
  EXPECT_FALSE(addressedToOwner(remoteCse(), "/id-other/cse/x"));
  EXPECT_FALSE(addressedToOwner(remoteCse(), "/id-mnx/cse"));
  EXPECT_FALSE(addressedToOwner(remoteCse(), "pch://id-mn"));
  Resource container;
  container.attributes = {{"ty", 3}, {"ri", "cnt"}};
  EXPECT_FALSE(addressedToOwner(container, "/id-mn/x"));
}

}  // namespace
}  // namespace citadel::engine
