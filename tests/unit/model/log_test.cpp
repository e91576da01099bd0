// Issue 15 #14: a value from a request never breaks a log line (logSafe, writeLogLine).
#include "cse/model/log.h"

#include <gtest/gtest.h>

#include <string>

#include "cse/model/control_characters.h"

namespace citadel::model {
namespace {

TEST(LogTest, EscapesControlCharactersAndBackslashesInValues) {
  EXPECT_EQ(logSafe("Clamp-1_~/x"), "Clamp-1_~/x");
  EXPECT_EQ(logSafe("a\r\nX-Injected: 1"), "a\\x0d\\x0aX-Injected: 1");
  EXPECT_EQ(logSafe(std::string("\0\t\x1f\x7f", 4)), "\\x00\\x09\\x1f\\x7f");
  // A literal "\x0d" in the value stays distinguishable from an escaped CR.
  EXPECT_EQ(logSafe("a\\x0d"), "a\\\\x0d");
  EXPECT_EQ(logSafe("\xc3\xa9"), "\xc3\xa9") << "UTF-8 is not a control character";
}

TEST(LogTest, RecognisesExactlyC0AndDelAsControlCharacters) {
  for (int c = 0; c < 256; ++c) {
    EXPECT_EQ(isControlCharacter(static_cast<char>(c)), c < 0x20 || c == 0x7f) << c;
  }
  EXPECT_TRUE(hasControlCharacter("abc\n"));
  EXPECT_FALSE(hasControlCharacter("abc"));
}

TEST(LogTest, WritesOneLinePerCallWhateverTheValue) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kInfo);
  ::testing::internal::CaptureStderr();
  LOG_WARN("denied rqi=r1\r\nX-Injected: 1 fr=C\x01");
  std::string out = ::testing::internal::GetCapturedStderr();
  setLogLevel(saved);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.find('\n'), out.size() - 1) << out;
  EXPECT_EQ(out.find('\r'), std::string::npos) << out;
  EXPECT_NE(out.find("denied rqi=r1\\x0d\\x0aX-Injected: 1 fr=C\\x01"), std::string::npos) << out;
}

}  // namespace
}  // namespace citadel::model
