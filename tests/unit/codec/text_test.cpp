// percentDecode / splitList / trim / hexDigitValue / equalsIgnoreCase: the one copy each that the HTTP and CoAP
// bindings and the codec share, with hostile input (truncated and invalid escapes, NUL, huge and
// degenerate lists).
#include "cse/codec/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace citadel::codec {
namespace {

using Strings = std::vector<std::string>;

TEST(TextTest, PercentDecodesEscapesInEitherCase) {
  EXPECT_EQ(percentDecode("a%20b"), "a b");
  EXPECT_EQ(percentDecode("caf%C3%a9"), "caf\xc3\xa9");
  EXPECT_EQ(percentDecode("%41%42"), "AB");
  EXPECT_EQ(percentDecode(""), "");
}

TEST(TextTest, KeepsPlusAndOtherBytesLiterally) {
  // TS-0009 §6.2.2.2: '+' separates list elements, it is not a space.
  EXPECT_EQ(percentDecode("a+b"), "a+b");
  EXPECT_EQ(percentDecode("tag%2B1"), "tag+1");
  EXPECT_EQ(percentDecode(std::string("\xff\x01", 2)), std::string("\xff\x01", 2));
}

TEST(TextTest, RefusesTruncatedOrInvalidEscapes) {
  for (std::string_view bad : {"%", "%4", "a%", "a%4", "%zz", "%g0", "%0g", "%-1", "%+1", "% 1",
                               "%%41", "%x41"}) {
    EXPECT_FALSE(percentDecode(bad).has_value()) << bad;
  }
}

TEST(TextTest, RefusesDecodedNul) {
  for (std::string_view bad : {"%00", "a%00", "%00b", "lbl%00x"}) {
    EXPECT_FALSE(percentDecode(bad).has_value()) << bad;
  }
  // A literal NUL byte is not an escape: callers that refuse it check for it themselves.
  EXPECT_EQ(percentDecode(std::string_view("a\0b", 3)), std::string("a\0b", 3));
}

TEST(TextTest, DecodesLongInputInOnePass) {
  std::string encoded;
  for (int i = 0; i < 100000; ++i) encoded += "%41";
  auto decoded = percentDecode(encoded);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 100000u);
}

TEST(TextTest, SplitsListDroppingEmptyElements) {
  EXPECT_EQ(splitList("a+b", '+'), (Strings{"a", "b"}));
  EXPECT_EQ(splitList("a++b+", '+'), (Strings{"a", "b"}));
  EXPECT_EQ(splitList("+a", '+'), (Strings{"a"}));
  EXPECT_EQ(splitList("a&b", '&'), (Strings{"a", "b"}));
  EXPECT_EQ(splitList("a+b", '&'), (Strings{"a+b"}));
  EXPECT_EQ(splitList(" a + b ", '+'), (Strings{" a ", " b "}));
}

TEST(TextTest, SplitsDegenerateListsToNothing) {
  EXPECT_TRUE(splitList("", '+').empty());
  EXPECT_TRUE(splitList("+", '+').empty());
  EXPECT_TRUE(splitList(std::string(100000, '+'), '+').empty());
}

TEST(TextTest, TrimsBlanksAtBothEnds) {
  EXPECT_EQ(trim("  a b\t"), "a b");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t \t"), "");
  EXPECT_EQ(trim("\r\na\r\n"), "\r\na\r\n");  // only the given blanks
  EXPECT_EQ(trim("\r a \r", " \t\r"), "a");
  EXPECT_EQ(trim("  x  ", " "), "x");
}

TEST(TextTest, ReadsHexDigitsOnly) {
  EXPECT_EQ(hexDigitValue('0'), 0);
  EXPECT_EQ(hexDigitValue('9'), 9);
  EXPECT_EQ(hexDigitValue('a'), 10);
  EXPECT_EQ(hexDigitValue('F'), 15);
  for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '-', '+', '\0', '\xff'}) {
    EXPECT_EQ(hexDigitValue(c), -1) << static_cast<int>(c);
  }
}

TEST(TextTest, ComparesNamesWithoutCase) {
  EXPECT_TRUE(equalsIgnoreCase("X-M2M-Origin", "x-m2m-origin"));
  EXPECT_TRUE(equalsIgnoreCase("", ""));
  EXPECT_FALSE(equalsIgnoreCase("X-M2M-RI", "X-M2M-RID"));
  EXPECT_FALSE(equalsIgnoreCase("a", "b"));
  EXPECT_FALSE(equalsIgnoreCase(std::string_view("a\0", 2), "a"));
}

}  // namespace
}  // namespace citadel::codec
