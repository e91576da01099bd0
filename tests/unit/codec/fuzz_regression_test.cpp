// Inputs the fuzz targets (tests/fuzz) found, replayed through the same entry points: each file
// of tests/fuzz/regressions/<target>/ must now be refused the way the fixed code refuses it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cse/codec/cbor_codec.h"
#include "cse/codec/primitive_codec.h"
#include "tests/support/corpus.h"
#include "tests/support/status_macros.h"

namespace citadel::codec {
namespace {

using model::Rsc;

std::string regression(const std::string& target, const std::string& name) {
  return testing::readCorpusFile(std::filesystem::path(CITADEL_SOURCE_DIR) / "tests/fuzz/regressions" /
                                 target / name);
}

// primitive_fuzz: a CBOR response primitive whose pc holds a NaN double. JSON cannot carry NaN,
// so the JSON form of the same response differed from the CBOR one; NaN and the infinities are
// now refused (codec.cbor_non_finite) like any other value JSON has no equivalent for.
TEST(FuzzRegressionTest, RefusesCborResponseWithNanFloat) {
  std::string input = regression("primitive", "cbor_nan_float");
  ASSERT_FALSE(input.empty());
  ASSERT_EQ(input[0] & 3, 3);  // the target's selector byte: response, CBOR
  auto parsed = parseResponsePrimitive(std::string_view(input).substr(1), ContentFormat::kCbor,
                                       ParseLimits{});
  ASSERT_RSC(parsed.status(), Rsc::kBadRequest);
}

TEST(FuzzRegressionTest, RefusesNonFiniteCborFloatsOfEveryWidth) {
  for (std::string body : {std::string("\xf9\x7e\x00", 3), std::string("\xf9\x7c\x00", 3),
                           std::string("\xfa\xff\x80\x00\x00", 5),
                           std::string("\xfb\x7f\xf8\x00\x00\x00\x00\x00\x00", 9),
                           std::string("\xa1\x61x\xfb\xff\xf0\x00\x00\x00\x00\x00\x00", 12)}) {
    auto parsed = parseCbor(body, ParseLimits{});
    ASSERT_FALSE(parsed.isOk());
    EXPECT_EQ(parsed.status().reason(), "codec.cbor_non_finite");
  }
  auto finite = parseCbor(std::string("\xfb\x3f\xf8\x00\x00\x00\x00\x00\x00", 9), ParseLimits{});
  ASSERT_OK(finite);
  EXPECT_EQ(finite.value(), 1.5);
}

}  // namespace
}  // namespace citadel::codec
