// encodeRequestParameters: every parameter a request this CSE sends may carry (a forwarded one
// may carry any) goes into the TS-0009 header or query form — checked by decoding the result
// with the binding's own decoder and comparing the primitives.
#include "bindings/http/http_request_encoder.h"

#include <gtest/gtest.h>

#include "bindings/http/http_message.h"
#include "tests/support/status_macros.h"

namespace citadel::http {
namespace {

using model::Json;

model::Request everything() {
  model::Request r;
  r.operation = model::Operation::kRetrieve;
  r.to = "/id-in/cse-in/cnt";
  r.originator = "/id-mn/Cae";
  r.request_id = "fwd-0123";
  r.release_version_indicator = "3";
  r.originating_timestamp = "20270101T000000";
  r.request_expiration_timestamp = "20270101T000005";
  r.result_expiration_timestamp = "20270101T000009";
  r.operation_execution_time = "20270101T000001";
  r.event_category = "2";
  r.group_request_identifier = "grq-1";
  r.vendor_information = "vendor x";
  r.result_content = model::ResultContent::kAttributesAndChildResources;
  r.desired_identifier_result_type = model::DesiredIdResultType::kUnstructured;
  r.tokens = {"eyJ.a.b", "eyJ.c.d"};
  r.token_ids = {"tid1"};
  r.local_token_ids = {"lt1", "lt2"};
  r.role_ids = {"role@example.com"};
  r.attribute_list = {"rn", "lbl"};
  r.token_request_indicator = true;
  // Values with characters the query must escape: space, '&', '+', '=', '%', non-ASCII.
  r.filter_criteria = {{"fu", 1},
                       {"ty", Json::array({3, 4})},
                       {"lbl", Json::array({"a b", "c&d", "e+f", "g=h%", "gr\xc3\xbc"})},
                       {"lim", 5},
                       {"atr", Json::array({{{"nm", "rn"}, {"val", "x y"}}})}};
  return r;
}

TEST(HttpRequestEncoderTest, EveryParameterSurvivesTheBindingsOwnDecoder) {
  model::Request sent = everything();
  EncodedHttpParameters encoded = encodeRequestParameters(sent);
  HttpRequestParts http;
  http.method = "GET";
  http.path = "/~/id-in/cse-in/cnt";
  http.raw_query = encoded.query;
  http.headers = encoded.headers;
  auto decoded = decodeRequest(http, DecodeLimits{});
  ASSERT_OK(decoded);
  const model::Request& got = decoded.value();
  EXPECT_EQ(got.to, sent.to);
  EXPECT_EQ(got.originator, sent.originator);
  EXPECT_EQ(got.request_id, sent.request_id);
  EXPECT_EQ(got.release_version_indicator, sent.release_version_indicator);
  EXPECT_EQ(got.originating_timestamp, sent.originating_timestamp);
  EXPECT_EQ(got.request_expiration_timestamp, sent.request_expiration_timestamp);
  EXPECT_EQ(got.result_expiration_timestamp, sent.result_expiration_timestamp);
  EXPECT_EQ(got.operation_execution_time, sent.operation_execution_time);
  EXPECT_EQ(got.event_category, sent.event_category);
  EXPECT_EQ(got.group_request_identifier, sent.group_request_identifier);
  EXPECT_EQ(got.vendor_information, sent.vendor_information);
  EXPECT_EQ(got.result_content, sent.result_content);
  EXPECT_EQ(got.desired_identifier_result_type, sent.desired_identifier_result_type);
  EXPECT_EQ(got.tokens, sent.tokens);
  EXPECT_EQ(got.token_ids, sent.token_ids);
  EXPECT_EQ(got.local_token_ids, sent.local_token_ids);
  EXPECT_EQ(got.role_ids, sent.role_ids);
  EXPECT_EQ(got.attribute_list, sent.attribute_list);
  EXPECT_EQ(got.token_request_indicator, sent.token_request_indicator);
  EXPECT_EQ(got.filter_criteria, sent.filter_criteria) << got.filter_criteria.dump();
}

TEST(HttpRequestEncoderTest, NotificationUrisAndTokensUseTheirHeaderForms) {
  model::Request r;
  r.operation = model::Operation::kCreate;
  r.originator = "Cae";
  r.request_id = "r1";
  r.response_type.value = model::ResponseTypeValue::kNonBlockingRequestAsynch;
  r.response_type.notification_uris = {"http://a/n", "Cae2"};
  r.tokens = {"t1", "t2"};
  EncodedHttpParameters encoded = encodeRequestParameters(r);
  auto header = [&](const std::string& name) {
    for (const auto& [n, v] : encoded.headers) {
      if (n == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header("X-M2M-RTU"), "http://a/n&Cae2");     // TS-0009 §6.4.1
  EXPECT_EQ(header("Authorization"), "Bearer t1+t2");   // TS-0009 §6.4.19
  EXPECT_EQ(encoded.query, "rt=2");                      // tkns not repeated in the query
  EXPECT_EQ(header("X-M2M-GID"), "");                    // unset parameters are left out
}

TEST(HttpRequestEncoderTest, PercentEncodesAllButUnreservedCharacters) {
  EXPECT_EQ(percentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(percentEncode("a b+c&d=e%/\xc3\xbc"), "a%20b%2Bc%26d%3De%25%2F%C3%BC");
}

}  // namespace
}  // namespace citadel::http
