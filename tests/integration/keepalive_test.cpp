// HTTP/1.1 persistent connections (TS-0009 §5, RFC 9112 §9.3): many primitives on one
// connection, each response echoing its own X-M2M-RI.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class KeepAliveTest : public CseFixture {};

TEST_F(KeepAliveTest, AnswersManyRequestsOnOneConnection) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (int i = 0; i < 100; ++i) {
    std::string con = "v";
    con += std::to_string(i);
    HttpResult r = i % 2 == 0 ? createCin(ae.id, cnt, con) : http().retrieve(ae.id, cnt + "/la");
    ASSERT_EQ(r.rsc, i % 2 == 0 ? 2001 : 2000) << r;
    EXPECT_EQ(r.header("X-M2M-RI"), r.request_id);
  }
  EXPECT_EQ(http().connectionsOpened(), 1);
  EXPECT_GE(http().requestsOnConnection(), 102);
}

TEST_F(KeepAliveTest, KeepsConnectionAfterErrorResponses) {
  Ae ae = registerAe();
  for (int i = 0; i < 20; ++i) {
    HttpResult missing = http().retrieve(ae.id, ae.path + "/missing");
    EXPECT_EQ(missing.rsc, 4004) << missing;
    EXPECT_EQ(missing.header("X-M2M-RI"), missing.request_id);
    HttpResult bad = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"mni", "x"}}}});
    EXPECT_EQ(bad.rsc, 4000) << bad;
    EXPECT_EQ(bad.header("X-M2M-RI"), bad.request_id);
  }
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000);
  EXPECT_EQ(http().connectionsOpened(), 1);
}

TEST_F(KeepAliveTest, AnswersPipelinedRequestsInOrder) {
  Ae ae = registerAe();
  std::string bytes;
  for (int i = 0; i < 5; ++i) {
    bytes += "GET " + ae.path + " HTTP/1.1\r\nHost: x\r\nX-M2M-Origin: " + ae.id +
             "\r\nX-M2M-RI: pipe-" + std::to_string(i) + "\r\nX-M2M-RVI: 3\r\n\r\n";
  }
  RawExchange x = rawExchange(cse().port(), bytes, std::chrono::seconds(5), 5);
  ASSERT_FALSE(x.timed_out) << x.received;
  size_t at = 0;
  for (int i = 0; i < 5; ++i) {
    size_t found = x.received.find("X-M2M-RI: pipe-" + std::to_string(i), at);
    ASSERT_NE(found, std::string::npos) << "response " << i << " missing or out of order";
    at = found;
  }
}

}  // namespace
}  // namespace citadel::testing
