// The TLS-PSK key store (TS-0003 §8.2.2): its file format, its 0600 rule, and its errors, which
// name the file and line but never a key. Hostile text (binary, huge lines, bad hex) is refused.
#include "security/psk_key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

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
  struct Case {
    std::string line;
    std::string says;
  } cases[] = {
      {std::string("only-two ") + kKeyHex, "found 2 fields"},
      {std::string("a Ca ") + kKeyHex + " extra", "found 4 fields"},
      {"short Cs 00112233", "16 to 64 bytes"},
      {std::string("long Cl ") + kOtherKeyHex + kOtherKeyHex + "00", "16 to 64 bytes"},
      {"odd Co 00112233445566778899aabbccddeef", "16 to 64 bytes"},
      {"nothex Cn 0011223344556677889900112233445z", "hex digits"},
      {std::string(129, 'i') + " Ci " + kKeyHex, "1 to 128 printable"},
      {std::string("ok Cdup ") + kKeyHex, "appears twice"},
  };
  for (const Case& c : cases) {
    auto store = PskKeyStore::parse(good + c.line + "\n", "/data/psk.keys");
    ASSERT_FALSE(store.isOk()) << c.line;
    EXPECT_EQ(store.status().rsc(), model::Rsc::kBadRequest);
    const std::string& message = store.status().dbg();
    EXPECT_NE(message.find("/data/psk.keys:2: "), std::string::npos) << message;
    EXPECT_NE(message.find(c.says), std::string::npos) << message;
    EXPECT_EQ(message.find(kKeyHex), std::string::npos) << "a key in: " << message;
    EXPECT_EQ(message.find(kOtherKeyHex), std::string::npos) << "a key in: " << message;
  }
}

TEST(PskKeyStoreTest, SurvivesBinaryAndHugeInput) {
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 37 + 11);
  EXPECT_FALSE(PskKeyStore::parse(binary, "bin").isOk());
  std::string huge(1 << 20, 'a');  // one megabyte, one field
  EXPECT_FALSE(PskKeyStore::parse(huge, "huge").isOk());
  std::string control = std::string("id\x01 Cx ") + kKeyHex;
  EXPECT_FALSE(PskKeyStore::parse(control, "ctl").isOk());
  EXPECT_OK(PskKeyStore::parse("", "empty"));
}

TEST(PskKeyStoreTest, LoadsOnlyAFileReadableByItsOwnerAlone) {
  testing::TempDir dir;
  std::string text = std::string("ae1-key Cae1 ") + kKeyHex + "\n";
  std::string path = write(dir, text, 0600);
  auto store = PskKeyStore::load(path);
  ASSERT_OK(store);
  EXPECT_TRUE(store.value().find("ae1-key").has_value());
  EXPECT_OK(PskKeyStore::load(write(dir, text, 0400)));

  for (mode_t loose : {0640, 0604, 0644, 0666}) {
    auto refused = PskKeyStore::load(write(dir, text, loose));
    ASSERT_FALSE(refused.isOk()) << std::oct << loose;
    EXPECT_NE(refused.status().dbg().find("chmod 600"), std::string::npos)
        << refused.status().dbg();
    EXPECT_EQ(refused.status().dbg().find(kKeyHex), std::string::npos);
  }
  auto missing = PskKeyStore::load(dir.file("absent.keys"));
  ASSERT_FALSE(missing.isOk());
  EXPECT_NE(missing.status().dbg().find("absent.keys cannot be read"), std::string::npos)
      << missing.status().dbg();
}

}  // namespace
}  // namespace citadel::security
