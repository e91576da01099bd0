// Inputs the http_request fuzz target (tests/fuzz) found, replayed through the same entry point:
// decodeRequest, then the pipeline's first check (codec::checkParameterCharacters).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "bindings/http/http_message.h"
#include "cse/codec/primitive_parameters.h"
#include "tests/support/corpus.h"
#include "tests/support/status_macros.h"

namespace citadel::http {
namespace {

// http_request_fuzz: "PUT /~/id-in/cnt<0xAB x 50>1" with a CBOR body. The raw path bytes are not
// UTF-8, so the `to` could not travel in a JSON primitive unchanged (JSON output replaced them)
// and an ID made of them could be stored but never addressed again. The decoder keeps the bytes;
// stage 1 of the pipeline now refuses them (primitive.bad_utf8) as it refuses control characters.
TEST(HttpFuzzRegressionTest, RefusesTargetPathThatIsNotUtf8) {
  std::string input = testing::readCorpusFile(std::filesystem::path(CITADEL_SOURCE_DIR) /
                                              "tests/fuzz/regressions/http_request/raw_non_utf8_path");
  size_t line_end = input.find('\n');
  ASSERT_NE(line_end, std::string::npos);
  HttpRequestParts parts;
  parts.method = "PUT";
  parts.path = input.substr(4, line_end - 4);
  parts.headers = {{"X-M2M-Origin", "Clamp"}, {"X-M2M-RI", "r3"}, {"X-M2M-RVI", "3"}};
  auto decoded = decodeRequest(parts, DecodeLimits{});
  ASSERT_OK(decoded);
  model::Status checked = codec::checkParameterCharacters(decoded.value());
  ASSERT_RSC(checked, model::Rsc::kBadRequest);
  EXPECT_EQ(checked.reason(), "primitive.bad_utf8");

  decoded.value().to = "~/id-in/cnt\xc3\xa9";  // well-formed UTF-8 passes
  ASSERT_OK(codec::checkParameterCharacters(decoded.value()));
}

}  // namespace
}  // namespace citadel::http
