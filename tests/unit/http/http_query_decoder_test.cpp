// decodeRequest's query string, TS-0009 §6.2.2: request parameters, filter criteria, attribute
// filters, '+'-joined lists, and the limits on hostile query strings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bindings/http/http_message.h"
#include "tests/support/status_macros.h"

namespace citadel::http {
namespace {

using model::Json;
using model::Rsc;

model::Result<model::Request> decodeQuery(std::string query) {
  HttpRequestParts http;
  http.method = "GET";
  http.path = "/cse-in";
  http.raw_query = std::move(query);
  http.headers = {{"X-M2M-Origin", "Clamp"}, {"X-M2M-RI", "rq-1"}};
  return decodeRequest(http, DecodeLimits{});
}

model::Request decodeOk(const std::string& query) {
  auto result = decodeQuery(query);
  EXPECT_TRUE(result.isOk()) << "?" << query << " dbg=" << citadel::testing::statusOf(result).dbg();
  return result.isOk() ? std::move(result).value() : model::Request{};
}

void expectRejected(const std::string& query, std::string_view reason) {
  auto result = decodeQuery(query);
  ASSERT_FALSE(result.isOk()) << "?" << query << " decoded";
  EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), reason) << "?" << query;
  EXPECT_FALSE(result.status().dbg().empty());
}

TEST(HttpQueryDecoderTest, LeavesParametersUnsetWithoutQuery) {
  model::Request request = decodeOk("");
  EXPECT_FALSE(request.result_content.has_value());
  EXPECT_TRUE(request.filter_criteria.is_null());
}

TEST(HttpQueryDecoderTest, ParsesEnumeratedParameters) {
  model::Request request = decodeOk("rcn=4&rt=3&drt=2");
  EXPECT_EQ(request.result_content, model::ResultContent::kAttributesAndChildResources);
  EXPECT_EQ(request.response_type.value, model::ResponseTypeValue::kBlockingRequest);
  EXPECT_EQ(request.desired_identifier_result_type, model::DesiredIdResultType::kUnstructured);
  EXPECT_EQ(decodeOk("rcn=0").result_content, model::ResultContent::kNothing);
  EXPECT_EQ(decodeOk("rcn=10").result_content, model::ResultContent::kSemanticContent);
}

TEST(HttpQueryDecoderTest, RejectsOutOfRangeEnumerations) {
  for (std::string query : {"rcn=11", "rcn=-1", "rcn=abc", "rcn=", "rcn", "rcn=1.0", "rcn= 1",
                            "rt=0", "rt=6", "drt=0", "drt=3", "rcn=99999999999999999999999999"}) {
    expectRejected(query, "http.bad_query_value");
  }
}

TEST(HttpQueryDecoderTest, ParsesBooleans) {
  model::Request request = decodeOk("da=true&tqi=false&asi=1&auri=0&sqi=true");
  EXPECT_EQ(request.delivery_aggregation, true);
  EXPECT_EQ(request.token_request_indicator, false);
  EXPECT_EQ(request.authorization_signature_indicator, true);
  EXPECT_EQ(request.authorization_relationship_indicator, false);
  EXPECT_EQ(request.semantic_query_indicator, true);
}

TEST(HttpQueryDecoderTest, RejectsNonBooleans) {
  for (std::string query : {"da=yes", "tqi=TRUE", "asi=2", "sqi="}) {
    expectRejected(query, "http.bad_query_value");
  }
}

TEST(HttpQueryDecoderTest, SplitsPlusJoinedLists) {
  model::Request request =
      decodeOk("rids=r1@x.example+r2@x.example&tids=t1&ltids=l1+l2&atrl=lbl+mni");
  EXPECT_EQ(request.role_ids, (std::vector<std::string>{"r1@x.example", "r2@x.example"}));
  EXPECT_EQ(request.token_ids, (std::vector<std::string>{"t1"}));
  EXPECT_EQ(request.local_token_ids, (std::vector<std::string>{"l1", "l2"}));
  EXPECT_EQ(request.attribute_list, (std::vector<std::string>{"lbl", "mni"}));
  EXPECT_EQ(decodeOk("atrl=a++b+").attribute_list, (std::vector<std::string>{"a", "b"}));
}

TEST(HttpQueryDecoderTest, KeepsResultPersistenceAsText) {
  EXPECT_EQ(decodeOk("rp=20991231T000000").result_persistence, "20991231T000000");
}

