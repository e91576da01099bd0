// encodeResponse, TS-0009 §6.3 / §6.4.2: status line, X-M2M-* headers, Content-Location and a
// body with its Content-Type only when there is content.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bindings/http/http_message.h"

namespace citadel::http {
namespace {

using model::Json;
using model::Rsc;

std::optional<std::string> header(const HttpResponseParts& http, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [key, value] : http.headers) {
    if (key == name) {
      EXPECT_FALSE(found.has_value()) << "duplicate header " << name;
      found = value;
    }
  }
  return found;
}

TEST(HttpResponseEncoderTest, EncodesCreatedResponse) {
  model::Response response;
  response.status_code = Rsc::kCreated;
  response.request_id = "rq-1";
  response.release_version_indicator = "3";
  response.content = {{"m2m:cnt", {{"rn", "data"}, {"ri", "cnt1"}}}};
  response.content_location = "cse-in/lamp/data";
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(http.status, 201);
  EXPECT_EQ(header(http, "X-M2M-RSC"), "2001");
  EXPECT_EQ(header(http, "X-M2M-RI"), "rq-1");
  EXPECT_EQ(header(http, "X-M2M-RVI"), "3");
  EXPECT_EQ(header(http, "Content-Location"), "/cse-in/lamp/data");
  EXPECT_EQ(header(http, "Content-Type"), "application/json");
  EXPECT_EQ(Json::parse(http.body), response.content);
}

TEST(HttpResponseEncoderTest, OmitsBodyAndContentTypeWithoutContent) {
  model::Response response;
  response.status_code = Rsc::kDeleted;
  response.request_id = "rq-2";
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(http.status, 200);
  EXPECT_EQ(header(http, "X-M2M-RSC"), "2002");
  EXPECT_TRUE(http.body.empty());
  EXPECT_FALSE(header(http, "Content-Type").has_value());
  EXPECT_FALSE(header(http, "Content-Location").has_value());
}

TEST(HttpResponseEncoderTest, OmitsEmptyOptionalHeaders) {
  model::Response response;
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(header(http, "X-M2M-RSC"), "2000");
  for (std::string name : {"X-M2M-RI", "X-M2M-RVI", "X-M2M-VSI", "X-M2M-OT", "X-M2M-EC",
                           "X-M2M-CTS", "X-M2M-CTO", "Content-Location"}) {
    EXPECT_FALSE(header(http, name).has_value()) << name;
  }
}

TEST(HttpResponseEncoderTest, EncodesOptionalHeadersWhenSet) {
  model::Response response;
  response.vendor_information = "v";
  response.originating_timestamp = "20240229T123456";
  response.event_category = "3";
  response.content_status = 1;
  response.content_offset = 5;
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(header(http, "X-M2M-VSI"), "v");
  EXPECT_EQ(header(http, "X-M2M-OT"), "20240229T123456");
  EXPECT_EQ(header(http, "X-M2M-EC"), "3");
  EXPECT_EQ(header(http, "X-M2M-CTS"), "1");
  EXPECT_EQ(header(http, "X-M2M-CTO"), "5");
}

TEST(HttpResponseEncoderTest, EncodesErrorWithDebugBody) {
  model::Response response =
      model::Response::fromStatus(model::Status::notFound("nothing here"), "rq-3");
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(http.status, 404);
  EXPECT_EQ(header(http, "X-M2M-RSC"), "4004");
  EXPECT_EQ(Json::parse(http.body), Json({{"m2m:dbg", "nothing here"}}));
}

TEST(HttpResponseEncoderTest, MapsDenialTo403) {
  model::Response response =
      model::Response::fromStatus(model::Status::noPrivilege("acp.no_rules"), "rq-4");
  HttpResponseParts http = encodeResponse(response);
  EXPECT_EQ(http.status, 403);
  EXPECT_EQ(header(http, "X-M2M-RSC"), "4103");
  EXPECT_EQ(http.body.find("acp."), std::string::npos);
}

TEST(HttpResponseEncoderTest, EncodesCborBodyWhenAsked) {
  model::Response response;
  response.content = {{"m2m:cin", {{"con", "21"}}}};
  HttpResponseParts http = encodeResponse(response, codec::ContentFormat::kCbor);
  EXPECT_EQ(header(http, "Content-Type"), "application/cbor");
  EXPECT_EQ(Json::from_cbor(http.body), response.content);
}

TEST(HttpResponseEncoderTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  model::Response response;
  response.content = {{"m2m:dbg", std::string("bad \xff")}};
  HttpResponseParts http;
  ASSERT_NO_THROW(http = encodeResponse(response));
  EXPECT_EQ(Json::parse(http.body)["m2m:dbg"], "bad \xef\xbf\xbd");
}

}  // namespace
}  // namespace citadel::http
