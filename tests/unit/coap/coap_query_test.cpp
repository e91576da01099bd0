// Uri-Query <-> primitive parameters, TS-0008 §6.2.2.3 (short names of TS-0004 §8.2.2).
#include "bindings/coap/coap_query.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::coap {
namespace {

model::Request applyQuery(const std::vector<std::string>& query,
                     std::optional<model::Operation>* op = nullptr) {
  model::Request request;
  std::optional<model::Operation> ignored;
  model::Status status = applyUriQuery(query, 64, request, op != nullptr ? op : &ignored);
  EXPECT_OK(status);
  return request;
}

void expectRejected(const std::vector<std::string>& query, std::string_view reason,
                    std::string_view dbg_part) {
  model::Request request;
  std::optional<model::Operation> op;
  model::Status status = applyUriQuery(query, 64, request, &op);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), reason);
  EXPECT_NE(status.dbg().find(dbg_part), std::string::npos) << status.dbg();
}

TEST(CoapQueryTest, MapsPrimitiveParameters) {
  std::optional<model::Operation> op;
  auto r = applyQuery({"op=3", "rt=2", "rp=PT1H", "da=true", "rcn=4", "drt=2", "tqi=1", "tkns=t1+t2",
                  "tids=i1", "ltids=l1+l2", "rids=r1", "auri=false", "asi=true", "sqi=0",
                  "atrl=rn+ty"},
                 &op);
  EXPECT_EQ(op, model::Operation::kUpdate);
  EXPECT_EQ(r.response_type.value, model::ResponseTypeValue::kNonBlockingRequestAsynch);
  EXPECT_EQ(r.result_persistence, "PT1H");
  EXPECT_EQ(r.delivery_aggregation, true);
  EXPECT_EQ(r.result_content, model::ResultContent::kAttributesAndChildResources);
  EXPECT_EQ(r.desired_identifier_result_type, model::DesiredIdResultType::kUnstructured);
  EXPECT_EQ(r.token_request_indicator, true);
  EXPECT_EQ(r.tokens, (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(r.token_ids, (std::vector<std::string>{"i1"}));
  EXPECT_EQ(r.local_token_ids, (std::vector<std::string>{"l1", "l2"}));
  EXPECT_EQ(r.role_ids, (std::vector<std::string>{"r1"}));
  EXPECT_EQ(r.authorization_relationship_indicator, false);
  EXPECT_EQ(r.authorization_signature_indicator, true);
  EXPECT_EQ(r.semantic_query_indicator, false);
  EXPECT_EQ(r.attribute_list, (std::vector<std::string>{"rn", "ty"}));
}

TEST(CoapQueryTest, BuildsFilterCriteria) {
  auto r = applyQuery({"fu=1", "lim=10", "ty=3+4", "ty=23", "lbl=a+b", "cra=20250101T000000",
                  "lvl=2", "rn=temp"});
  const model::Json& fc = r.filter_criteria;
  EXPECT_EQ(fc["fu"], 1);
  EXPECT_EQ(fc["lim"], 10);
  EXPECT_EQ(fc["ty"], model::Json::array({3, 4, 23}));
  EXPECT_EQ(fc["lbl"], model::Json::array({"a", "b"}));
  EXPECT_EQ(fc["cra"], "20250101T000000");
  EXPECT_EQ(fc["lvl"], 2);
  EXPECT_EQ(fc["atr"], model::Json::parse(R"([{"nm":"rn","val":"temp"}])"));
}

TEST(CoapQueryTest, TakesValuesLiterally) {
  // CoAP options are not percent-encoded: "%41" stays three characters.
  EXPECT_EQ(applyQuery({"rp=%41"}).result_persistence, "%41");
  EXPECT_EQ(applyQuery({"lbl=a=b"}).filter_criteria["lbl"], model::Json::array({"a=b"}));
}

TEST(CoapQueryTest, RejectsMalformedParameters) {
  expectRejected({"rcn=11"}, "coap.bad_query_value", "'rcn'");
  expectRejected({"rcn="}, "coap.bad_query_value", "'rcn'");
  expectRejected({"rcn=1x"}, "coap.bad_query_value", "'rcn'");
  expectRejected({"op=6"}, "coap.bad_query_value", "'op'");
  expectRejected({"rt=0"}, "coap.bad_query_value", "'rt'");
  expectRejected({"drt=3"}, "coap.bad_query_value", "'drt'");
  expectRejected({"da=yes"}, "coap.bad_query_value", "'da'");
  expectRejected({"lim=-1"}, "coap.bad_query_value", "'lim'");
  expectRejected({"ty=3+x"}, "coap.bad_query_value", "'ty'");
  expectRejected({"=1"}, "coap.bad_query", "'=1'");
  expectRejected({std::string("rcn\0=1", 6)}, "coap.bad_query", "name=value");
}

TEST(CoapQueryTest, LimitsTheNumberOfParameters) {
  model::Request request;
  std::optional<model::Operation> op;
  std::vector<std::string> many(65, "lbl=a");
  model::Status status = applyUriQuery(many, 64, request, &op);
  EXPECT_EQ(status.reason(), "coap.too_many_query");
}

TEST(CoapQueryTest, RoundTripsThroughUriQueryFor) {
  model::Request r;
  r.operation = model::Operation::kRetrieve;
  r.response_type.value = model::ResponseTypeValue::kNonBlockingRequestSynch;
  r.result_content = model::ResultContent::kChildResourceReferences;
  r.desired_identifier_result_type = model::DesiredIdResultType::kStructured;
  r.role_ids = {"r1", "r2"};
  r.token_ids = {"t"};
  r.semantic_query_indicator = true;
  r.filter_criteria = model::Json::parse(
      R"({"fu":1,"ty":[2,3],"lbl":["x"],"atr":[{"nm":"rn","val":"y"}],"lim":5})");
  std::vector<std::string> query = uriQueryFor(r, true);
  EXPECT_EQ(query.front(), "op=2");
  std::optional<model::Operation> op;
  model::Request back = applyQuery(query, &op);
  EXPECT_EQ(op, model::Operation::kRetrieve);
  EXPECT_EQ(back.response_type.value, r.response_type.value);
  EXPECT_EQ(back.result_content, r.result_content);
  EXPECT_EQ(back.desired_identifier_result_type, r.desired_identifier_result_type);
  EXPECT_EQ(back.role_ids, r.role_ids);
  EXPECT_EQ(back.token_ids, r.token_ids);
  EXPECT_EQ(back.semantic_query_indicator, true);
  EXPECT_EQ(back.filter_criteria, r.filter_criteria);
}

TEST(CoapQueryTest, RefusesListFilterParametersWithoutAnElement) {
  expectRejected({"lbl"}, "coap.bad_query_value", "'lbl' has no value");
  expectRejected({"ty=+"}, "coap.bad_query_value", "'ty' has no value");
  expectRejected({"chty="}, "coap.bad_query_value", "'chty' has no value");
}

}  // namespace
}  // namespace citadel::coap
