// parseJson / serializeJson: happy path, malformed bodies, and the size and depth limits that
// are enforced before the parser runs.
#include "cse/codec/json_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/status_macros.h"

namespace citadel::codec {
namespace {

using model::Json;
using model::Rsc;

void expectJsonRejected(std::string_view body, std::string_view reason,
                    const ParseLimits& limits = {}) {
  auto result = parseJson(body, limits);
  ASSERT_FALSE(result.isOk()) << "body parsed: " << body.substr(0, 80);
  EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), reason) << result.status().dbg();
  EXPECT_FALSE(result.status().dbg().empty());
}

TEST(JsonCodecTest, ParsesResourceRepresentation) {
  auto result = parseJson(R"({"m2m:cnt": {"rn": "data", "mni": 10, "lbl": ["a", "b"]}})", {});
  ASSERT_OK(result);
  const Json& cnt = result.value()["m2m:cnt"];
  EXPECT_EQ(cnt["rn"], "data");
  EXPECT_EQ(cnt["mni"], 10);
  EXPECT_EQ(cnt["lbl"], Json::array({"a", "b"}));
}

TEST(JsonCodecTest, ParsesScalarsAndUnicodeEscapes) {
  auto number = parseJson(" 42 ", {});
  ASSERT_OK(number);
  EXPECT_EQ(number.value(), 42);
  auto text = parseJson(R"("caf\u00e9 \ud83d\ude00")", {});
  ASSERT_OK(text);
  EXPECT_EQ(text.value().get<std::string>(), "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(JsonCodecTest, RejectsEmptyAndWhitespaceBodies) {
  expectJsonRejected("", "codec.malformed_json");
  expectJsonRejected("   \n\t", "codec.malformed_json");
}

TEST(JsonCodecTest, RejectsTruncatedDocuments) {
  expectJsonRejected(R"({"m2m:cnt": {"rn": "da)", "codec.malformed_json");
  expectJsonRejected(R"({"m2m:cnt": {"rn": "data"})", "codec.malformed_json");
  expectJsonRejected("[1, 2,", "codec.malformed_json");
  expectJsonRejected("tru", "codec.malformed_json");
}

TEST(JsonCodecTest, RejectsTrailingGarbage) {
  expectJsonRejected(R"({"a": 1} x)", "codec.malformed_json");
  expectJsonRejected(R"({"a": 1}{"b": 2})", "codec.malformed_json");
  expectJsonRejected("[1]]", "codec.malformed_json");
}

TEST(JsonCodecTest, RejectsInvalidUtf8InStrings) {
  expectJsonRejected("\"\xff\xfe\"", "codec.malformed_json");
  expectJsonRejected("\"\xc3\"", "codec.malformed_json");          // truncated sequence
  expectJsonRejected("\"\xc0\xaf\"", "codec.malformed_json");      // overlong '/'
  expectJsonRejected("\"\xed\xa0\x80\"", "codec.malformed_json");  // encoded surrogate
}

TEST(JsonCodecTest, RejectsNonJsonSyntax) {
  expectJsonRejected("{'a': 1}", "codec.malformed_json");
  expectJsonRejected(R"({"a": 1,})", "codec.malformed_json");
  expectJsonRejected(R"({"a": NaN})", "codec.malformed_json");
  expectJsonRejected("// comment\n{}", "codec.malformed_json");
  expectJsonRejected(std::string("{\"a\":\"x\0y\"}", 11), "codec.malformed_json");
}

TEST(JsonCodecTest, RejectsBodyLargerThanLimit) {
  ParseLimits limits;
  limits.max_bytes = 16;
  EXPECT_OK(parseJson(R"({"a":"12345678"})", limits));  // exactly 16 bytes
  expectJsonRejected(R"({"a":"123456789"})", "codec.too_large", limits);
}

TEST(JsonCodecTest, RejectsDefaultOversizedBody) {
  std::string body = "\"" + std::string((1 << 20), 'a') + "\"";
  expectJsonRejected(body, "codec.too_large");
}

TEST(JsonCodecTest, AcceptsNestingAtDepthLimit) {
  ParseLimits limits;
  limits.max_depth = 4;
  EXPECT_OK(parseJson("[[[[1]]]]", limits));
  EXPECT_OK(parseJson(R"({"a":{"b":[{"c":1}]}})", limits));
  expectJsonRejected("[[[[[1]]]]]", "codec.too_deep", limits);
}

TEST(JsonCodecTest, RejectsVeryDeepNestingBeforeParsing) {
  expectJsonRejected(std::string(10000, '['), "codec.too_deep");
  expectJsonRejected(std::string(10000, '[') + std::string(10000, ']'), "codec.too_deep");
  std::string objects;
  for (int i = 0; i < 5000; ++i) {
    objects += "{\"a\":";
  }
  expectJsonRejected(objects, "codec.too_deep");
}

TEST(JsonCodecTest, DoesNotCountBracketsInsideStrings) {
  std::string brackets(10000, '[');
  auto result = parseJson("{\"con\": \"" + brackets + "\"}", {});
  ASSERT_OK(result);
  EXPECT_EQ(result.value()["con"].get<std::string>(), brackets);
}

TEST(JsonCodecTest, DoesNotLetEscapedQuoteEndAString) {
  // An escaped quote keeps the scanner inside the string, so the brackets after it are text.
  std::string body = "[\"\\\"" + std::string(100, '{') + "\"]";
  ASSERT_OK(parseJson(body, {}));
  // An escaped backslash right before the closing quote ends the string; the brackets after
  // it are structure again and count towards the depth.
  ParseLimits limits;
  limits.max_depth = 4;
  expectJsonRejected("[\"\\\\\"," + std::string(10, '[') + std::string(10, ']') + "]", "codec.too_deep",
                 limits);
}

TEST(JsonCodecTest, SerializesCompactly) {
  Json value = {{"m2m:cin", {{"con", "21"}, {"cs", 2}}}};
  EXPECT_EQ(serializeJson(value), R"({"m2m:cin":{"con":"21","cs":2}})");
}

TEST(JsonCodecTest, SerializesInvalidUtf8WithoutThrowing) {
  Json value = std::string("bad \xff byte");
  std::string out;
  ASSERT_NO_THROW(out = serializeJson(value));
  EXPECT_EQ(out, "\"bad \xef\xbf\xbd byte\"");  // U+FFFD replacement character
}

TEST(JsonCodecTest, SerializesExactlyAsTheLibraryDoes) {
  // serializeJson writes plain strings and integers itself; every other value, and the bytes
  // around them, must come out as the library's compact dump writes them.
  Json value = {
      {"plain", "abc"},
      {"quote", "say \"hi\""},
      {"backslash", "a\\b"},
      {"control", std::string("tab\tnl\nnul") + '\0' + "x"},
      {"del", "a\x7f"},
      {"utf8", "gr\xc3\xbc\xc3\x9fe \xe2\x82\xac"},
      {"bad", "x\xc3"},
      {"\xe2\x82\xac key", 1},
      {"ints", {0, -1, 9223372036854775807LL, (-9223372036854775807LL - 1)}},
      {"unsigned", 18446744073709551615ULL},
      {"floats", {0.5, -1e300, 3.0, 1e-7}},
      {"bools", {true, false, nullptr}},
      {"nested", {{"a", Json::array()}, {"b", Json::object()}, {"c", {{"d", {1, "2"}}}}}},
      {"binary", Json::binary({1, 2, 3})},
  };
  EXPECT_EQ(serializeJson(value), value.dump(-1, ' ', false, Json::error_handler_t::replace));
  for (const auto& [key, item] : value.items()) {
    EXPECT_EQ(serializeJson(item), item.dump(-1, ' ', false, Json::error_handler_t::replace))
        << key;
  }
}

}  // namespace
}  // namespace citadel::codec