TEST(HttpQueryDecoderTest, BuildsFilterCriteriaIntegers) {
  model::Request request = decodeOk("fu=1&lim=10&lvl=2&ofst=5&sts=3&stb=1&sza=0&szb=100");
  EXPECT_EQ(request.filter_criteria, Json({{"fu", 1},
                                           {"lim", 10},
                                           {"lvl", 2},
                                           {"ofst", 5},
                                           {"sts", 3},
                                           {"stb", 1},
                                           {"sza", 0},
                                           {"szb", 100}}));
  for (std::string query : {"lim=-1", "fu=x", "lim=2147483648", "lvl="}) {
    expectRejected(query, "http.bad_query_value");
  }
}

TEST(HttpQueryDecoderTest, BuildsFilterCriteriaLists) {
  model::Request request = decodeOk("ty=2+3&lbl=a+b&lbl=c&cty=text/plain&chty=4");
  EXPECT_EQ(request.filter_criteria["ty"], Json::array({2, 3}));
  EXPECT_EQ(request.filter_criteria["lbl"], Json::array({"a", "b", "c"}));
  EXPECT_EQ(request.filter_criteria["cty"], Json::array({"text/plain"}));
  EXPECT_EQ(request.filter_criteria["chty"], Json::array({4}));
  for (std::string query : {"ty=abc", "ty=2+x", "ty=65536", "chty=-1", "pty=1.5"}) {
    expectRejected(query, "http.bad_query_value");
  }
}

TEST(HttpQueryDecoderTest, BuildsFilterCriteriaStrings) {
  model::Request request = decodeOk("crb=20240101T000000&cra=20230101T000000&smf=x&arp=a%2Fb");
  EXPECT_EQ(request.filter_criteria["crb"], "20240101T000000");
  EXPECT_EQ(request.filter_criteria["cra"], "20230101T000000");
  EXPECT_EQ(request.filter_criteria["smf"], "x");
  EXPECT_EQ(request.filter_criteria["arp"], "a/b");
}

TEST(HttpQueryDecoderTest, TurnsUnknownNamesIntoAttributeFilters) {
  model::Request request = decodeOk("rn=lamp&mni=10&c.rn=x&fu=2");
  EXPECT_EQ(request.filter_criteria["atr"],
            Json::parse(R"([{"nm":"rn","val":"lamp"},{"nm":"mni","val":"10"}])"));
  // TS-0009 §6.2.2.2: 'c.' marks a childAttribute, 'p.' a parentAttribute.
  EXPECT_EQ(request.filter_criteria["catr"], Json::parse(R"([{"nm":"rn","val":"x"}])"));
  EXPECT_EQ(request.filter_criteria["fu"], 2);
  model::Request parent = decodeOk("p.lbl=x");
  EXPECT_EQ(parent.filter_criteria["patr"], Json::parse(R"([{"nm":"lbl","val":"x"}])"));
}

TEST(HttpQueryDecoderTest, PercentDecodesNamesAndValues) {
  model::Request request = decodeOk("r%6E=a%20b&lbl=caf%C3%A9");
  EXPECT_EQ(request.filter_criteria["atr"][0]["nm"], "rn");
  EXPECT_EQ(request.filter_criteria["atr"][0]["val"], "a b");
  EXPECT_EQ(request.filter_criteria["lbl"], Json::array({"caf\xc3\xa9"}));
}

TEST(HttpQueryDecoderTest, KeepsEncodedPlusInsideListElements) {
  // '+' separates list elements; a literal '+' travels as %2B and must not split.
  model::Request request = decodeOk("lbl=tag%2B1+tag2&atrl=a%2Bb");
  EXPECT_EQ(request.filter_criteria["lbl"], Json::array({"tag+1", "tag2"}));
  EXPECT_EQ(request.attribute_list, (std::vector<std::string>{"a+b"}));
}

TEST(HttpQueryDecoderTest, SkipsEmptyPairs) {
  model::Request request = decodeOk("&&rcn=1&&");
  EXPECT_EQ(request.result_content, model::ResultContent::kAttributes);
}

TEST(HttpQueryDecoderTest, RejectsMalformedPairs) {
  for (std::string query : {"=1", "=", "%zz=1", "rcn=%4", "lbl=%00", "%=x"}) {
    expectRejected(query, "http.bad_query");
  }
}

TEST(HttpQueryDecoderTest, RejectsMoreThan64Parameters) {
  std::string query;
  for (int i = 0; i < 64; ++i) {
    query += "lbl=x&";
  }
  EXPECT_OK(decodeQuery(query));
  query += "lbl=x";
  expectRejected(query, "http.too_many_query");
}

TEST(HttpQueryDecoderTest, CountsOnlyNonEmptyPairsTowardsTheLimit) {
  EXPECT_OK(decodeQuery(std::string(10000, '&') + "rcn=1"));
}

}  // namespace
}  // namespace citadel::http
