#include "security/mef_client/bootstrap_psk_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace citadel::security::mef {
namespace {

const std::string kKey = "00112233445566778899aabbccddeeff";  // 16 bytes

TEST(BootstrapPskFileTest, ParsesIdentitiesAndKeysSkippingCommentsAndBlankLines) {
  auto psks = BootstrapPsks::parse("# Enrolees\n\nsensor-1 " + kKey + "  # first\r\n"
                                   "sensor-2\t" + kKey + kKey + "\n",
                                   "psk");
  ASSERT_TRUE(psks.isOk()) << psks.status().dbg();
  EXPECT_EQ(psks.value().size(), 2u);
  ASSERT_TRUE(psks.value().find("sensor-2"));
  EXPECT_EQ(psks.value().find("sensor-2")->size(), 32u);
  EXPECT_FALSE(psks.value().find("sensor-3"));
  EXPECT_EQ(psks.value().first()->identity, "sensor-1");
}

TEST(BootstrapPskFileTest, ReadsTheOptionalBoundId) {
  auto psks = BootstrapPsks::parse("sensor-1 " + kKey + " Csensor1\nsensor-2 " + kKey + "\n", "psk");
  ASSERT_TRUE(psks.isOk()) << psks.status().dbg();
  EXPECT_EQ(psks.value().boundId("sensor-1"), "Csensor1");
  EXPECT_EQ(psks.value().first()->bound_id, "Csensor1");
  EXPECT_EQ(psks.value().boundId("sensor-2"), "");
  EXPECT_EQ(psks.value().boundId("sensor-3"), "");
  EXPECT_TRUE(psks.value().contains("sensor-2"));
}

TEST(BootstrapPskFileTest, RefusesMalformedLinesWithoutShowingTheKey) {
  const std::string hostile[] = {
      "sensor-1\n",                                  // no key
      "sensor-1 " + kKey + " Cs1 extra\n",           // four fields
      "sensor-1 " + kKey + " C\xc3\xb6\n",           // non-ASCII bound ID
      "sensor-1 " + kKey + " " + std::string(256, 'C') + "\n",  // bound ID too long
      "sensor-1 " + kKey.substr(2) + "\n",           // 15 bytes
      "sensor-1 " + kKey + "0\n",                    // odd digits
      "sensor-1 " + std::string(130, 'a') + "\n",    // 65 bytes
      "sensor-1 " + kKey.substr(0, 30) + "zz\n",     // not hex
      "sensor-1 " + kKey + "\nsensor-1 " + kKey + "\n",  // twice
      std::string(129, 'i') + " " + kKey + "\n",     // identity too long
      "sens\xc3\xb6r " + kKey + "\n",                // non-ASCII identity
      "sensor\x01 " + kKey + "\n",                   // control character
      "",                                            // no credential at all
      "# only a comment\n",
  };
  for (const std::string& text : hostile) {
    auto psks = BootstrapPsks::parse(text, "psk");
    ASSERT_FALSE(psks.isOk()) << text;
    EXPECT_EQ(psks.status().reason(), "mef.psk_file");
    EXPECT_EQ(psks.status().dbg().find(kKey.substr(4, 20)), std::string::npos)
        << psks.status().dbg();
  }
}

TEST(BootstrapPskFileTest, LoadRefusesFileReadableByOthers) {
  testing::TempDir dir;
  std::string path = dir.file("psk");
  std::ofstream(path) << "sensor-1 " << kKey << "\n";
  chmod(path.c_str(), 0644);
  auto open = BootstrapPsks::load(path);
  ASSERT_FALSE(open.isOk());
  EXPECT_NE(open.status().dbg().find("chmod 600"), std::string::npos);
  chmod(path.c_str(), 0600);
  EXPECT_TRUE(BootstrapPsks::load(path).isOk());
  EXPECT_EQ(BootstrapPsks::load(dir.file("missing")).status().reason(), "mef.psk_file");
}

}  // namespace
}  // namespace citadel::security::mef
