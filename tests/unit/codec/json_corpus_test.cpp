// Runs every file of tests/corpus/json/ through parseJson: each is hostile (truncated, deeply
// nested, invalid UTF-8, not JSON at all) and must be answered with 4000, never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cse/codec/json_codec.h"
#include "tests/support/corpus.h"

namespace citadel::codec {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpusFiles() { return citadel::testing::corpusFiles("json"); }

TEST(JsonCorpusTest, FindsCorpusFiles) {
  // Guards against the loop below passing vacuously when the directory moves.
  EXPECT_GE(corpusFiles().size(), 30u) << "corpus dir: " << CITADEL_TEST_CORPUS_DIR;
}

TEST(JsonCorpusTest, RejectsEveryHostileFileWithBadRequest) {
  for (const fs::path& path : corpusFiles()) {
    SCOPED_TRACE(path.filename().string());
    std::string body = citadel::testing::readCorpusFile(path);
    model::Result<model::Json> result = parseJson(body, ParseLimits{});
    ASSERT_FALSE(result.isOk()) << "parsed as " << result.value().dump().substr(0, 80);
    EXPECT_EQ(result.status().rsc(), model::Rsc::kBadRequest);
    EXPECT_FALSE(result.status().dbg().empty());
  }
}

TEST(JsonCorpusTest, RejectsEveryTruncationOfAValidBody) {
  // Every proper prefix of a valid resource is malformed: none may crash or be accepted.
  const std::string valid =
      R"({"m2m:acp":{"rn":"acp1","pv":{"acr":[{"acor":["all"],"acop":63,)"
      R"("acco":[{"actw":["* * * * * * *"],"acip":{"ipv4":["10.0.0.0/8"]}}]}]},)"
      R"("pvs":{"acr":[{"acor":["CAdmin"],"acop":63}]},"lbl":["caf\u00e9"]}})";
  ASSERT_TRUE(parseJson(valid, ParseLimits{}).isOk());
  for (size_t n = 0; n < valid.size(); ++n) {
    model::Result<model::Json> result = parseJson(valid.substr(0, n), ParseLimits{});
    ASSERT_FALSE(result.isOk()) << "prefix of length " << n << " parsed";
    EXPECT_EQ(result.status().rsc(), model::Rsc::kBadRequest);
  }
}

}  // namespace
}  // namespace citadel::codec
