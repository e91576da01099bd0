// citadel-esdata's command line (tools/esdata_cli/esdata_options.h): what protect and open read,
// and every refusal naming its option first.
#include "tools/esdata_cli/esdata_options.h"

#include <gtest/gtest.h>

namespace citadel::tools {
namespace {

std::string esdataRefusal(const std::vector<std::string>& args) {
  auto parsed = parseEsdataCommandLine(args);
  EXPECT_FALSE(parsed.isOk());
  return parsed.isOk() ? "" : parsed.status().dbg();
}

TEST(EsdataOptionsTest, ReadsAProtectAndAnOpen) {
  auto protect = parseEsdataCommandLine({"protect", "--encrypt=k1:/tmp/k", "--alg=dir",
                                         "--enc=A128GCM", "--cert=c.pem", "--cert-key=c.key",
                                         "--in=value.json"});
  ASSERT_TRUE(protect.isOk()) << protect.status().dbg();
  EXPECT_TRUE(protect.value().protect);
  ASSERT_EQ(protect.value().encrypt.size(), 1u);
  EXPECT_EQ(protect.value().encrypt[0].kid, "k1");
  EXPECT_EQ(protect.value().encrypt[0].file, "/tmp/k");
  EXPECT_EQ(protect.value().alg, "dir");
  EXPECT_EQ(protect.value().enc, "A128GCM");
  EXPECT_EQ(protect.value().certificate, "c.pem");
  EXPECT_EQ(protect.value().input, "value.json");

  auto open = parseEsdataCommandLine(
      {"open", "--key=a:/k1", "--key=b:/k2", "--ca=ca.pem", "--require-signature"});
  ASSERT_TRUE(open.isOk()) << open.status().dbg();
  EXPECT_FALSE(open.value().protect);
  EXPECT_EQ(open.value().keys.size(), 2u);
  EXPECT_TRUE(open.value().require_signature);
}

TEST(EsdataOptionsTest, RefusesEachBadOptionNamingIt) {
  struct Case {
    std::vector<std::string> args;
    const char* starts;
  };
  for (const Case& c : std::vector<Case>{
           {{"protect"}, "--encrypt"},
           {{"protect", "--encrypt=nokey"}, "--encrypt"},
           {{"protect", "--encrypt=:f"}, "--encrypt"},
           {{"protect", "--encrypt=k:f", "--alg=RSA1_5"}, "--alg"},
           {{"protect", "--encrypt=k:f", "--enc=A192CBC"}, "--enc"},
           {{"protect", "--sign=k:f", "--cert=c", "--cert-key=k"}, "--sign"},
           {{"protect", "--cert=c"}, "--cert-key"},
           {{"protect", "--encrypt=k:f", "--encrypt=j:g"}, "--encrypt"},
           {{"protect", "--encrypt=k:f", "--ca=ca.pem"}, "--ca"},
           {{"open", "--encrypt=k:f"}, "--encrypt"},
           {{"open", "--require-signature=yes"}, "--require-signature"},
           {{"open", "--bogus=1"}, "unknown option --bogus"},
           {{"open", "--in="}, "--in"},
           {{"seal"}, "expected one command"},
           {{}, "expected one command"}}) {
    std::string why = esdataRefusal(c.args);
    EXPECT_EQ(why.rfind(c.starts, 0), 0u) << why;
  }
}

TEST(EsdataOptionsTest, HelpNamesEveryOption) {
  auto parsed = parseEsdataCommandLine({"--help"});
  ASSERT_TRUE(parsed.isOk());
  EXPECT_TRUE(parsed.value().help);
  std::string help = esdataHelpText();
  for (const char* option : {"--encrypt=", "--alg=", "--enc=", "--sign=", "--cert=",
                             "--cert-key=", "--key=", "--ca=", "--require-signature", "--in="}) {
    EXPECT_NE(help.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace citadel::tools
