// serializeResponsePrimitive / parseResponsePrimitive (TS-0010 §6.5.2; TS-0004 §7.2.1.2), and
// the shared hostile JSON and CBOR corpora run as request primitives.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cse/codec/primitive_codec.h"
#include "tests/support/corpus.h"
#include "tests/support/status_macros.h"

namespace citadel::codec {
namespace {

namespace fs = std::filesystem;
using codec::ContentFormat;
using model::Json;
using model::Response;
using model::Rsc;

Response fullResponse() {
  Response r;
  r.status_code = Rsc::kCreated;
  r.request_id = "r1";
  r.content = {{"m2m:cnt", {{"rn", "data"}}}};
  r.to = "Cae1";
  r.from = "/id-in";
  r.release_version_indicator = "3";
  r.vendor_information = "v";
  r.originating_timestamp = "20250101T000000";
  r.result_expiration_timestamp = "20250101T000100";
  r.event_category = "2";
  r.content_status = 2;
  r.content_offset = 1;
  r.assigned_token_identifiers = {{"ltia", Json::array()}};
  r.authorization_signature_request_information = false;
  return r;
}

TEST(ResponsePrimitiveTest, SerializesEveryParameterWithShortNames) {
  Json out = Json::parse(serializeResponsePrimitive(fullResponse(), ContentFormat::kJson));
  EXPECT_EQ(out["rsc"], 2001);
  EXPECT_EQ(out["rqi"], "r1");
  EXPECT_EQ(out["pc"]["m2m:cnt"]["rn"], "data");
  EXPECT_EQ(out["to"], "Cae1");
  EXPECT_EQ(out["fr"], "/id-in");
  EXPECT_EQ(out["rvi"], "3");
  EXPECT_EQ(out["vsi"], "v");
  EXPECT_EQ(out["ot"], "20250101T000000");  // a string, unlike the TS-0010 example
  EXPECT_EQ(out["rset"], "20250101T000100");
  EXPECT_EQ(out["ec"], 2);  // m2m:eventCat is an integer
  EXPECT_EQ(out["cnst"], 2);
  EXPECT_EQ(out["cnot"], 1);
  EXPECT_TRUE(out["ati"].is_object());
  EXPECT_EQ(out["asri"], false);
  EXPECT_FALSE(out.contains("m2m:rsp"));  // TS-0004 §8.4.2: no wrapper in JSON
}

TEST(ResponsePrimitiveTest, OmitsAbsentParametersButAlwaysHasRscAndRqi) {
  Response r;
  r.status_code = Rsc::kDeleted;
  Json out = Json::parse(serializeResponsePrimitive(r, ContentFormat::kJson));
  EXPECT_EQ(out, (Json{{"rsc", 2002}, {"rqi", ""}}));
}

TEST(ResponsePrimitiveTest, SerializesCbor) {
  std::string bytes = serializeResponsePrimitive(fullResponse(), ContentFormat::kCbor);
  Json out = Json::from_cbor(bytes);
  EXPECT_EQ(out["rsc"], 2001);
  EXPECT_EQ(out["pc"]["m2m:cnt"]["rn"], "data");
}

TEST(ResponsePrimitiveTest, RoundTripsThroughParseResponsePrimitive) {
  for (ContentFormat format : {ContentFormat::kJson, ContentFormat::kCbor}) {
    std::string wire = serializeResponsePrimitive(fullResponse(), format);
    auto parsed = parseResponsePrimitive(wire, format, codec::ParseLimits{});
    ASSERT_OK(parsed);
    EXPECT_EQ(responseToPrimitive(parsed.value()), responseToPrimitive(fullResponse()));
  }
}

TEST(ResponsePrimitiveTest, RejectsResponseWithoutValidRsc) {
  for (const char* payload : {R"({"rqi":"r"})", R"({"rsc":"2000","rqi":"r"})",
                              R"({"rsc":99999,"rqi":"r"})", R"({"rsc":2000.5})", "[]"}) {
    SCOPED_TRACE(payload);
    ASSERT_RSC(parseResponsePrimitive(payload, ContentFormat::kJson, codec::ParseLimits{}),
               Rsc::kBadRequest);
  }
}

TEST(PrimitivePayloadCorpusTest, RejectsEveryHostileJsonAndCborFileAsRequest) {
  for (auto [kind, format] :
       {std::pair{"json", ContentFormat::kJson}, std::pair{"cbor", ContentFormat::kCbor}}) {
    std::vector<fs::path> files = citadel::testing::corpusFiles(kind);
    EXPECT_GE(files.size(), 20u) << "corpus dir: " << CITADEL_TEST_CORPUS_DIR << "/" << kind;
    for (const fs::path& path : files) {
      SCOPED_TRACE(path.filename().string());
      std::string payload = citadel::testing::readCorpusFile(path);
      auto request = parseRequestPrimitive(payload, format, codec::ParseLimits{});
      ASSERT_RSC(request, Rsc::kBadRequest);
      EXPECT_EQ(request.status().reason(), "primitive.bad_payload");
      ASSERT_RSC(parseResponsePrimitive(payload, format, codec::ParseLimits{}), Rsc::kBadRequest);
    }
  }
}

}  // namespace
}  // namespace citadel::codec
