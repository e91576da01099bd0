// SessionKeyCache: a cached session key is exactly the derived one, and an input that differs in
// anything (the pairwise key, a field of either rand object) never gets another's key.
#include "security/esprim/session_key_cache.h"

#include <gtest/gtest.h>

#include "security/esprim/session_key.h"

namespace citadel::security::esprim {
namespace {

ReceiverRandObject cacheReceiver() {
  return {"u0123", "v00112233445566778899aabbccddeeff", "20261206T180000", {1}, {10, 11, 12}};
}
OriginatorRandObject cacheOriginator() {
  return {"o1", "vffeeddccbbaa99887766554433221100", "20261206T170000", 1, {12}};
}
const std::string kCachePairwise(16, '\x42');

TEST(SessionKeyCacheTest, GivesTheDerivedKeyAndKeepsIt) {
  SessionKeyCache cache;
  auto derived = deriveSessionKey(kCachePairwise, cacheReceiver(), cacheOriginator());
  ASSERT_TRUE(derived.isOk());
  for (int i = 0; i < 3; ++i) {
    auto cached = cache.sessionKey(kCachePairwise, cacheReceiver(), cacheOriginator());
    ASSERT_TRUE(cached.isOk());
    EXPECT_EQ(cached.value(), derived.value());
  }
  EXPECT_EQ(cache.size(), 1u);
}

TEST(SessionKeyCacheTest, AnyOtherInputGetsItsOwnKey) {
  SessionKeyCache cache;
  ASSERT_TRUE(cache.sessionKey(kCachePairwise, cacheReceiver(), cacheOriginator()).isOk());
  // Same cache name (rri, ori, esrv), other inputs: each must be derived, not served.
  std::string other_key(16, '\x43');
  OriginatorRandObject later = cacheOriginator();
  later.expiry = "20261206T171000";
  ReceiverRandObject other_receiver = cacheReceiver();
  other_receiver.expiry = "20261206T190000";
  struct Case {
    std::string key;
    ReceiverRandObject receiver;
    OriginatorRandObject originator;
  };
  for (const Case& c : {Case{other_key, cacheReceiver(), cacheOriginator()},
                        Case{kCachePairwise, cacheReceiver(), later},
                        Case{kCachePairwise, other_receiver, cacheOriginator()}}) {
    auto expected = deriveSessionKey(c.key, c.receiver, c.originator);
    auto got = cache.sessionKey(c.key, c.receiver, c.originator);
    ASSERT_TRUE(expected.isOk() && got.isOk());
    EXPECT_EQ(got.value(), expected.value());
  }
  // And the first inputs still get theirs.
  EXPECT_EQ(cache.sessionKey(kCachePairwise, cacheReceiver(), cacheOriginator()).value(),
            deriveSessionKey(kCachePairwise, cacheReceiver(), cacheOriginator()).value());
}

TEST(SessionKeyCacheTest, IsBounded) {
  SessionKeyCache cache(4);
  for (int i = 0; i < 10; ++i) {
    OriginatorRandObject originator = cacheOriginator();
    originator.id = "o" + std::to_string(i);
    ASSERT_TRUE(cache.sessionKey(kCachePairwise, cacheReceiver(), originator).isOk());
  }
  EXPECT_EQ(cache.size(), 4u);
}

TEST(SessionKeyCacheTest, AnUnsupportedAlgorithmIsRefusedAndNotKept) {
  SessionKeyCache cache;
  OriginatorRandObject originator = cacheOriginator();
  originator.key_gen_alg = 9;
  EXPECT_FALSE(cache.sessionKey(kCachePairwise, cacheReceiver(), originator).isOk());
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace citadel::security::esprim
