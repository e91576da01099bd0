// IPv6 end to end (issue 5 §1, acip): the real `citadel` with its CoAP binding on ::1, so that a
// request really arrives from an IPv6 peer. An acip ipv6 range holding ::1 grants, one that does
// not hold it denies, and an ipv4 range never matches an IPv6 peer. The CSEBase poa writes the
// IPv6 literal in brackets (RFC 3986 §3.2.2).
#include <gtest/gtest.h>

#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class Ipv6AccessTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    startCse({"--coap.enabled=true", "--coap.address=::1", "--coap.port=0"});
  }

  // A container under `owner` whose ACP grants `other` RETRIEVE under the acip `range`.
  std::string guardedByIp(const Ae& owner, const Ae& other, const Json& range,
                          const std::string& rn) {
    Json pv = {{"acr", {{{"acor", {other.id}}, {"acop", 2}, {"acco", {{{"acip", range}}}}},
                        {{"acor", {owner.id}}, {"acop", 63}}}}};
    Json pvs = {{"acr", {{{"acor", {owner.id}}, {"acop", 63}}}}};
    HttpResult acp = http().create(owner.id, owner.path, 1,
                                   {{"m2m:acp", {{"rn", "acp" + rn}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(acp.rsc, 2001) << acp;
    return createContainer(owner.id, owner.path,
                           {{"rn", rn}, {"acpi", {acp.resource()["ri"]}}});
  }
};

TEST_F(Ipv6AccessTest, AdvertisesTheIpv6PointOfAccessInBrackets) {
  std::string poa = pointOfAccess("coap");
  EXPECT_TRUE(poa.starts_with("coap://[::1]:")) << poa;
}

TEST_F(Ipv6AccessTest, MatchesIpv6RangesAgainstAnIpv6Peer) {
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  CoapClient coap6(port, "::1");
  Ae owner = registerAe("v6own");
  Ae other = registerAe("v6oth");
  std::string loopback = guardedByIp(owner, other, {{"ipv6", {"::1"}}}, "v6lo");
  std::string block = guardedByIp(owner, other, {{"ipv6", {"::/127"}}}, "v6blk");  // :: and ::1
  std::string far = guardedByIp(owner, other, {{"ipv6", {"2001:db8::/32"}}}, "v6far");
  std::string v4 = guardedByIp(owner, other, {{"ipv4", {"127.0.0.0/8"}}}, "v4lo");
  CoapResult near = coap6.retrieve(other.id, loopback);
  EXPECT_EQ(near.rsc, 2000) << near;
  EXPECT_EQ(coap6.retrieve(other.id, block).rsc, 2000);
  EXPECT_EQ(coap6.retrieve(other.id, far).rsc, 4103);
  EXPECT_EQ(coap6.retrieve(other.id, v4).rsc, 4103);
  // The same rules seen from an IPv4 peer (the HTTP binding on 127.0.0.1): the other way round.
  EXPECT_EQ(http().retrieve(other.id, loopback).rsc, 4103);
  EXPECT_EQ(http().retrieve(other.id, v4).rsc, 2000);
}

}  // namespace
}  // namespace citadel::testing
