// The TLS-PSK key store (TS-0003 §8.2.2): its file format, its 0600 rule, and its errors, which
// name the file and line but never a key. Hostile text (binary, huge lines, bad hex) is refused.
#include "security/psk_key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/key_file_checks.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::security {
namespace {

constexpr const char* kKeyHex = "00112233445566778899aabbccddeeff";  // 16 bytes
constexpr const char* kOtherKeyHex =
    "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";  // 32 bytes

std::string write(const testing::TempDir& dir, const std::string& text, mode_t mode) {
  std::string path = dir.file("psk.keys");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
  return path;
}

TEST(PskKeyStoreTest, ParsesIdentitiesOriginatorsAndHexKeys) {
  std::string text = std::string("# provisioned keys\n\nae1-key Cae1 ") + kKeyHex +
                     "   # lamp\r\nmn-key\t/id-mn\t" + kOtherKeyHex + "\n";
  auto store = PskKeyStore::parse(text, "psk.keys");
  ASSERT_OK(store);
  EXPECT_EQ(store.value().size(), 2u);
  auto ae = store.value().find("ae1-key");
  ASSERT_TRUE(ae.has_value());
  EXPECT_EQ(ae->originator, "Cae1");
  ASSERT_EQ(ae->key.size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(ae->key[0]), 0x00);
  EXPECT_EQ(static_cast<unsigned char>(ae->key[15]), 0xff);
  auto mn = store.value().find("mn-key");
  ASSERT_TRUE(mn.has_value());
  EXPECT_EQ(mn->originator, "/id-mn");
  EXPECT_EQ(mn->key.size(), 32u);
  EXPECT_FALSE(store.value().find("nobody").has_value());
  EXPECT_FALSE(store.value().find("").has_value());
}

// Each malformed line is refused with file:line; the message never contains the key's hex.
TEST(PskKeyStoreTest, RefusesMalformedLinesNamingTheLineButNotTheKey) {
  const std::string good = std::string("ok Cok ") + kKeyHex + "\n";
  std::vector<testing::MalformedLine> cases = {
      {std::string("only-two ") + kKeyHex, "found 2 fields"},
      {std::string("a Ca ") + kKeyHex + " extra", "found 4 fields"},
      {"short Cs 00112233", "16 to 64 bytes"},
      {std::string("long Cl ") + kOtherKeyHex + kOtherKeyHex + "00", "16 to 64 bytes"},
      {"odd Co 00112233445566778899aabbccddeef", "16 to 64 bytes"},
      {"nothex Cn 0011223344556677889900112233445z", "hex digits"},
      {std::string(129, 'i') + " Ci " + kKeyHex, "1 to 128 printable"},
      {std::string("ok Cdup ") + kKeyHex, "appears twice"},
  };
  testing::expectMalformedLinesRefused(&PskKeyStore::parse, good, cases,
                                       {kKeyHex, kOtherKeyHex}, "/data/psk.keys");
}

TEST(PskKeyStoreTest, SurvivesBinaryAndHugeInput) {
  testing::expectParserSurvivesHostileText(&PskKeyStore::parse, kKeyHex);
}

TEST(PskKeyStoreTest, LoadsOnlyAFileReadableByItsOwnerAlone) {
  std::string text = std::string("ae1-key Cae1 ") + kKeyHex + "\n";
  testing::TempDir dir;
  auto store = PskKeyStore::load(write(dir, text, 0600));
  ASSERT_OK(store);
  EXPECT_TRUE(store.value().find("ae1-key").has_value());
  testing::expectLoadsOnlyOwnerOnlyFiles(&PskKeyStore::load, text, kKeyHex);
}

}  // namespace
}  // namespace citadel::security
