// decodeRequest, TS-0008 §6.2: method -> operation (Table 6.2.1-1), every oneM2M option of
// Table 6.2.2.4.0-1, Uri-Path forms (Table 6.2.2.3-1), Content-Format / Accept and hostile
// options. Uri-Query parameters: coap_query_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>

#include "bindings/coap/coap_message.h"
#include "bindings/coap/coap_wire.h"
#include "tests/support/corpus.h"
#include "tests/support/status_macros.h"

namespace citadel::coap {
namespace {

using model::Operation;
using model::Rsc;

CoapRequestParts parts(uint8_t method_code, std::vector<std::string> path,
                       OptionList extra = {}) {
  CoapRequestParts coap;
  coap.method = method_code;
  coap.uri_path = std::move(path);
  coap.options = {{option::kOneM2mFr, "Clamp"},
                  {option::kOneM2mRqi, "rq-1"},
                  {option::kOneM2mRvi, "3"}};
  coap.options.insert(coap.options.end(), extra.begin(), extra.end());
  return coap;
}

CoapRequestParts withJson(CoapRequestParts coap, std::string payload) {
  coap.content_format = content_format::kJson;
  coap.payload = std::move(payload);
  return coap;
}

model::Request decodeOk(const CoapRequestParts& coap, ResponseContext* context = nullptr) {
  auto result = decodeRequest(coap, DecodeLimits{}, context);
  EXPECT_TRUE(result.isOk()) << "dbg=" << citadel::testing::statusOf(result).dbg();
  return result.isOk() ? std::move(result).value() : model::Request{};
}

void expectRejected(const CoapRequestParts& coap, Rsc rsc, std::string_view reason,
                    std::string_view dbg_part = "") {
  auto result = decodeRequest(coap, DecodeLimits{});
  ASSERT_FALSE(result.isOk()) << "decoded";
  EXPECT_EQ(result.status().rsc(), rsc) << result.status().dbg();
  EXPECT_EQ(result.status().reason(), reason) << result.status().dbg();
  EXPECT_NE(result.status().dbg().find(dbg_part), std::string::npos) << result.status().dbg();
}

const std::string kTy3 = encodeUint(3);

TEST(CoapRequestDecoderTest, MapsGetPutDeleteToOperations) {
  EXPECT_EQ(decodeOk(parts(method::kGet, {"cse-in"})).operation, Operation::kRetrieve);
  EXPECT_EQ(decodeOk(withJson(parts(method::kPut, {"cse-in", "x"}), "{}")).operation,
            Operation::kUpdate);
  EXPECT_EQ(decodeOk(parts(method::kDelete, {"cse-in", "x"})).operation, Operation::kDelete);
}

TEST(CoapRequestDecoderTest, MapsPostWithTyToCreate) {
  auto request = decodeOk(
      withJson(parts(method::kPost, {"cse-in"}, {{option::kOneM2mTy, kTy3}}), R"({"m2m:cnt":{}})"));
  EXPECT_EQ(request.operation, Operation::kCreate);
  EXPECT_EQ(request.resource_type, 3);
  EXPECT_TRUE(request.content.contains("m2m:cnt"));
}

TEST(CoapRequestDecoderTest, MapsPostWithoutTyToNotify) {
  auto request = decodeOk(withJson(parts(method::kPost, {"cse-in", "ae"}), R"({"m2m:sgn":{}})"));
  EXPECT_EQ(request.operation, Operation::kNotify);
  EXPECT_FALSE(request.resource_type.has_value());
}

TEST(CoapRequestDecoderTest, RejectsMethodsWithoutOperation) {
  for (uint8_t m : {uint8_t{0}, uint8_t{5}, uint8_t{6}, uint8_t{7}, uint8_t{31}}) {
    expectRejected(parts(m, {"cse-in"}), Rsc::kOperationNotAllowed, "coap.bad_method",
                   "does not map");
  }
}

TEST(CoapRequestDecoderTest, TakesTheOperationFromOpOnNonBlockingPost) {
  auto coap = parts(method::kPost, {"cse-in", "x"});
  coap.uri_query = {"op=2", "rt=2"};
  auto request = decodeOk(coap);
  EXPECT_EQ(request.operation, Operation::kRetrieve);
  EXPECT_EQ(request.response_type.value, model::ResponseTypeValue::kNonBlockingRequestAsynch);
  auto create = withJson(parts(method::kPost, {"cse-in"}, {{option::kOneM2mTy, kTy3}}), "{}");
  create.uri_query = {"op=1", "rt=1"};
  EXPECT_EQ(decodeOk(create).operation, Operation::kCreate);
}

TEST(CoapRequestDecoderTest, RejectsOpOutsidePostAndTyMismatches) {
  auto get = parts(method::kGet, {"cse-in"});
  get.uri_query = {"op=2"};
  expectRejected(get, Rsc::kBadRequest, "coap.op_not_post");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mTy, kTy3}}), Rsc::kBadRequest,
                 "coap.ty_not_post");
  auto create_without_ty = parts(method::kPost, {"cse-in"});
  create_without_ty.uri_query = {"op=1"};
  expectRejected(create_without_ty, Rsc::kBadRequest, "coap.ty_missing");
  auto update_with_ty = parts(method::kPost, {"cse-in"}, {{option::kOneM2mTy, kTy3}});
  update_with_ty.uri_query = {"op=3"};
  expectRejected(update_with_ty, Rsc::kBadRequest, "coap.ty_not_create");
  expectRejected(parts(method::kPost, {"cse-in"}, {{option::kOneM2mTy, encodeUint(0)}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-TY (267)");
}

TEST(CoapRequestDecoderTest, MapsEveryOneM2mRequestOption) {
  OptionList all = {{option::kOneM2mOt, "20250101T000000"},
                    {option::kOneM2mRqet, "20250101T000100"},
                    {option::kOneM2mRset, "20250101T000200,123456"},
                    {option::kOneM2mOet, "20250101T000030"},
                    {option::kOneM2mRturi, "coap://h:1/a&http://h:2/b"},
                    {option::kOneM2mEc, encodeUint(3)},
                    {option::kOneM2mGid, "group-7"},
                    {option::kOneM2mVsi, "vendor=x"},
                    {option::kOneM2mGtm, "/id-in/a+/id-in/b"},
                    {option::kOneM2mAus, "sig1+sig2"},
                    {option::kOneM2mTy, encodeUint(23)}};
  auto request = decodeOk(withJson(parts(method::kPost, {"cse-in"}, all), "{}"));
  EXPECT_EQ(request.originator, "Clamp");
  EXPECT_EQ(request.request_id, "rq-1");
  EXPECT_EQ(request.release_version_indicator, "3");
  EXPECT_EQ(request.originating_timestamp, "20250101T000000");
  EXPECT_EQ(request.request_expiration_timestamp, "20250101T000100");
  EXPECT_EQ(request.result_expiration_timestamp, "20250101T000200,123456");
  EXPECT_EQ(request.operation_execution_time, "20250101T000030");
  EXPECT_EQ(request.response_type.notification_uris,
            (std::vector<std::string>{"coap://h:1/a", "http://h:2/b"}));
  EXPECT_EQ(request.event_category, "3");
  EXPECT_EQ(request.group_request_identifier, "group-7");
  EXPECT_EQ(request.vendor_information, "vendor=x");
  EXPECT_EQ(request.group_request_target_members,
            (std::vector<std::string>{"/id-in/a", "/id-in/b"}));
  EXPECT_EQ(request.authorization_signatures, (std::vector<std::string>{"sig1", "sig2"}));
  EXPECT_EQ(request.resource_type, 23);
  EXPECT_EQ(request.transport.binding, model::Binding::kCoap);
}

TEST(CoapRequestDecoderTest, AcceptsUserDefinedEventCategoriesInTwoBytes) {
  EXPECT_EQ(decodeOk(parts(method::kGet, {"cse-in"}, {{option::kOneM2mEc, encodeUint(999)}}))
                .event_category,
            "999");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mEc, std::string(3, '\1')}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-EC (303)");
}

TEST(CoapRequestDecoderTest, IgnoresResponseOnlyOneM2mOptionsInRequests) {
  OptionList response_only = {{option::kOneM2mRsc, encodeUint(2000)},
                              {option::kOneM2mCto, encodeUint(1)},
                              {option::kOneM2mCts, encodeUint(2)},
                              {option::kOneM2mAti, "a:b"},
                              {option::kOneM2mAsri, "true"}};
  auto request = decodeOk(parts(method::kGet, {"cse-in"}, response_only));
  EXPECT_EQ(request.operation, Operation::kRetrieve);
}

TEST(CoapRequestDecoderTest, RejectsOversizedOrMalformedOptionValues) {
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mOt, std::string(33, '1')}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-OT (259)");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mGid, std::string(256, 'g')}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-GID (311)");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mGtm, std::string(513, 'g')}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-GTM (335)");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mTy, std::string(3, '\1')}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-TY (267)");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mVsi, std::string("a\0b", 3)}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "NUL");
  auto no_rvi = parts(method::kGet, {"cse-in"});
  no_rvi.options[2].second = "";
  expectRejected(no_rvi, Rsc::kBadRequest, "coap.bad_option_value", "oneM2M-RVI (271)");
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kContentFormat, "abc"}}),
                 Rsc::kBadRequest, "coap.bad_option_value", "Content-Format (12)");
}

