// The originator side: encodeRequest (Request -> CoAP) and decodeResponse (CoAP -> Response),
// checked against the receiver side by round trips.
#include <gtest/gtest.h>

#include "bindings/coap/coap_message.h"
#include "tests/support/status_macros.h"

namespace citadel::coap {
namespace {

using model::Operation;
using model::Rsc;

model::Request fullRequest() {
  model::Request r;
  r.operation = Operation::kCreate;
  r.to = "cse-in/ae";
  r.originator = "Cae";
  r.request_id = "rq-7";
  r.resource_type = 4;
  r.content = {{"m2m:cin", {{"con", "21"}}}};
  r.release_version_indicator = "3";
  r.originating_timestamp = "20250101T000000";
  r.request_expiration_timestamp = "20250101T000100";
  r.result_expiration_timestamp = "20250101T000200";
  r.operation_execution_time = "20250101T000030";
  r.response_type.notification_uris = {"coap://a:1/n", "http://b:2/n"};
  r.event_category = "100";
  r.group_request_identifier = "g1";
  r.vendor_information = "vsi";
  r.group_request_target_members = {"/id-in/m1", "/id-in/m2"};
  r.authorization_signatures = {"s1", "s2"};
  r.result_content = model::ResultContent::kAttributes;
  r.role_ids = {"role"};
  return r;
}

TEST(CoapRequestEncoderTest, RoundTripsABlockingCreate) {
  model::Request r = fullRequest();
  CoapRequestParts coap = encodeRequest(r, uriPathFor(r.to));
  EXPECT_EQ(coap.method, method::kPost);
  EXPECT_EQ(coap.content_format, content_format::kJson);
  auto back = decodeRequest(coap, DecodeLimits{});
  ASSERT_OK(back);
  const model::Request& d = back.value();
  EXPECT_EQ(d.operation, Operation::kCreate);
  EXPECT_EQ(d.to, r.to);
  EXPECT_EQ(d.originator, r.originator);
  EXPECT_EQ(d.request_id, r.request_id);
  EXPECT_EQ(d.resource_type, r.resource_type);
  EXPECT_EQ(d.content, r.content);
  EXPECT_EQ(d.release_version_indicator, r.release_version_indicator);
  EXPECT_EQ(d.originating_timestamp, r.originating_timestamp);
  EXPECT_EQ(d.request_expiration_timestamp, r.request_expiration_timestamp);
  EXPECT_EQ(d.result_expiration_timestamp, r.result_expiration_timestamp);
  EXPECT_EQ(d.operation_execution_time, r.operation_execution_time);
  EXPECT_EQ(d.response_type.notification_uris, r.response_type.notification_uris);
  EXPECT_EQ(d.event_category, r.event_category);
  EXPECT_EQ(d.group_request_identifier, r.group_request_identifier);
  EXPECT_EQ(d.vendor_information, r.vendor_information);
  EXPECT_EQ(d.group_request_target_members, r.group_request_target_members);
  EXPECT_EQ(d.authorization_signatures, r.authorization_signatures);
  EXPECT_EQ(d.result_content, r.result_content);
  EXPECT_EQ(d.role_ids, r.role_ids);
}

TEST(CoapRequestEncoderTest, UsesTheMethodOfTable621) {
  model::Request r;
  r.to = "cse-in";
  r.operation = Operation::kRetrieve;
  EXPECT_EQ(encodeRequest(r, {"cse-in"}).method, method::kGet);
  r.operation = Operation::kUpdate;
  EXPECT_EQ(encodeRequest(r, {"cse-in"}).method, method::kPut);
  r.operation = Operation::kDelete;
  EXPECT_EQ(encodeRequest(r, {"cse-in"}).method, method::kDelete);
  r.operation = Operation::kNotify;
  EXPECT_EQ(encodeRequest(r, {"cse-in"}).method, method::kPost);
}

TEST(CoapRequestEncoderTest, SendsNonBlockingRequestsAsPostWithOp) {
  model::Request r;
  r.operation = Operation::kDelete;
  r.response_type.value = model::ResponseTypeValue::kNonBlockingRequestAsynch;
  CoapRequestParts coap = encodeRequest(r, {"cse-in", "x"});
  EXPECT_EQ(coap.method, method::kPost);
  ASSERT_FALSE(coap.uri_query.empty());
  EXPECT_EQ(coap.uri_query[0], "op=4");
  auto back = decodeRequest(coap, DecodeLimits{});
  ASSERT_OK(back);
  EXPECT_EQ(back.value().operation, Operation::kDelete);
}

TEST(CoapRequestEncoderTest, EncodesCborWhenAsked) {
  model::Request r;
  r.operation = Operation::kNotify;
  r.content = {{"m2m:sgn", {{"vrq", true}}}};
  CoapRequestParts coap = encodeRequest(r, {"n"}, codec::ContentFormat::kCbor);
  EXPECT_EQ(coap.content_format, content_format::kCbor);
  EXPECT_EQ(coap.payload, codec::serializeCbor(r.content));
}

TEST(CoapRequestEncoderTest, DecodesAResponseRoundTrip) {
  model::Response r;
  r.status_code = Rsc::kCreated;
  r.request_id = "rq-1";
  r.release_version_indicator = "3";
  r.vendor_information = "v";
  r.originating_timestamp = "20250101T000000";
  r.event_category = "4";
  r.content_status = 1;
  r.content_offset = 3;
  r.content_location = "/id-in/cnt";
  r.assigned_token_identifiers =
      model::Json::parse(R"({"ltia":[{"lti":"l1","tkid":"t1"}]})");
  r.content = {{"m2m:cnt", {{"rn", "cnt"}}}};
  ResponseContext ctx;
  ctx.operation = Operation::kCreate;
  ctx.content_format = content_format::kCbor;
  model::Response back = decodeResponse(encodeResponse(r, ctx), codec::ParseLimits{});
  EXPECT_EQ(back.status_code, r.status_code);
  EXPECT_EQ(back.request_id, r.request_id);
  EXPECT_EQ(back.release_version_indicator, r.release_version_indicator);
  EXPECT_EQ(back.vendor_information, r.vendor_information);
  EXPECT_EQ(back.originating_timestamp, r.originating_timestamp);
  EXPECT_EQ(back.event_category, r.event_category);
  EXPECT_EQ(back.content_status, r.content_status);
  EXPECT_EQ(back.content_offset, r.content_offset);
  EXPECT_EQ(back.content_location, r.content_location);
  EXPECT_EQ(back.assigned_token_identifiers, r.assigned_token_identifiers);
  EXPECT_EQ(back.content, r.content);
}

TEST(CoapRequestEncoderTest, FallsBackToTheCodeWithoutRscOption) {
  CoapResponseParts coap;
  coap.code = code(4, 4);
  EXPECT_EQ(decodeResponse(coap, {}).status_code, Rsc::kNotFound);
  coap.code = code(2, 4);
  EXPECT_EQ(decodeResponse(coap, {}).status_code, Rsc::kOk);
  coap.code = code(5, 4);
  EXPECT_EQ(decodeResponse(coap, {}).status_code, Rsc::kRequestTimeout);
}

TEST(CoapRequestEncoderTest, KeepsAnUnparseablePayloadOutOfTheContent) {
  CoapResponseParts coap;
  coap.code = code(2, 5);
  coap.content_format = content_format::kJson;
  coap.payload = "{truncated";
  model::Response r = decodeResponse(coap, {});
  EXPECT_TRUE(r.content.is_null());
  EXPECT_EQ(r.reason, "coap.bad_response_payload");
}

}  // namespace
}  // namespace citadel::coap
