// Duplicate detection (RFC 7252 §4.5) and block-wise state (RFC 7959), with time advanced by
// hand instead of sleeping.
#include "bindings/coap/coap_transfer_state.h"

#include <gtest/gtest.h>

namespace citadel::coap {
namespace {

using std::chrono::seconds;

const Clock::time_point kStart{};

TEST(ExchangeCacheTest, AnswersARetransmissionWithTheStoredResponse) {
  ExchangeCache cache(16, seconds(247));
  std::string response;
  EXPECT_EQ(cache.begin("p:1", 7, kStart, &response), ExchangeCache::Seen::kNew);
  EXPECT_EQ(cache.begin("p:1", 7, kStart, &response), ExchangeCache::Seen::kInProgress);
  cache.complete("p:1", 7, "bytes");
  EXPECT_EQ(cache.begin("p:1", 7, kStart + seconds(10), &response),
            ExchangeCache::Seen::kAnswered);
  EXPECT_EQ(response, "bytes");
  // Another peer or Message ID is a new exchange.
  EXPECT_EQ(cache.begin("p:2", 7, kStart, &response), ExchangeCache::Seen::kNew);
  EXPECT_EQ(cache.begin("p:1", 8, kStart, &response), ExchangeCache::Seen::kNew);
}

TEST(ExchangeCacheTest, ForgetsAfterTheLifetimeAndWhenFull) {
  ExchangeCache cache(4, seconds(247));
  std::string response;
  cache.begin("p", 1, kStart, &response);
  cache.complete("p", 1, "r");
  EXPECT_EQ(cache.begin("p", 1, kStart + seconds(248), &response), ExchangeCache::Seen::kNew);
  for (uint16_t id = 100; id < 110; ++id) cache.begin("p", id, kStart + seconds(300), &response);
  EXPECT_LE(cache.size(), 4u);
}

TEST(Block1AssemblerTest, JoinsBlocksInOrder) {
  Block1Assembler assembler(1 << 20, 8, seconds(60));
  std::string a(64, 'a');
  std::string b(64, 'b');
  using Kind = Block1Assembler::Outcome::Kind;
  EXPECT_EQ(assembler.add("k", {0, true, 2}, a, 150, kStart).kind, Kind::kContinue);
  EXPECT_EQ(assembler.add("k", {1, true, 2}, b, std::nullopt, kStart).kind, Kind::kContinue);
  auto last = assembler.add("k", {2, false, 2}, "cc", std::nullopt, kStart);
  ASSERT_EQ(last.kind, Kind::kComplete);
  EXPECT_EQ(last.body, a + b + "cc");
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, AcceptsASmallerBlockSizeMidTransfer) {
  Block1Assembler assembler(1 << 20, 8, seconds(60));
  using Kind = Block1Assembler::Outcome::Kind;
  EXPECT_EQ(assembler.add("k", {0, true, 3}, std::string(128, 'a'), {}, kStart).kind,
            Kind::kContinue);
  // Offset 128 with 64-byte blocks is block 2.
  auto last = assembler.add("k", {2, false, 2}, "z", {}, kStart);
  ASSERT_EQ(last.kind, Kind::kComplete);
  EXPECT_EQ(last.body.size(), 129u);
}

TEST(Block1AssemblerTest, RejectsOutOfOrderAndUnknownBlocks) {
  Block1Assembler assembler(1 << 20, 8, seconds(60));
  using Kind = Block1Assembler::Outcome::Kind;
  auto orphan = assembler.add("k", {3, true, 2}, std::string(64, 'x'), {}, kStart);
  EXPECT_EQ(orphan.kind, Kind::kError);
  EXPECT_EQ(orphan.error_code, code(4, 8));
  assembler.add("k", {0, true, 2}, std::string(64, 'x'), {}, kStart);
  auto skipped = assembler.add("k", {2, true, 2}, std::string(64, 'x'), {}, kStart);
  EXPECT_EQ(skipped.error_code, code(4, 8));
  EXPECT_EQ(assembler.transfers(), 0u);
}

TEST(Block1AssemblerTest, RejectsShortBlocksAndTooLargeBodies) {
  Block1Assembler assembler(100, 8, seconds(60));
  auto short_block = assembler.add("k", {0, true, 2}, "abc", {}, kStart);
  EXPECT_EQ(short_block.error_code, code(4, 0));
  auto announced = assembler.add("k", {0, true, 2}, std::string(64, 'x'), 1000, kStart);
  EXPECT_EQ(announced.error_code, code(4, 13));
  assembler.add("j", {0, true, 2}, std::string(64, 'x'), {}, kStart);
  auto grown = assembler.add("j", {1, true, 2}, std::string(64, 'x'), {}, kStart);
  EXPECT_EQ(grown.error_code, code(4, 13));
}

TEST(Block1AssemblerTest, ForgetsStaleTransfersAndBoundsTheirNumber) {
  Block1Assembler assembler(1 << 20, 2, seconds(60));
  using Kind = Block1Assembler::Outcome::Kind;
  assembler.add("a", {0, true, 2}, std::string(64, 'x'), {}, kStart);
  auto late = assembler.add("a", {1, false, 2}, "y", {}, kStart + seconds(61));
  EXPECT_EQ(late.kind, Kind::kError);
  for (const char* key : {"b", "c", "d"}) {
    assembler.add(key, {0, true, 2}, std::string(64, 'x'), {}, kStart + seconds(100));
  }
  EXPECT_LE(assembler.transfers(), 2u);
}

TEST(Block2StoreTest, SlicesAStoredBody) {
  CoapMessage full;
  full.code = code(2, 5);
  full.options = {{option::kOneM2mRsc, encodeUint(2000)}};
  full.payload = std::string(100, 'a') + std::string(50, 'b');
  Block2Store store(4, seconds(60));
  store.put("k", full, kStart);
  auto stored = store.get("k", kStart + seconds(1));
  ASSERT_TRUE(stored.has_value());
  CoapMessage first = sliceBlock2(*stored, {0, false, 2});
  EXPECT_EQ(first.payload, std::string(64, 'a'));
  EXPECT_EQ(*first.option(option::kBlock2), encodeBlock({0, true, 2}));
  EXPECT_EQ(*first.option(option::kSize2), encodeUint(150));
  EXPECT_EQ(*first.option(option::kOneM2mRsc), encodeUint(2000));
  CoapMessage last = sliceBlock2(*stored, {2, false, 2});
  EXPECT_EQ(last.payload, std::string(22, 'b'));
  EXPECT_EQ(*last.option(option::kBlock2), encodeBlock({2, false, 2}));
  CoapMessage beyond = sliceBlock2(*stored, {3, false, 2});
  EXPECT_EQ(beyond.code, code(4, 2));
  EXPECT_FALSE(store.get("k", kStart + seconds(61)).has_value());
}

TEST(Block2StoreTest, DropsThePeersOldestResponseWhenItsShareIsFull) {
  CoapMessage body;
  body.code = code(2, 5);
  body.payload = std::string(1000, 'a');
  Block2Store store(64, seconds(60), {.max_bytes = 100000, .max_peer_bytes = 2500});
  ASSERT_TRUE(store.put("a1", body, kStart, "peer-a"));
  ASSERT_TRUE(store.put("b1", body, kStart + seconds(1), "peer-b"));
  ASSERT_TRUE(store.put("a2", body, kStart + seconds(2), "peer-a"));
  ASSERT_TRUE(store.put("a3", body, kStart + seconds(3), "peer-a"));
  EXPECT_FALSE(store.get("a1", kStart + seconds(4)).has_value()) << "peer-a's oldest went";
  EXPECT_TRUE(store.get("a2", kStart + seconds(4)).has_value());
  EXPECT_TRUE(store.get("b1", kStart + seconds(4)).has_value()) << "other peers keep theirs";
  EXPECT_LE(store.bytes(), 3 * 2500u);
}

TEST(Block2StoreTest, DropsTheOldestResponseWhenTheTotalIsFull) {
  CoapMessage body;
  body.payload = std::string(1000, 'a');
  Block2Store store(64, seconds(60), {.max_bytes = 2500, .max_peer_bytes = 2500});
  ASSERT_TRUE(store.put("a", body, kStart, "peer-a"));
  ASSERT_TRUE(store.put("b", body, kStart + seconds(1), "peer-b"));
  ASSERT_TRUE(store.put("c", body, kStart + seconds(2), "peer-c"));
  EXPECT_FALSE(store.get("a", kStart + seconds(3)).has_value());
  EXPECT_TRUE(store.get("c", kStart + seconds(3)).has_value());
  EXPECT_LE(store.bytes(), 2500u);
}

TEST(Block2StoreTest, RefusesAResponseLargerThanAPeersShare) {
  CoapMessage body;
  body.payload = std::string(3000, 'a');
  Block2Store store(64, seconds(60), {.max_bytes = 100000, .max_peer_bytes = 2500});
  EXPECT_FALSE(store.put("a", body, kStart, "peer-a"));
  EXPECT_FALSE(store.get("a", kStart).has_value());
  EXPECT_EQ(store.bytes(), 0u);
}

TEST(TransferKeyTest, IgnoresBlockOptionsButNotTheRest) {
  CoapMessage a;
  a.code = code(0, 1);
  a.options = {{option::kUriPath, "x"}, {option::kBlock2, encodeBlock({1, false, 6})}};
  CoapMessage b = a;
  b.setOption(option::kBlock2, encodeBlock({2, false, 6}));
  b.setOption(option::kSize2, "");
  EXPECT_EQ(transferKey("p", a, false), transferKey("p", b, false));
  EXPECT_NE(transferKey("p", a, false), transferKey("q", a, false));
  b.options.emplace_back(option::kUriQuery, "rcn=1");
  EXPECT_NE(transferKey("p", a, false), transferKey("p", b, false));
  CoapMessage tagged = a;
  tagged.options.emplace_back(option::kRequestTag, "t");
  EXPECT_EQ(transferKey("p", a, false), transferKey("p", tagged, false));
  EXPECT_NE(transferKey("p", a, true), transferKey("p", tagged, true));
}

}  // namespace
}  // namespace citadel::coap
