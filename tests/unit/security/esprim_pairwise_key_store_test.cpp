// The pre-provisioned pairwiseESPrimKey store (SUID 13): its line format, the optional expiry,
// its 0600 rule, and hostile text; no error message ever shows a key.
#include "security/esprim/pairwise_key_store.h"

#include <gtest/gtest.h>
#include "tests/support/key_file_checks.h"
#include "tests/support/status_macros.h"

namespace citadel::security::esprim {
namespace {

constexpr const char* kKeyHex = "00112233445566778899aabbccddeeff";  // 16 bytes
constexpr const char* kOtherKeyHex =
    "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";  // 32 bytes

model::TimePoint at(const char* timestamp) { return *model::parseTimestamp(timestamp); }

TEST(EsprimPairwiseKeyStoreTest, ParsesKeysWithAndWithoutExpiry) {
  std::string text = std::string("# ESPrim keys\n\nlamp-k1 Cae1 ") + kKeyHex +
                     "  # the lamp\r\nmn-k\t/id-mn\t" + kOtherKeyHex + "\t20270101T000000\n";
  auto store = PairwiseKeyStore::parse(text, "esprim.keys");
  ASSERT_OK(store);
  EXPECT_EQ(store.value().size(), 2u);
  auto lamp = store.value().find("lamp-k1", at("20990101T000000"));
  ASSERT_TRUE(lamp.has_value());
  EXPECT_EQ(lamp->originator, "Cae1");
  EXPECT_EQ(lamp->key_id, "lamp-k1");
  ASSERT_EQ(lamp->key.size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(lamp->key[15]), 0xff);
  EXPECT_FALSE(lamp->expires.has_value());
  auto mn = store.value().find("mn-k", at("20261231T235959"));
  ASSERT_TRUE(mn.has_value());
  EXPECT_EQ(mn->originator, "/id-mn");
  EXPECT_EQ(mn->key.size(), 32u);
  // Expired at its expiry (4112 for the caller), and unknown IDs, prefixes and extensions.
  EXPECT_FALSE(store.value().find("mn-k", at("20270101T000000")).has_value());
  for (const char* unknown : {"", "lamp", "lamp-k1x", "LAMP-K1", "nobody"}) {
    EXPECT_FALSE(store.value().find(unknown, at("20261231T000000")).has_value()) << unknown;
  }
}

TEST(EsprimPairwiseKeyStoreTest, RefusesMalformedLinesNamingTheLineButNotTheKey) {
  const std::string good = std::string("ok Cok ") + kKeyHex + "\n";
  std::vector<testing::MalformedLine> cases = {
      {std::string("only-two ") + kKeyHex, "found 2 fields"},
      {std::string("a Ca ") + kKeyHex + " 20270101T000000 extra", "found 5 fields"},
      {"short Cs 00112233", "16 to 64 bytes"},
      {std::string("long Cl ") + kOtherKeyHex + kOtherKeyHex + "00", "16 to 64 bytes"},
      {"odd Co 00112233445566778899aabbccddeef", "16 to 64 bytes"},
      {"nothex Cn 0011223344556677889900112233445z", "16 to 64 bytes"},
      {std::string(129, 'i') + " Ci " + kKeyHex, "key ID must be 1 to 128"},
      {std::string("id ") + std::string(129, 'C') + " " + kKeyHex, "originator"},
      {std::string("exp Ce ") + kKeyHex + " tomorrow", "expiry must be a timestamp"},
      {std::string("exp Ce ") + kKeyHex + " 20271301T000000", "expiry must be a timestamp"},
      {std::string("ok Cdup ") + kOtherKeyHex, "appears twice"},
  };
  testing::expectMalformedLinesRefused(&PairwiseKeyStore::parse, good, cases,
                                       {kKeyHex, kOtherKeyHex}, "/data/esprim.keys");
  EXPECT_EQ(PairwiseKeyStore::parse("short Cs 00", "f").status().reason(), "config.esprim_keys");
}

TEST(EsprimPairwiseKeyStoreTest, SurvivesBinaryAndHugeInput) {
  testing::expectParserSurvivesHostileText(&PairwiseKeyStore::parse, kKeyHex);
}

TEST(EsprimPairwiseKeyStoreTest, LoadsOnlyAFileReadableByItsOwnerAlone) {
  std::string text = std::string("lamp-k1 Cae1 ") + kKeyHex + "\n";
  testing::TempDir dir;
  auto store = PairwiseKeyStore::load(testing::writeKeyFile(dir, "esprim.keys", text, 0600));
  ASSERT_OK(store);
  EXPECT_TRUE(store.value().find("lamp-k1", at("20270101T000000")).has_value());
  testing::expectLoadsOnlyOwnerOnlyFiles(&PairwiseKeyStore::load, text, kKeyHex);
}

}  // namespace
}  // namespace citadel::security::esprim
