// parseUrlAuthority: the one reading of "host[:port]" behind http://, coap:// and mqtt://
// targets, which originators choose (nu, poa, dap) and may make hostile.
#include "cse/codec/url_authority.h"

#include <gtest/gtest.h>

namespace citadel::codec {
namespace {

TEST(UrlAuthorityTest, HostsWithAndWithoutPorts) {
  std::string why;
  auto named = parseUrlAuthority("example.com:8443", why);
  ASSERT_TRUE(named) << why;
  EXPECT_EQ(named->host, "example.com");
  EXPECT_EQ(named->port, 8443);
  auto bare = parseUrlAuthority("10.0.0.1", why);
  ASSERT_TRUE(bare) << why;
  EXPECT_EQ(bare->host, "10.0.0.1");
  EXPECT_FALSE(bare->port);
  auto v6 = parseUrlAuthority("[fe80::1]:5683", why);
  ASSERT_TRUE(v6) << why;
  EXPECT_EQ(v6->host, "fe80::1");
  EXPECT_EQ(v6->port, 5683);
  auto v6_bare = parseUrlAuthority("[::1]", why);
  ASSERT_TRUE(v6_bare) << why;
  EXPECT_FALSE(v6_bare->port);
}

TEST(UrlAuthorityTest, RefusesEachMalformedShapeWithAReason) {
  for (const char* bad : {"", ":80", "h:", "h:0", "h:65536", "h:8o", "h:1:2", "u:p@h", "[::1",
                          "[::1]x", "[::1]:", "[zz]", "[10.0.0.1]", "h\tx", "h x:80", "h\x7f"}) {
    std::string why;
    EXPECT_FALSE(parseUrlAuthority(bad, why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(UrlAuthorityTest, IpLiteralsAreTold) {
  EXPECT_TRUE(isIpLiteral("127.0.0.1"));
  EXPECT_TRUE(isIpLiteral("::1"));
  EXPECT_FALSE(isIpLiteral("localhost"));
  EXPECT_FALSE(isIpLiteral("[::1]"));
}

TEST(UrlAuthorityTest, UserInformationIsNeverShown) {
  EXPECT_EQ(urlWithoutUserInfo("mqtt://user:secret@broker:1883/x"),
            "mqtt://<user info>@broker:1883/x");
  EXPECT_EQ(urlWithoutUserInfo("http://h/path@not-user-info"), "http://h/path@not-user-info");
  EXPECT_EQ(urlWithoutUserInfo(std::string(300, 'a')).size(), 200u);
}

}  // namespace
}  // namespace citadel::codec
