#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/temp_dir.h"
#include "tools/mef/client_options.h"
#include "tools/mef/mef_options.h"

namespace citadel::tools::mef {
namespace {

TEST(MefOptionsTest, ParsesRequiredAndOptionalOptions) {
  auto options = parseMefCommandLine(
      {"--fqdn=mef.example.com", "--psk-file=p", "--data-dir=d", "--port=0", "--lifetime=60"});
  ASSERT_TRUE(options.isOk()) << options.status().dbg();
  EXPECT_EQ(options.value().port, 0);
  EXPECT_EQ(options.value().lifetime_seconds, 60);
  EXPECT_EQ(options.value().address, "127.0.0.1");
  EXPECT_TRUE(parseMefCommandLine({"--help"}).value().show_help);
}

TEST(MefOptionsTest, RefusesBadOptionsNamingThem) {
  const std::vector<std::vector<std::string>> bad = {
      {"--psk-file=p", "--data-dir=d"},                                  // no --fqdn
      {"--fqdn=m", "--data-dir=d"},                                      // no --psk-file
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "--port=70000"},
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "--lifetime=0"},
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "--lifetime=x"},
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "--log.level=loud"},
      {"--fqdn=m\xc3\xa9", "--psk-file=p", "--data-dir=d"},              // non-ASCII FQDN
      {"--fqdn=m", "--fqdn=n", "--psk-file=p", "--data-dir=d"},          // twice
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "--nope=1"},
      {"--fqdn=m", "--psk-file=p", "--data-dir=d", "extra"},
      {"--fqdn", "--psk-file=p", "--data-dir=d"},                        // no value
      {"--help=yes"},
  };
  for (const auto& args : bad) {
    auto options = parseMefCommandLine(args);
    ASSERT_FALSE(options.isOk()) << args[0];
    EXPECT_EQ(options.status().reason(), "mef.bad_option");
  }
}

TEST(MefClientOptionsTest, ParsesBootstrapAndLoadsTheCredential) {
  testing::TempDir dir;
  std::string psk = dir.file("psk");
  std::ofstream(psk) << "sensor-1 00112233445566778899aabbccddeeff\n";
  chmod(psk.c_str(), 0600);
  auto command = parseClientCommandLine({"bootstrap", "--mef=[::1]:8443", "--psk-file=" + psk,
                                         "--target=cse1", "--suid=23", "--tls=1.2"});
  ASSERT_TRUE(command.isOk()) << command.status().dbg();
  EXPECT_EQ(command.value().client.host, "::1");
  EXPECT_EQ(command.value().client.port, 8443);
  EXPECT_EQ(command.value().client.mef_fqdn, "::1");
  EXPECT_EQ(command.value().client.psk.identity, "sensor-1");
  EXPECT_EQ(command.value().request.suid, 23);
  EXPECT_FALSE(command.value().show_key);

  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"enrol", "--mef=h:1", "--psk-file=" + psk},
           {"bootstrap", "--mef=h", "--psk-file=" + psk, "--target=t", "--suid=22"},
           {"bootstrap", "--mef=h:1", "--psk-file=" + psk, "--suid=22"},
           {"bootstrap", "--mef=h:1", "--psk-file=" + psk, "--target=t", "--suid=x"},
           {"bootstrap", "--mef=h:1", "--psk-file=" + psk, "--target=t", "--suid=22",
            "--tls=1.1"},
           {"list", "--mef=h:1", "--psk-file=" + psk, "--show-key"},
           {"list", "--mef=h:1"},
       }) {
    EXPECT_EQ(parseClientCommandLine(bad).status().reason(), "mef.bad_option") << bad[0];
  }
}

}  // namespace
}  // namespace citadel::tools::mef
