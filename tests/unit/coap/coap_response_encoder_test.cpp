// encodeResponse / encodeError, TS-0008 §6.2.2.4 (options), §6.2.3 (payload, Location-Path),
// §6.2.4 (code) and §6.4 (Max-Age 0).
#include <gtest/gtest.h>

#include "bindings/coap/coap_message.h"

namespace citadel::coap {
namespace {

using model::Operation;
using model::Rsc;

std::vector<std::string> values(const CoapResponseParts& coap, uint16_t number) {
  std::vector<std::string> out;
  for (const auto& [n, v] : coap.options) {
    if (n == number) out.push_back(v);
  }
  return out;
}

std::string value(const CoapResponseParts& coap, uint16_t number) {
  auto all = values(coap, number);
  return all.empty() ? "<absent>" : all.front();
}

ResponseContext context(Operation op, uint16_t cf = content_format::kJson) {
  ResponseContext ctx;
  ctx.operation = op;
  ctx.content_format = cf;
  return ctx;
}

TEST(CoapResponseEncoderTest, EncodesARetrieveResponse) {
  model::Response r;
  r.status_code = Rsc::kOk;
  r.request_id = "rq-1";
  r.release_version_indicator = "3";
  r.vendor_information = "v";
  r.originating_timestamp = "20250101T000000";
  r.result_expiration_timestamp = "20250101T010000";
  r.event_category = "999";
  r.from = "/id-in";
  r.content_status = 2;
  r.content_offset = 1;
  r.content = {{"m2m:cnt", {{"rn", "x"}}}};
  CoapResponseParts coap = encodeResponse(r, context(Operation::kRetrieve));
  EXPECT_EQ(codeString(coap.code), "2.05");
  EXPECT_EQ(value(coap, option::kOneM2mRsc), encodeUint(2000));
  EXPECT_EQ(value(coap, option::kOneM2mRqi), "rq-1");
  EXPECT_EQ(value(coap, option::kOneM2mRvi), "3");
  EXPECT_EQ(value(coap, option::kOneM2mVsi), "v");
  EXPECT_EQ(value(coap, option::kOneM2mOt), "20250101T000000");
  EXPECT_EQ(value(coap, option::kOneM2mRset), "20250101T010000");
  EXPECT_EQ(value(coap, option::kOneM2mEc), encodeUint(999));
  EXPECT_EQ(value(coap, option::kOneM2mFr), "/id-in");
  EXPECT_EQ(value(coap, option::kOneM2mCts), encodeUint(2));
  EXPECT_EQ(value(coap, option::kOneM2mCto), encodeUint(1));
  EXPECT_EQ(value(coap, option::kMaxAge), "");  // Max-Age 0: TS-0008 §6.4
  EXPECT_EQ(coap.content_format, content_format::kJson);
  EXPECT_EQ(model::Json::parse(coap.payload), r.content);
  for (size_t i = 1; i < coap.options.size(); ++i) {
    EXPECT_LE(coap.options[i - 1].first, coap.options[i].first) << "options out of order";
  }
}

TEST(CoapResponseEncoderTest, PutsTheCreatedResourceInLocationPath) {
  model::Response r;
  r.status_code = Rsc::kCreated;
  r.content_location = "cse-in/ae1/cnt";
  CoapResponseParts coap = encodeResponse(r, context(Operation::kCreate));
  EXPECT_EQ(codeString(coap.code), "2.01");
  EXPECT_EQ(values(coap, option::kLocationPath),
            (std::vector<std::string>{"cse-in", "ae1", "cnt"}));
  EXPECT_EQ(value(coap, option::kMaxAge), "<absent>");  // 2.01 is not cacheable
  r.content_location = "/id-in/cin1";
  EXPECT_EQ(values(encodeResponse(r, context(Operation::kCreate)), option::kLocationPath),
            (std::vector<std::string>{"~", "id-in", "cin1"}));
}

TEST(CoapResponseEncoderTest, SendsNoPayloadWithTheOkOfANotify) {
  model::Response r;
  r.status_code = Rsc::kOk;
  r.content = {{"m2m:dbg", "ignored"}};
  CoapResponseParts coap = encodeResponse(r, context(Operation::kNotify));
  EXPECT_EQ(codeString(coap.code), "2.04");
  EXPECT_TRUE(coap.payload.empty());
  EXPECT_FALSE(coap.content_format.has_value());
}

TEST(CoapResponseEncoderTest, KeepsTheSecurityInfoOfADasAnswerToANotify) {
  model::Response r;
  r.status_code = Rsc::kOk;
  r.content = {{"m2m:seci", {{"sit", 2}, {"dres", model::Json::object()}}}};
  CoapResponseParts coap = encodeResponse(r, context(Operation::kNotify));
  EXPECT_EQ(codeString(coap.code), "2.04");
  EXPECT_EQ(coap.payload, r.content.dump());
  EXPECT_TRUE(coap.content_format.has_value());
}

TEST(CoapResponseEncoderTest, EncodesInTheNegotiatedContentFormat) {
  model::Response r;
  r.content = {{"m2m:cnt", {{"mni", 5}}}};
  CoapResponseParts cbor = encodeResponse(r, context(Operation::kRetrieve, content_format::kResCbor));
  EXPECT_EQ(cbor.content_format, content_format::kResCbor);
  EXPECT_EQ(cbor.payload, codec::serializeCbor(r.content));
  CoapResponseParts json = encodeResponse(r, context(Operation::kRetrieve, content_format::kResJson));
  EXPECT_EQ(json.content_format, content_format::kResJson);
  EXPECT_EQ(model::Json::parse(json.payload), r.content);
}

TEST(CoapResponseEncoderTest, EncodesTokenParameters) {
  model::Response r;
  r.status_code = Rsc::kOriginatorHasNoPrivilege;
  r.assigned_token_identifiers =
      model::Json::parse(R"({"ltia":[{"lti":"l1","tkid":"t1"},{"lti":"l2","tkid":"t2"}]})");
  r.authorization_signature_request_information = true;
  r.token_request_information = model::Json::parse(R"({"dasi":[{"uri":"coap://das"}]})");
  CoapResponseParts coap = encodeResponse(r, context(Operation::kRetrieve));
  EXPECT_EQ(codeString(coap.code), "4.03");
  EXPECT_EQ(value(coap, option::kOneM2mAti), "l1:t1+l2:t2");
  EXPECT_EQ(value(coap, option::kOneM2mAsri), "true");
  // TS-0008 §6.2.3: Token Request Information travels in the payload.
  EXPECT_EQ(model::Json::parse(coap.payload), r.token_request_information);
}

TEST(CoapResponseEncoderTest, EncodesDecodeErrors) {
  ResponseContext ctx = context(Operation::kCreate);
  CoapResponseParts bad =
      encodeError(model::Status::badRequest("attribute x: wrong", "test"), "rq-9", ctx);
  EXPECT_EQ(codeString(bad.code), "4.00");
  EXPECT_EQ(value(bad, option::kOneM2mRsc), encodeUint(4000));
  EXPECT_EQ(value(bad, option::kOneM2mRqi), "rq-9");
  EXPECT_EQ(model::Json::parse(bad.payload)["m2m:dbg"], "attribute x: wrong");

  CoapResponseParts option_error =
      encodeError(model::Status(Rsc::kBadRequest, "option 1001", kBadOptionReason), "", ctx);
  EXPECT_EQ(codeString(option_error.code), "4.02");
  EXPECT_EQ(value(option_error, option::kOneM2mRsc), encodeUint(4000));

  CoapResponseParts proxy =
      encodeError(model::Status(Rsc::kNotImplemented, "no proxy", kProxyingReason), "", ctx);
  EXPECT_EQ(codeString(proxy.code), "5.05");

  CoapResponseParts not_acceptable = encodeError(
      model::Status(Rsc::kNotAcceptable, "Accept 41", "coap.not_acceptable"), "", ctx);
  EXPECT_EQ(codeString(not_acceptable.code), "4.06");
}

TEST(CoapResponseEncoderTest, MapsIdsToUriPaths) {
  EXPECT_EQ(uriPathFor("cse-in/ae"), (std::vector<std::string>{"cse-in", "ae"}));
  EXPECT_EQ(uriPathFor("/id-in/cse-in"), (std::vector<std::string>{"~", "id-in", "cse-in"}));
  EXPECT_EQ(uriPathFor("//sp.org/id-in/x"),
            (std::vector<std::string>{"_", "sp.org", "id-in", "x"}));
}

}  // namespace
}  // namespace citadel::coap