TEST(CoapRequestDecoderTest, AnswersUnknownCriticalOptionsWithBadOption) {
  for (uint16_t number : {uint16_t{1}, uint16_t{5}, uint16_t{9}, uint16_t{1001}, uint16_t{65001}}) {
    expectRejected(parts(method::kGet, {"cse-in"}, {{number, "x"}}), Rsc::kBadRequest,
                   kBadOptionReason, "unrecognized critical option");
  }
}

TEST(CoapRequestDecoderTest, IgnoresUnknownElectiveOptions) {
  OptionList elective = {{option::kEtag, "e"}, {option::kObserve, ""}, {option::kMaxAge, "\1"},
                         {option::kNoResponse, "\2"}, {option::kRequestTag, "t"}, {1000, "x"},
                         {option::kUriHost, "example.com"}, {option::kUriPort, encodeUint(5683)}};
  EXPECT_EQ(decodeOk(parts(method::kGet, {"cse-in"}, elective)).to, "cse-in");
}

TEST(CoapRequestDecoderTest, TreatsARepeatedOneM2mOptionAsUnrecognized) {
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kOneM2mFr, "Cother"}}),
                 Rsc::kBadRequest, kBadOptionReason, "not repeatable");
}

TEST(CoapRequestDecoderTest, RefusesToProxy) {
  expectRejected(parts(method::kGet, {"cse-in"}, {{option::kProxyUri, "coap://elsewhere/x"}}),
                 Rsc::kNotImplemented, kProxyingReason, "Proxy-Uri (35)");
}

