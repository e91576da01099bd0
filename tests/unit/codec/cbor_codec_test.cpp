// parseCbor / serializeCbor (TS-0004 §8.5: the JSON model re-encoded), with the limits enforced
// while parsing, and the hostile corpus in tests/corpus/cbor/.
#include "cse/codec/cbor_codec.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cse/codec/content_format.h"
#include "tests/support/corpus.h"
#include "tests/support/status_macros.h"

namespace citadel::codec {
namespace {

using model::Json;
using model::Rsc;

std::string bytes(std::initializer_list<uint8_t> list) {
  return std::string(list.begin(), list.end());
}

void expectRejected(std::string_view body, std::string_view reason,
                    const ParseLimits& limits = {}) {
  auto result = parseCbor(body, limits);
  ASSERT_FALSE(result.isOk()) << "parsed: "
                              << result.value().dump(-1, ' ', false,
                                                     Json::error_handler_t::replace);
  EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), reason) << result.status().dbg();
}

TEST(CborCodecTest, RoundTripsResourceRepresentation) {
  Json value = {{"m2m:cin",
                 {{"con", "21.5"},
                  {"cs", 4},
                  {"lbl", {"a", "b"}},
                  {"x", nullptr},
                  {"neg", -7},
                  {"f", 1.5},
                  {"ok", true}}}};
  auto parsed = parseCbor(serializeCbor(value), {});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value(), value);
}

TEST(CborCodecTest, ParsesIndefiniteLengthItems) {
  // [_ 1, 2] and {_ "a": 1}
  auto array = parseCbor(bytes({0x9f, 0x01, 0x02, 0xff}), {});
  ASSERT_OK(array);
  EXPECT_EQ(array.value(), Json::array({1, 2}));
  auto map = parseCbor(bytes({0xbf, 0x61, 'a', 0x01, 0xff}), {});
  ASSERT_OK(map);
  EXPECT_EQ(map.value(), Json({{"a", 1}}));
}

TEST(CborCodecTest, RejectsEmptyBody) { expectRejected("", "codec.malformed_cbor"); }

TEST(CborCodecTest, RejectsTruncationAndTrailingBytes) {
  expectRejected(bytes({0xa2, 0x61, 'a', 0x01}), "codec.malformed_cbor");
  expectRejected(bytes({0x65, 'a', 'b'}), "codec.malformed_cbor");
  expectRejected(bytes({0x01, 0x02}), "codec.malformed_cbor");
  expectRejected(bytes({0xff}), "codec.malformed_cbor");
}

TEST(CborCodecTest, RejectsEveryTruncationOfAValidBody) {
  std::string valid =
      serializeCbor({{"m2m:acp", {{"pv", {{"acr", {{{"acor", {"all"}}, {"acop", 63}}}}}}}}});
  for (size_t n = 0; n < valid.size(); ++n) {
    auto result = parseCbor(valid.substr(0, n), {});
    ASSERT_FALSE(result.isOk()) << "prefix of length " << n << " parsed";
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  }
}

TEST(CborCodecTest, RejectsByteStrings) {
  expectRejected(bytes({0x43, 0x01, 0x02, 0x03}), "codec.cbor_binary");
}

TEST(CborCodecTest, AcceptsMultiByteUtf8Text) {
  auto parsed = parseCbor(serializeCbor({{"caf\xc3\xa9", "\xe2\x82\xac \xf0\x9f\x98\x80"}}), {});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value()["caf\xc3\xa9"], "\xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST(CborCodecTest, RejectsTextThatIsNotUtf8) {
  // A JSON body could never carry these, so a CBOR body must not store them either.
  expectRejected(bytes({0x62, 0xff, 0xfe}), "codec.bad_utf8");
  expectRejected(bytes({0x62, 0xc0, 0xaf}), "codec.bad_utf8");              // overlong '/'
  expectRejected(bytes({0x63, 0xed, 0xa0, 0x80}), "codec.bad_utf8");        // surrogate U+D800
  expectRejected(bytes({0x64, 0xf4, 0x90, 0x80, 0x80}), "codec.bad_utf8");  // above U+10FFFF
  expectRejected(bytes({0x61, 0xc3}), "codec.bad_utf8");                    // truncated sequence
  expectRejected(bytes({0xa1, 0x61, 0x80, 0x01}), "codec.bad_utf8");        // in a map key
}

TEST(CborCodecTest, RejectsNestingBeyondLimit) {
  ParseLimits limits;
  limits.max_depth = 3;
  EXPECT_OK(parseCbor(bytes({0x81, 0x81, 0x81, 0x01}), limits));
  expectRejected(bytes({0x81, 0x81, 0x81, 0x81, 0x01}), "codec.too_deep", limits);
  expectRejected(std::string(10000, '\x81') + "\x01", "codec.too_deep");
}

TEST(CborCodecTest, RejectsBodyLargerThanLimit) {
  ParseLimits limits;
  limits.max_bytes = 4;
  expectRejected(serializeCbor("hello"), "codec.too_large", limits);
}

TEST(CborCodecTest, SelectsCodecByMediaType) {
  EXPECT_EQ(formatForMediaType("application/cbor"), ContentFormat::kCbor);
  EXPECT_EQ(formatForMediaType("application/vnd.onem2m-res+cbor"), ContentFormat::kCbor);
  EXPECT_EQ(formatForMediaType("application/json"), ContentFormat::kJson);
  EXPECT_EQ(formatForMediaType("application/vnd.onem2m-ntfy+json"), ContentFormat::kJson);
  EXPECT_FALSE(formatForMediaType("application/xml").has_value());
  EXPECT_FALSE(formatForMediaType("Application/JSON").has_value());  // callers lower-case
  EXPECT_EQ(mediaTypeFor(ContentFormat::kCbor), "application/cbor");
  EXPECT_EQ(mediaTypeFor(ContentFormat::kJson), "application/json");
  auto parsed =
      parseBody(serializeBody({{"a", 1}}, ContentFormat::kCbor), ContentFormat::kCbor, {});
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value(), Json({{"a", 1}}));
}

TEST(CborCodecTest, RejectsEveryHostileCorpusFile) {
  std::vector<std::filesystem::path> files = citadel::testing::corpusFiles("cbor");
  EXPECT_GE(files.size(), 20u) << "corpus dir: " << CITADEL_TEST_CORPUS_DIR;
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::string body = citadel::testing::readCorpusFile(path);
    auto result = parseCbor(body, ParseLimits{});
    ASSERT_FALSE(result.isOk())
        << "parsed as "
        << result.value().dump(-1, ' ', false, Json::error_handler_t::replace).substr(0, 80);
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  }
}

}  // namespace
}  // namespace citadel::codec
