// EstablishedKeyStore: the ESCertKE keys of the ESPrim Receiver, bounded per originator and in
// all, so that one originator running the procedure again and again cannot push out another's
// key, and expired keys are never found.
#include "security/esprim/established_key_store.h"

#include <gtest/gtest.h>

#include "tests/support/in_process_cse.h"

namespace citadel::security::esprim {
namespace {

PairwiseKey establishedKey(const std::string& id, const std::string& originator,
                           model::TimePoint expires) {
  return PairwiseKey{id, originator, std::string(32, 'k'), expires};
}

TEST(EstablishedKeyStoreTest, AnOriginatorsOwnOldestKeyMakesRoomForItsNewOne) {
  testing::FakeClock clock;
  model::TimePoint later = clock.now() + std::chrono::hours(1);
  EstablishedKeyStore keys(8, 2);
  keys.add(establishedKey("other", "Cother", later), clock.now());
  keys.add(establishedKey("a1", "Cflood", later), clock.now());
  keys.add(establishedKey("a2", "Cflood", later), clock.now());
  keys.add(establishedKey("a3", "Cflood", later), clock.now());
  EXPECT_FALSE(keys.find("a1", clock.now()));
  EXPECT_TRUE(keys.find("a2", clock.now()));
  EXPECT_TRUE(keys.find("a3", clock.now()));
  EXPECT_TRUE(keys.find("other", clock.now()));
  EXPECT_EQ(keys.size(), 3u);
}

TEST(EstablishedKeyStoreTest, WhenFullTheKeyThatEndsSoonestGoes) {
  testing::FakeClock clock;
  EstablishedKeyStore keys(2, 4);
  keys.add(establishedKey("soon", "Ca", clock.now() + std::chrono::minutes(1)), clock.now());
  keys.add(establishedKey("late", "Cb", clock.now() + std::chrono::hours(1)), clock.now());
  keys.add(establishedKey("new", "Cc", clock.now() + std::chrono::hours(1)), clock.now());
  EXPECT_FALSE(keys.find("soon", clock.now()));
  EXPECT_TRUE(keys.find("late", clock.now()));
  EXPECT_TRUE(keys.find("new", clock.now()));
}

TEST(EstablishedKeyStoreTest, ExpiredKeysAreNotFoundAndGoFirst) {
  testing::FakeClock clock;
  EstablishedKeyStore keys(2, 4);
  keys.add(establishedKey("short", "Ca", clock.now() + std::chrono::seconds(10)), clock.now());
  keys.add(establishedKey("long", "Cb", clock.now() + std::chrono::hours(1)), clock.now());
  clock.advance(std::chrono::seconds(10));
  EXPECT_FALSE(keys.find("short", clock.now()));
  keys.add(establishedKey("next", "Cc", clock.now() + std::chrono::hours(1)), clock.now());
  EXPECT_TRUE(keys.find("long", clock.now()));
  EXPECT_TRUE(keys.find("next", clock.now()));
  EXPECT_EQ(keys.size(), 2u);
}

TEST(EstablishedKeyStoreTest, ASecondKeyUnderTheSameIdReplacesTheFirst) {
  testing::FakeClock clock;
  EstablishedKeyStore keys(4, 4);
  model::TimePoint later = clock.now() + std::chrono::hours(1);
  keys.add(establishedKey("k", "Ca", later), clock.now());
  keys.add(PairwiseKey{"k", "Ca", std::string(32, 'n'), later}, clock.now());
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.find("k", clock.now())->key, std::string(32, 'n'));
}

}  // namespace
}  // namespace citadel::security::esprim
