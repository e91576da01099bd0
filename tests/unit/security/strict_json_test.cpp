// The strict JOSE JSON reader (security/token/strict_json.h): its flat-object scanner must give
// exactly what the general reader gives, or step aside.
#include "security/token/strict_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace citadel::security::token {
namespace {

TEST(StrictJson, FlatHeaderIsReadByTheScannerAsTheGeneralReaderReadsIt) {
  const std::string header =
      R"({"alg":"dir","enc":"A256GCM","kid":"k-1","ori":"o-7","rri":"r-2"})";
  std::optional<model::Json> flat = detail::parseFlatStringObject(header);
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(*flat, detail::parseStrictJsonObjectFully(header, 4));
  EXPECT_EQ(parseStrictJsonObject(header, 4).at("kid"), "k-1");
  EXPECT_EQ(parseStrictJsonObject(" {\t\"a\" :\r\n\"b\" } \n", 1), model::Json({{"a", "b"}}));
  EXPECT_EQ(parseStrictJsonObject("{}", 1), model::Json::object());
}

TEST(StrictJson, ScannerStepsAsideForEverythingButPlainStrings) {
  const std::vector<std::string> not_flat = {
      R"({"a":"\u0041"})",         // an escape
      R"({"a":"é"})",              // non-ASCII UTF-8
      R"({"a":1})",                // a number
      R"({"a":{"b":"c"}})",        // nested
      R"({"a":"b",})",             // trailing comma
      R"({"a":"b"} x)",            // trailing text
      R"({"a":"b","a":"c"})",      // a duplicate
      R"({"a" "b"})",              // no colon
      R"({"a":"b")",               // unterminated
      "{\"a\":\"b\x01\"}",         // a control character
      "[]", "", "   ",
  };
  for (const std::string& text : not_flat) {
    EXPECT_FALSE(detail::parseFlatStringObject(text).has_value()) << text;
  }
}

TEST(StrictJson, RefusalsAreTheSameWithTheScannerInFront) {
  // Each of these is refused (null) whichever reader sees it first.
  for (const std::string& text :
       {std::string(R"({"a":"b","a":"c"})"), std::string(R"({"a":"b"} x)"),
        std::string(R"({"a":"b",})"), std::string("{\"a\":\"b\x01\"}"), std::string("[]"),
        std::string(R"({"a":{"b":{"c":"d"}}})")}) {
    EXPECT_TRUE(parseStrictJsonObject(text, 2).is_null()) << text;
    EXPECT_TRUE(detail::parseStrictJsonObjectFully(text, 2).is_null()) << text;
  }
  // Depth 0 admits nothing, not even a flat object.
  EXPECT_TRUE(parseStrictJsonObject(R"({"a":"b"})", 0).is_null());
  // What the scanner steps aside for is still read when valid.
  EXPECT_EQ(parseStrictJsonObject(R"({"a":"\u0041","n":1})", 2),
            model::Json({{"a", "A"}, {"n", 1}}));
}

}  // namespace
}  // namespace citadel::security::token
