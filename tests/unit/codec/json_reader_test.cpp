// The JSON reader (cse/codec/json_reader.h) against nlohmann::json::parse, the parser it
// replaces: the same documents accepted, the same trees built (types included: a float dumps as
// "1.0", an integer as "1"), the same documents refused. RFC 8259 grammar and RFC 3629 UTF-8
// corner cases; the json fuzz target runs the same comparison on generated inputs.
#include "cse/codec/json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace citadel::codec {
namespace {

struct Outcome {
  bool accepted = false;
  model::Json value;
};

Outcome byLibrary(std::string_view text) {
  Outcome outcome;
  try {
    outcome.value = model::Json::parse(text.begin(), text.end());
    outcome.accepted = true;
  } catch (const model::Json::exception&) {
  }
  return outcome;
}

Outcome byReader(std::string_view text) {
  Outcome outcome;
  JsonReadError error;
  outcome.accepted = readJson(text, 64, outcome.value, error);
  if (!outcome.accepted) {
    EXPECT_FALSE(error.message.empty());
    EXPECT_LE(error.offset, text.size());
  }
  return outcome;
}

void expectSameAsLibrary(const std::string& text) {
  SCOPED_TRACE(::testing::PrintToString(text));
  Outcome expected = byLibrary(text);
  Outcome actual = byReader(text);
  ASSERT_EQ(actual.accepted, expected.accepted);
  if (expected.accepted) {
    EXPECT_EQ(actual.value, expected.value);
    EXPECT_EQ(actual.value.type(), expected.value.type());
    EXPECT_EQ(actual.value.dump(), expected.value.dump());
  }
}

TEST(JsonReaderTest, AcceptsAndBuildsWhatTheLibraryDoes) {
  const std::vector<std::string> accepted = {
      R"({"m2m:cin":{"con":"21.5","cnf":"text/plain:0","lbl":["a","b"],"rn":"x"}})",
      R"({"m2m:rqp":{"op":2,"to":"/id-in/cse-in/ae/la","fr":"Cae","rqi":"r1","rvi":"4"}})",
      " \t\r\n{ \"a\" : [ 1 , -2 , 3.5 , true , false , null , { } , [ ] ] } \n",
      "0", "-0", "-0.0", "1e5", "1E+5", "1e-5", "12.25e2", "\"\"", "true", "null", "[]",
      "18446744073709551615",      // largest unsigned: an integer
      "18446744073709551616",      // one more: a float
      "-9223372036854775808",      // smallest signed: an integer
      "-9223372036854775809",      // one less: a float
      "1e-400", "4.9e-324", "2.2250738585072014e-308", "0.1", "123456789012345678901234",
      R"("\"\\\/\b\f\n\r\t")", R"("\u0000\u001f\u00e9\u20ac\uFFFF")", R"("\ud83d\ude00")",
      "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xED\x9F\xBF\"",
      "\xEF\xBB\xBF{\"bom\":1}",  // a leading byte order mark is skipped
      R"({"a":1,"a":2})",        // duplicate names: the last wins
      R"({"a":{"a":{"a":[[[]]]}}})",
      std::string("\"") + std::string(5000, 'x') + "\"",
  };
  for (const std::string& text : accepted) {
    expectSameAsLibrary(text);
    EXPECT_TRUE(byReader(text).accepted) << text;
  }
}

TEST(JsonReaderTest, RefusesWhatTheLibraryRefuses) {
  const std::vector<std::string> refused = {
      "", " ", "{", "}", "[", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{1:2}",
      "01", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "0x10", "NaN", "Infinity", "1 2",
      "tru", "nul", "falsey", "True", "[true false]", "\"abc", "\"\\x\"", "\"\\u12\"",
      "\"\\u12G4\"", R"("\ud800")", R"("\ud800x")", R"("\ud800\u0041")", R"("\udc00")",
      "\"tab\there\"", std::string("\"nul\0\"", 6), "1e400", "-1e400",
      "\"\x80\"", "\"\xC0\xAF\"", "\"\xC1\xBF\"", "\"\xE0\x80\xAF\"", "\"\xED\xA0\x80\"",
      "\"\xF0\x80\x80\xAF\"", "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xFF\"",
      "\"\xC3\"", "\"\xE2\x82\"", "\xEF\xBB{}", "\xEF{}", "// comment\n1", "/* c */ 1",
      "{\"a\":1}}", "[1]]", "\"a\" \"b\"",
  };
  for (const std::string& text : refused) {
    expectSameAsLibrary(text);
    EXPECT_FALSE(byReader(text).accepted) << ::testing::PrintToString(text);
  }
}

TEST(JsonReaderTest, EveryPrefixOfAValidDocumentAsTheLibrary) {
  const std::string valid =
      "\xEF\xBB\xBF{\"m2m:acp\":{\"rn\":\"acp1\",\"pv\":{\"acr\":[{\"acor\":[\"all\"],"
      "\"acop\":63}]},\"lbl\":[\"caf\\u00e9\",\"\xE2\x82\xAC\",\"\\ud83d\\ude00\"],"
      "\"n\":[-1.5e-3,0,18446744073709551615,true,false,null]}}";
  for (size_t length = 0; length <= valid.size(); ++length) {
    expectSameAsLibrary(valid.substr(0, length));
  }
}

TEST(JsonReaderTest, EveryByteValueInsideAStringAsTheLibrary) {
  for (int byte = 0; byte < 256; ++byte) {
    expectSameAsLibrary(std::string("\"a") + static_cast<char>(byte) + "b\"");
    expectSameAsLibrary(std::string("[") + static_cast<char>(byte) + "]");
  }
}

TEST(JsonReaderTest, RefusesANulAfterTheValueWhereTheLibraryStopsReading) {
  // Deliberately stricter: the library takes a NUL as the end of its input.
  for (std::string text : {std::string("1\0", 2), std::string("{}\0junk", 7)}) {
    EXPECT_TRUE(byLibrary(text).accepted);
    EXPECT_FALSE(byReader(text).accepted);
  }
}

TEST(JsonReaderTest, NestingBeyondTheLimitIsRefusedAndTheLimitItselfAccepted) {
  model::Json value;
  JsonReadError error;
  std::string at_limit = std::string(8, '[') + std::string(8, ']');
  EXPECT_TRUE(readJson(at_limit, 8, value, error));
  std::string beyond = std::string(9, '[') + std::string(9, ']');
  EXPECT_FALSE(readJson(beyond, 8, value, error));
  EXPECT_EQ(error.message, "nested too deep");
  EXPECT_EQ(error.offset, 8u);
  std::string objects = R"({"a":{"a":{"a":1}}})";
  EXPECT_TRUE(readJson(objects, 3, value, error));
  EXPECT_FALSE(readJson(objects, 2, value, error));
}

TEST(JsonReaderTest, ErrorsSayWhereAndWhat) {
  model::Json value;
  JsonReadError error;
  ASSERT_FALSE(readJson(R"({"rn":"a","con":x})", 8, value, error));
  EXPECT_EQ(error.offset, 16u);
  EXPECT_EQ(error.message, "unexpected character; expected a value");
  ASSERT_FALSE(readJson("\"ab\xC0\xAF\"", 8, value, error));
  EXPECT_EQ(error.offset, 3u);
  EXPECT_EQ(error.message, "invalid UTF-8 byte in a string");
}

}  // namespace
}  // namespace citadel::codec
