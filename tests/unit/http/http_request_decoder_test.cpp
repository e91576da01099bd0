// decodeRequest, TS-0009 §6: method -> operation, path -> `to`, X-M2M-* headers, media types
// and bodies. Query parameters: http_query_decoder_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "bindings/http/http_message.h"
#include "tests/support/status_macros.h"

namespace citadel::http {
namespace {

using model::Operation;
using model::Rsc;

using Headers = std::vector<std::pair<std::string, std::string>>;

HttpRequestParts parts(std::string method, std::string path, Headers extra = {},
                       std::string body = "") {
  HttpRequestParts http;
  http.method = std::move(method);
  http.path = std::move(path);
  http.headers = {{"X-M2M-Origin", "Clamp"}, {"X-M2M-RI", "rq-1"}, {"X-M2M-RVI", "3"}};
  http.headers.insert(http.headers.end(), extra.begin(), extra.end());
  http.body = std::move(body);
  return http;
}

model::Result<model::Request> decode(const HttpRequestParts& http) {
  return decodeRequest(http, DecodeLimits{});
}

model::Request decodeOk(const HttpRequestParts& http) {
  auto result = decode(http);
  EXPECT_TRUE(result.isOk()) << http.method << " " << http.path
                             << " dbg=" << citadel::testing::statusOf(result).dbg();
  return result.isOk() ? std::move(result).value() : model::Request{};
}

void expectRejected(const HttpRequestParts& http, Rsc rsc, std::string_view reason) {
  auto result = decode(http);
  ASSERT_FALSE(result.isOk()) << http.method << " " << http.path << " decoded";
  EXPECT_EQ(result.status().rsc(), rsc) << result.status().dbg();
  EXPECT_EQ(result.status().reason(), reason) << result.status().dbg();
}

const Headers kJson = {{"Content-Type", "application/json"}};

TEST(HttpRequestDecoderTest, MapsGetPutDeleteToOperations) {
  EXPECT_EQ(decodeOk(parts("GET", "/cse-in")).operation, Operation::kRetrieve);
  EXPECT_EQ(decodeOk(parts("PUT", "/cse-in/x", kJson, "{}")).operation, Operation::kUpdate);
  EXPECT_EQ(decodeOk(parts("DELETE", "/cse-in/x")).operation, Operation::kDelete);
}

// pc is one resource representation or notification: an object, as the primitive codec (MQTT)
// requires too (issue 23: one rule for every binding).
TEST(HttpRequestDecoderTest, RefusesContentThatIsNotAnObject) {
  for (std::string body : {"[1]", "5", "\"text\"", "null", "true"}) {
    expectRejected(parts("PUT", "/cse-in/x", kJson, body), Rsc::kBadRequest,
                   "primitive.bad_parameter");
  }
}

TEST(HttpRequestDecoderTest, MapsPostWithTyToCreate) {
  auto request = decodeOk(
      parts("POST", "/cse-in", {{"Content-Type", "application/json;ty=3"}}, R"({"m2m:cnt":{}})"));
  EXPECT_EQ(request.operation, Operation::kCreate);
  ASSERT_TRUE(request.resource_type.has_value());
  EXPECT_EQ(*request.resource_type, 3);
  EXPECT_EQ(request.content, model::Json::parse(R"({"m2m:cnt":{}})"));
}

TEST(HttpRequestDecoderTest, ParsesTyParameterLeniently) {
  for (std::string type : {"application/vnd.onem2m-res+json; ty=2", "Application/JSON ;ty=2",
                           "application/json; charset=utf-8; ty=2"}) {
    auto request = decodeOk(parts("POST", "/cse-in", {{"Content-Type", type}}, "{}"));
    EXPECT_EQ(request.operation, Operation::kCreate) << type;
    EXPECT_EQ(request.resource_type, std::optional<uint16_t>(2)) << type;
  }
}

TEST(HttpRequestDecoderTest, MapsPostWithoutTyToNotify) {
  auto request = decodeOk(parts("POST", "/cse-in/lamp", kJson, R"({"m2m:sgn":{}})"));
  EXPECT_EQ(request.operation, Operation::kNotify);
  EXPECT_FALSE(request.resource_type.has_value());
}

TEST(HttpRequestDecoderTest, RejectsMethodsWithoutOperation) {
  for (std::string method : {"PATCH", "HEAD", "OPTIONS", "get", "", "CONNECT"}) {
    expectRejected(parts(method, "/cse-in"), Rsc::kBadRequest, "http.bad_method");
  }
}

TEST(HttpRequestDecoderTest, RejectsTyOutsidePostAndBadTyValues) {
  expectRejected(parts("PUT", "/cse-in", {{"Content-Type", "application/json;ty=3"}}, "{}"),
                 Rsc::kBadRequest, "http.ty_not_post");
  for (std::string ty : {"ty=abc", "ty=0", "ty=65536", "ty=", "ty=3x"}) {
    expectRejected(parts("POST", "/cse-in", {{"Content-Type", "application/json;" + ty}}, "{}"),
                   Rsc::kBadRequest, "http.bad_query_value");
  }
}

TEST(HttpRequestDecoderTest, MapsPathFormsToTargets) {
  EXPECT_EQ(decodeOk(parts("GET", "/cse-in/lamp")).to, "cse-in/lamp");
  EXPECT_EQ(decodeOk(parts("GET", "/cnt123")).to, "cnt123");
  EXPECT_EQ(decodeOk(parts("GET", "/~/id-in/cse-in/lamp")).to, "/id-in/cse-in/lamp");
  EXPECT_EQ(decodeOk(parts("GET", "/~/id-in")).to, "/id-in");
  EXPECT_EQ(decodeOk(parts("GET", "/_/sp.example/id-in/x")).to, "//sp.example/id-in/x");
  // "/" alone names nothing; parseAddress answers for the empty `to` later.
  EXPECT_EQ(decodeOk(parts("GET", "/")).to, "");
}

TEST(HttpRequestDecoderTest, PercentDecodesPath) {
  EXPECT_EQ(decodeOk(parts("GET", "/cse-in/a%20b")).to, "cse-in/a b");
  EXPECT_EQ(decodeOk(parts("GET", "/cse-in/%6c%61mp")).to, "cse-in/lamp");
  EXPECT_EQ(decodeOk(parts("GET", "/%7E/id-in/x")).to, "/id-in/x");
  // '+' is not a space in a path.
  EXPECT_EQ(decodeOk(parts("GET", "/cse-in/a+b")).to, "cse-in/a+b");
}

TEST(HttpRequestDecoderTest, RejectsBadPaths) {
  for (std::string path : {"", "cse-in", "/~", "/_", "/cse-in/%", "/cse-in/%4", "/cse-in/%zz",
                           "/cse-in/%g0", "/cse-in/%00"}) {
    expectRejected(parts("GET", path), Rsc::kBadRequest, "http.bad_path");
  }
}

TEST(HttpRequestDecoderTest, CopiesXm2mHeaders) {
  auto request = decodeOk(parts("GET", "/cse-in",
                                {{"X-M2M-GID", "g1"},
                                 {"X-M2M-OT", "20240229T123456"},
                                 {"X-M2M-RST", "20240301T000000"},
                                 {"X-M2M-RET", "20240302T000000"},
                                 {"X-M2M-OET", "1000"},
                                 {"X-M2M-EC", "2"},
                                 {"X-M2M-VSI", "vendor x"},
                                 {"X-M2M-AS", "sig1+sig2"}}));
  EXPECT_EQ(request.originator, "Clamp");
  EXPECT_EQ(request.request_id, "rq-1");
  EXPECT_EQ(request.release_version_indicator, "3");
  EXPECT_EQ(request.group_request_identifier, "g1");
  EXPECT_EQ(request.originating_timestamp, "20240229T123456");
  EXPECT_EQ(request.result_expiration_timestamp, "20240301T000000");
  EXPECT_EQ(request.request_expiration_timestamp, "20240302T000000");
  EXPECT_EQ(request.operation_execution_time, "1000");
  EXPECT_EQ(request.event_category, "2");
  EXPECT_EQ(request.vendor_information, "vendor x");
  EXPECT_EQ(request.authorization_signatures, (std::vector<std::string>{"sig1", "sig2"}));
  EXPECT_EQ(request.transport.binding, model::Binding::kHttp);
}

TEST(HttpRequestDecoderTest, MatchesHeaderNamesCaseInsensitivelyAndTrimsValues) {
  HttpRequestParts http;
  http.method = "GET";
  http.path = "/cse-in";
  http.headers = {{"x-m2m-origin", "  Clamp\t"}, {"X-m2m-Ri", " rq-9 "}};
  auto request = decodeOk(http);
  EXPECT_EQ(request.originator, "Clamp");
  EXPECT_EQ(request.request_id, "rq-9");
}

TEST(HttpRequestDecoderTest, SplitsNotificationUrisOnAmpersand) {
  auto request = decodeOk(
      parts("GET", "/cse-in", {{"X-M2M-RTU", "http://a.example:1/x&&mqtt://b.example/y&"}}));
  EXPECT_EQ(request.response_type.notification_uris,
            (std::vector<std::string>{"http://a.example:1/x", "mqtt://b.example/y"}));
}

TEST(HttpRequestDecoderTest, IgnoresUnknownHeaders) {
  auto request = decodeOk(parts("GET", "/cse-in", {{"X-Custom", "1"}, {"Host", "h"}}));
  EXPECT_EQ(request.to, "cse-in");
}

TEST(HttpRequestDecoderTest, LeavesMissingHeadersEmptyForTheEngine) {
  HttpRequestParts http;
  http.method = "GET";
  http.path = "/cse-in";
  auto request = decodeOk(http);
  EXPECT_TRUE(request.originator.empty());
  EXPECT_TRUE(request.request_id.empty());
}

TEST(HttpRequestDecoderTest, RejectsTooManyHeaders) {
  HttpRequestParts http = parts("GET", "/cse-in");
  while (http.headers.size() < 64) {
    http.headers.emplace_back("X-Filler", "x");
  }
  EXPECT_OK(decode(http));
  http.headers.emplace_back("X-Filler", "x");
  expectRejected(http, Rsc::kBadRequest, "http.too_many_headers");
}

TEST(HttpRequestDecoderTest, RejectsBodyWithoutContentType) {
  expectRejected(parts("PUT", "/cse-in/x", {}, "{}"), Rsc::kUnsupportedMediaType,
                 "http.no_media_type");
}

TEST(HttpRequestDecoderTest, RejectsUnsupportedMediaType) {
  for (std::string type : {"text/plain", "application/xml", "application/vnd.onem2m-res+xml",
                           "application/jsonx", ""}) {
    expectRejected(parts("PUT", "/cse-in/x", {{"Content-Type", type}}, "{}"),
                   Rsc::kUnsupportedMediaType, "http.unsupported_media");
  }
}

TEST(HttpRequestDecoderTest, IgnoresMediaTypeWithoutBody) {
  auto request = decodeOk(parts("GET", "/cse-in", {{"Content-Type", "text/plain"}}));
  EXPECT_TRUE(request.content.is_null());
}

TEST(HttpRequestDecoderTest, RejectsMalformedAndHostileJsonBodies) {
  expectRejected(parts("PUT", "/cse-in/x", kJson, R"({"m2m:cnt": )"), Rsc::kBadRequest,
                 "codec.malformed_json");
  expectRejected(parts("PUT", "/cse-in/x", kJson, std::string(10000, '[')), Rsc::kBadRequest,
                 "codec.too_deep");
  HttpRequestParts big = parts("PUT", "/cse-in/x", kJson, "\"" + std::string(64, 'a') + "\"");
  DecodeLimits limits;
  limits.body.max_bytes = 32;
  auto result = decodeRequest(big, limits);
  ASSERT_RSC(result, Rsc::kBadRequest);
  EXPECT_EQ(result.status().reason(), "codec.too_large");
}

TEST(HttpRequestDecoderTest, DecodesCborBodyAndAnswersInCbor) {
  std::string body;
  model::Json::to_cbor(model::Json{{"m2m:cnt", {{"rn", "data"}}}}, body);
  HttpRequestParts http =
      parts("POST", "/cse-in", {{"Content-Type", "application/cbor;ty=3"}}, body);
  codec::ContentFormat format = codec::ContentFormat::kJson;
  auto result = decodeRequest(http, DecodeLimits{}, &format);
  ASSERT_OK(result);
  EXPECT_EQ(result.value().content["m2m:cnt"]["rn"], "data");
  EXPECT_EQ(format, codec::ContentFormat::kCbor);
}

TEST(HttpRequestDecoderTest, ChoosesResponseFormatFromAcceptFirst) {
  codec::ContentFormat format = codec::ContentFormat::kCbor;
  ASSERT_OK(decodeRequest(parts("GET", "/cse-in"), DecodeLimits{}, &format));
  EXPECT_EQ(format, codec::ContentFormat::kJson);  // the default

  ASSERT_OK(decodeRequest(parts("GET", "/cse-in", {{"Accept", "application/cbor"}}), DecodeLimits{},
                          &format));
  EXPECT_EQ(format, codec::ContentFormat::kCbor);

  ASSERT_OK(decodeRequest(
      parts("GET", "/cse-in", {{"Accept", "text/html, application/vnd.onem2m-res+json;q=0.9"}}),
      DecodeLimits{}, &format));
  EXPECT_EQ(format, codec::ContentFormat::kJson);

  // Accept wins over the request's own Content-Type.
  ASSERT_OK(decodeRequest(
      parts("PUT", "/cse-in/x",
            {{"Content-Type", "application/json"}, {"Accept", "application/cbor"}}, "{}"),
      DecodeLimits{}, &format));
  EXPECT_EQ(format, codec::ContentFormat::kCbor);
}

}  // namespace
}  // namespace citadel::http
