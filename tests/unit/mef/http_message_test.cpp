#include "security/mef_client/http_message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

namespace citadel::security::mef {
namespace {

// Feeds `bytes` in chunks of at most `chunk` bytes, then end of stream.
model::Result<HttpMessage> readFrom(const std::string& bytes, bool is_request, size_t chunk = 7) {
  size_t position = 0;
  return readHttpMessage(
      [&](char* buffer, size_t capacity) -> long {
        size_t n = std::min({capacity, chunk, bytes.size() - position});
        std::memcpy(buffer, bytes.data() + position, n);
        position += n;
        return static_cast<long>(n);
      },
      is_request);
}

TEST(HttpMessageTest, ReadsWhatFormatWrites) {
  auto request = readFrom(formatHttpRequest("POST", "/bootstrap", "mef", "{\"a\":1}"), true);
  ASSERT_TRUE(request.isOk()) << request.status().dbg();
  EXPECT_EQ(request.value().first, "POST");
  EXPECT_EQ(request.value().second, "/bootstrap");
  EXPECT_EQ(request.value().headers.at("host"), "mef");
  EXPECT_EQ(request.value().body, "{\"a\":1}");
  auto response = readFrom(formatHttpResponse(404, "Not Found", "{}"), false);
  ASSERT_TRUE(response.isOk()) << response.status().dbg();
  EXPECT_EQ(response.value().first, "404");
  EXPECT_EQ(response.value().body, "{}");
}

TEST(HttpMessageTest, RefusesHostileFraming) {
  const std::string hostile[] = {
      "",                                                              // nothing
      "GET /enrolments HTTP/1.1\r\n",                                  // head never ends
      "GET /x HTTP/1.0\r\n\r\n",                                       // not 1.1
      "GET x HTTP/1.1\r\n\r\n",                                        // no leading /
      "GET /x HTTP/1.1\r\nbad header\r\n\r\n",                         // no colon
      "GET /x HTTP/1.1\r\nA: \x01\r\n\r\n",                            // control character
      "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nab",               // truncated body
      "POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",                // negative
      "POST /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",          // over the limit
      "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",  // twice
      "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
      "POST /x HTTP/1.1\r\n\r\nunannounced body",                      // bytes past the head
      "GET /x HTTP/1.1\r\n" + std::string(9000, 'a') + "\r\n\r\n",      // head over 8 KiB
  };
  for (const std::string& text : hostile) {
    auto message = readFrom(text, true, 4096);
    ASSERT_FALSE(message.isOk()) << text.substr(0, 60);
    EXPECT_EQ(message.status().reason(), "mef.bad_http");
  }
  EXPECT_FALSE(readFrom("HTTP/1.1 2000 OK\r\n\r\n", false).isOk());
  EXPECT_FALSE(readFrom("HTTP/1.1 20x OK\r\n\r\n", false).isOk());
}

}  // namespace
}  // namespace citadel::security::mef