TEST(CoapRequestDecoderTest, LimitsTheNumberOfOptions) {
  OptionList many;
  for (int i = 0; i < 70; ++i) many.emplace_back(option::kEtag, "e");
  expectRejected(parts(method::kGet, {"cse-in"}, many), Rsc::kBadRequest,
                 "coap.too_many_options");
}

TEST(CoapRequestDecoderTest, MapsTheThreeUriPathForms) {
  // TS-0008 Table 6.2.2.3-1.
  EXPECT_EQ(decodeOk(parts(method::kGet, {"CSEBase", "ae12", "cont27"})).to,
            "CSEBase/ae12/cont27");
  EXPECT_EQ(decodeOk(parts(method::kGet, {"cin00856"})).to, "cin00856");
  EXPECT_EQ(decodeOk(parts(method::kGet, {"~", "CSE178", "CSEBase", "ae12"})).to,
            "/CSE178/CSEBase/ae12");
  EXPECT_EQ(decodeOk(parts(method::kGet, {"~", "CSE178", "cin00856"})).to, "/CSE178/cin00856");
  EXPECT_EQ(decodeOk(parts(method::kGet, {"_", "mym2msp.org", "CSE178", "CSEBase"})).to,
            "//mym2msp.org/CSE178/CSEBase");
}

TEST(CoapRequestDecoderTest, RejectsMalformedUriPaths) {
  expectRejected(parts(method::kGet, {}), Rsc::kBadRequest, "coap.bad_path", "no Uri-Path");
  expectRejected(parts(method::kGet, {"~"}), Rsc::kBadRequest, "coap.bad_path", "names no CSE");
  expectRejected(parts(method::kGet, {"_"}), Rsc::kBadRequest, "coap.bad_path", "names no CSE");
  expectRejected(parts(method::kGet, {"cse-in", ""}), Rsc::kBadRequest, "coap.bad_path");
  expectRejected(parts(method::kGet, {"cse-in", "a/b"}), Rsc::kBadRequest, "coap.bad_path");
  expectRejected(parts(method::kGet, {std::string("a\0b", 3)}), Rsc::kBadRequest,
                 "coap.bad_path");
  expectRejected(parts(method::kGet, std::vector<std::string>(65, "x")), Rsc::kBadRequest,
                 "coap.bad_path", "more than 64");
}

TEST(CoapRequestDecoderTest, ParsesJsonAndCborPayloadsByContentFormat) {
  for (uint16_t cf : {content_format::kJson, content_format::kResJson, content_format::kNtfyJson}) {
    auto coap = parts(method::kPut, {"cse-in", "x"});
    coap.content_format = cf;
    coap.payload = R"({"m2m:cnt":{"mni":5}})";
    EXPECT_EQ(decodeOk(coap).content["m2m:cnt"]["mni"], 5) << cf;
  }
  std::string cbor = codec::serializeCbor(model::Json{{"m2m:cnt", {{"mni", 5}}}});
  for (uint16_t cf : {content_format::kCbor, content_format::kResCbor, content_format::kNtfyCbor}) {
    auto coap = parts(method::kPut, {"cse-in", "x"});
    coap.content_format = cf;
    coap.payload = cbor;
    EXPECT_EQ(decodeOk(coap).content["m2m:cnt"]["mni"], 5) << cf;
  }
}

