// parseHttpUrl: what the HTTP sender connects to and writes in the request line and the Host
// header, for the targets originators name (nu, poa, dap) — hostile ones included.
#include "bindings/http/http_url.h"

#include <gtest/gtest.h>

namespace citadel::http {
namespace {

HttpUrl parsedUrl(const std::string& url) {
  auto parsed = parseHttpUrl(url);
  EXPECT_TRUE(parsed.isOk()) << url << ": " << parsed.status().dbg();
  return parsed.isOk() ? parsed.value() : HttpUrl{};
}

TEST(HttpUrlTest, SplitsSchemeHostPortAndTarget) {
  HttpUrl url = parsedUrl("http://127.0.0.1:9000/notify/here?a=1&b=2");
  EXPECT_FALSE(url.secure);
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 9000);
  EXPECT_EQ(url.target, "/notify/here?a=1&b=2");
  EXPECT_EQ(url.hostHeader(), "127.0.0.1:9000");
  EXPECT_EQ(url.format, codec::ContentFormat::kJson);
}

TEST(HttpUrlTest, DefaultPortsAndAnEmptyPath) {
  HttpUrl plain = parsedUrl("HTTP://example.com");
  EXPECT_EQ(plain.port, 80);
  EXPECT_EQ(plain.target, "/");
  EXPECT_EQ(plain.hostHeader(), "example.com");
  HttpUrl secure = parsedUrl("https://example.com?x=1#fragment");
  EXPECT_TRUE(secure.secure);
  EXPECT_EQ(secure.port, 443);
  EXPECT_EQ(secure.target, "/?x=1");
  EXPECT_EQ(secure.hostHeader(), "example.com");
  EXPECT_EQ(parsedUrl("https://example.com:8443/").hostHeader(), "example.com:8443");
}

TEST(HttpUrlTest, Ipv6LiteralsAreBracketedInTheHostHeaderOnly) {
  HttpUrl url = parsedUrl("http://[::1]:8080/cse-in");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 8080);
  EXPECT_EQ(url.hostHeader(), "[::1]:8080");
}

// TS-0004 Table 7.4.8.1-3: "ct" in a notification URI selects the serialization and is not
// sent; the other members stay in their order.
TEST(HttpUrlTest, TheSerializationHintIsTakenOutOfTheQuery) {
  HttpUrl cbor = parsedUrl("http://h/n?a=1&ct=cbor&b=2");
  EXPECT_EQ(cbor.format, codec::ContentFormat::kCbor);
  EXPECT_EQ(cbor.target, "/n?a=1&b=2");
  HttpUrl json = parsedUrl("http://h/n?ct=json");
  EXPECT_EQ(json.format, codec::ContentFormat::kJson);
  EXPECT_EQ(json.target, "/n");
}

TEST(HttpUrlTest, RefusesWhatCannotBeSentSafely) {
  for (const char* bad : {"ftp://h/x", "coap://h/x", "http://", "http:///path", "http://h:/x",
                          "http://h:0/x", "http://h:65536/x", "http://h:80x/x",
                          "http://user:secret@h/x", "http://[::1/x", "http://[::1]x/x",
                          "http://[not-v6]/x", "http://h/x y", "http://h/x\r\nX-Evil: 1",
                          "http://h/\x7f", ""}) {
    auto parsed = parseHttpUrl(bad);
    ASSERT_FALSE(parsed.isOk()) << bad;
    EXPECT_EQ(parsed.status().rsc(), model::Rsc::kTargetNotReachable) << bad;
    EXPECT_EQ(parsed.status().reason(), "http.bad_url") << bad;
  }
}

// Error texts reach logs and responses: a password in the URL is not among them.
TEST(HttpUrlTest, AnErrorDoesNotShowUserInformation) {
  auto parsed = parseHttpUrl("http://admin:hunter2@h/x");
  ASSERT_FALSE(parsed.isOk());
  EXPECT_EQ(parsed.status().dbg().find("hunter2"), std::string::npos) << parsed.status().dbg();
  EXPECT_NE(parsed.status().dbg().find("<user info>"), std::string::npos);
}

}  // namespace
}  // namespace citadel::http