// pc is one resource representation or notification: an object, as the primitive codec (MQTT)
// requires too (issue 23: one rule for every binding).
TEST(CoapRequestDecoderTest, RefusesContentThatIsNotAnObject) {
  for (std::string payload : {"[1]", "5", "\"text\"", "true"}) {
    expectRejected(withJson(parts(method::kPut, {"cse-in", "x"}), payload), Rsc::kBadRequest,
                   "primitive.bad_parameter", "pc: expected an object");
  }
}

TEST(CoapRequestDecoderTest, RejectsUnsupportedOrMissingContentFormat) {
  for (uint16_t cf : {content_format::kXml, content_format::kPreqJson, content_format::kResXml,
                      uint16_t{0}, uint16_t{65535}}) {
    auto coap = parts(method::kPut, {"cse-in", "x"});
    coap.content_format = cf;
    coap.payload = "{}";
    expectRejected(coap, Rsc::kUnsupportedMediaType, "coap.unsupported_content_format",
                   std::to_string(cf));
  }
  auto none = parts(method::kPut, {"cse-in", "x"});
  none.payload = "{}";
  expectRejected(none, Rsc::kUnsupportedMediaType, "coap.no_content_format");
}

TEST(CoapRequestDecoderTest, RejectsTruncatedAndOversizedPayloads) {
  expectRejected(withJson(parts(method::kPut, {"cse-in", "x"}), R"({"m2m:cnt":{"mni":)"),
                 Rsc::kBadRequest, "codec.malformed_json", "malformed JSON");
  auto cbor = parts(method::kPut, {"cse-in", "x"});
  cbor.content_format = content_format::kCbor;
  cbor.payload = std::string("\xa1\x67m2m:cnt", 9);  // map of 1, value missing
  auto result = decodeRequest(cbor, DecodeLimits{});
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
  DecodeLimits small;
  small.payload.max_bytes = 8;
  auto big = decodeRequest(withJson(parts(method::kPut, {"cse-in", "x"}), R"({"a":"0123456789"})"),
                           small);
  ASSERT_FALSE(big.isOk());
  EXPECT_EQ(big.status().rsc(), Rsc::kBadRequest);
}

TEST(CoapRequestDecoderTest, NegotiatesTheResponseContentFormat) {
  ResponseContext context;
  auto coap = parts(method::kGet, {"cse-in"});
  coap.accept = content_format::kResCbor;
  decodeOk(coap, &context);
  EXPECT_EQ(context.content_format, content_format::kResCbor);
  EXPECT_EQ(context.operation, Operation::kRetrieve);

  ResponseContext from_request;
  auto put = parts(method::kPut, {"cse-in", "x"});
  put.content_format = content_format::kResCbor;
  put.payload = codec::serializeCbor(model::Json::object());
  decodeOk(put, &from_request);
  EXPECT_EQ(from_request.content_format, content_format::kCbor);
  EXPECT_EQ(from_request.operation, Operation::kUpdate);
}

TEST(CoapRequestDecoderTest, AnswersAnUnsupportedAcceptWithNotAcceptable) {
  auto coap = parts(method::kGet, {"cse-in"});
  coap.accept = content_format::kXml;
  expectRejected(coap, Rsc::kNotAcceptable, "coap.not_acceptable", "Accept 41");
}

// Found by the coap_message fuzz target (tests/fuzz/regressions/coap_message/empty_filter_list):
// a bare Uri-Query "chty" made an empty filterCriteria, which no encoding carries, so the
// request changed in a round trip. A list-valued filter parameter without a value is now 4000.
TEST(CoapFuzzRegressionTest, RefusesListFilterParameterWithoutValue) {
  std::string datagram = testing::readCorpusFile(
      std::filesystem::path(CITADEL_SOURCE_DIR) / "tests/fuzz/regressions/coap_message/empty_filter_list");
  auto message = parseMessage(datagram);
  ASSERT_OK(message);
  auto decoded = decodeRequest(requestPartsFrom(message.value()), DecodeLimits{});
  ASSERT_RSC(decoded.status(), Rsc::kBadRequest);
  EXPECT_EQ(decoded.status().reason(), "coap.bad_query_value");
  EXPECT_NE(decoded.status().dbg().find("'chty' has no value"), std::string::npos)
      << decoded.status().dbg();
}

}  // namespace
}  // namespace citadel::coap
