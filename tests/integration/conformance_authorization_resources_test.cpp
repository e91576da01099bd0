// <authorizationDecision> (ty 35), <authorizationPolicy> (ty 36) and <authorizationInformation>
// (ty 37) as resources, from TS-0004 Tables 7.4.43.1-1 to 7.4.45.1-4 and TS-0003 §7.5.5,
// through HTTP to the real binary with no procedure bound (an ordinary resource until bound):
// every request attribute (O/O) is accepted and stored with its short name, every result (NP)
// is refused on CREATE and UPDATE, formats are checked, the parent is the <CSEBase> only, and a
// <subscription> may watch each.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class ConformanceAuthorizationResourcesTest : public CseFixture {
 protected:
  HttpResult create(int ty, const std::string& root, Json attributes) {
    return http().create(kAdmin, kCseBase, ty, {{root, std::move(attributes)}});
  }
};

TEST_F(ConformanceAuthorizationResourcesTest, DecisionTakesEveryRequestAttributeOfTheTable) {
  std::string name = uniqueName("auds");
  Json request = {{"rn", name},
                  {"to", "/id-mn/cse-mn/fleet"},
                  {"fr", "/id-mn/Cae"},
                  {"op", 2},
                  {"rrt", 4},
                  {"fu", {{"fu", 1}, {"ty", {3}}}},
                  {"rids", {"r1@roles.example.com"}},
                  {"tids", {"t1@tokens.example.com"}},
                  {"tkns", {"eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.c2ln"}},
                  {"rtm", "20261208T120000"},
                  {"olo", {{"accc", {"KR"}}}},
                  {"oip", {{"ip4", "192.0.2.7"}}},
                  {"lbl", {"fleet"}}};
  HttpResult made = create(35, "m2m:auds", request);
  ASSERT_EQ(made.rsc, 2001) << made;
  HttpResult read = http().retrieve(kAdmin, std::string(kCseBase) + "/" + name);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_EQ(read.resource().value("ty", 0), 35);
  for (auto it = request.begin(); it != request.end(); ++it) {
    EXPECT_EQ(read.resource()[it.key()], it.value()) << it.key();
  }
  // Unbound, an UPDATE of request attributes is an ordinary UPDATE: no decision appears.
  HttpResult updated =
      http().update(kAdmin, std::string(kCseBase) + "/" + name, {{"m2m:auds", {{"op", 4}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  EXPECT_EQ(updated.resource().value("op", 0), 4);
  EXPECT_FALSE(updated.resource().contains("dec"));
}

TEST_F(ConformanceAuthorizationResourcesTest, ResultsAreNotPermittedInRequests) {
  // decision and status (ty 35), policies, combiningAlgorithm and status (ty 36), status (ty 37)
  // are NP on CREATE and UPDATE: only the bound procedure writes them.
  EXPECT_EQ(create(35, "m2m:auds", {{"dec", 1}}).rsc, 4000);
  EXPECT_EQ(create(35, "m2m:auds", {{"sus", 1}}).rsc, 4000);
  EXPECT_EQ(create(36, "m2m:aupy", {{"ps", {{"pv", Json::array()}}}}).rsc, 4000);
  EXPECT_EQ(create(36, "m2m:aupy", {{"ca", 1}}).rsc, 4000);
  EXPECT_EQ(create(37, "m2m:auif", {{"sus", 2}}).rsc, 4000);
  std::string name = uniqueName("aupy");
  ASSERT_EQ(create(36, "m2m:aupy", {{"rn", name}, {"to", "/id-mn/cse-mn/x"}}).rsc, 2001);
  EXPECT_EQ(http().update(kAdmin, std::string(kCseBase) + "/" + name,
                          {{"m2m:aupy", {{"ca", 1}}}}).rsc,
            4000);
  // Attributes of another of the three types are not this one's.
  EXPECT_EQ(create(36, "m2m:aupy", {{"fr", "/id-mn/Cae"}}).rsc, 4000);
  EXPECT_EQ(create(37, "m2m:auif", {{"to", "/id-mn/cse-mn/x"}}).rsc, 4000);
}

TEST_F(ConformanceAuthorizationResourcesTest, FormatsOfTheRequestAttributesAreChecked) {
  const Json bad[] = {
      {{"op", 0}},                                   // m2m:operation is 1..5
      {{"op", 6}},
      {{"rrt", 0}},                                  // m2m:resourceType
      {{"rids", {"not a role id"}}},                 // m2m:roleID: relative@fqdn
      {{"tids", {"t1@UPPER.example.com"}}},          // m2m:tokenID: a lowercase FQDN
      {{"tkns", {"not.a-jws"}}},                     // m2m:dynAuthJWT
      {{"olo", {{"accc", {"Korea"}}}}},              // m2m:locationRegion
      {{"olo", {{"accr", {91, 0, 10}}}}},
      {{"oip", {{"ip4", "::1"}}}},                   // m2m:ipAddress: the family's form
      {{"oip", {{"ip6", "10.0.0.1"}}}},
      {{"oip", {{"ipv4Address", "10.0.0.1"}}}},      // short names: ip4/ip6
      {{"fu", "fu=1"}},                              // m2m:filterCriteria is an object
      {{"rtm", "yesterday"}},                        // m2m:timestamp
      {{"to", ""}},
  };
  for (const Json& attributes : bad) {
    HttpResult refused = create(35, "m2m:auds", attributes);
    EXPECT_EQ(refused.rsc, 4000) << attributes.dump() << " " << refused;
    EXPECT_FALSE(refused.dbg().empty()) << attributes.dump();
  }
  EXPECT_EQ(create(37, "m2m:auif", {{"rids", {"x y"}}}).rsc, 4000);
  EXPECT_EQ(create(35, "m2m:auds", {{"oip", {{"ip6", "2001:db8::7"}}}}).rsc, 2001);
  EXPECT_EQ(create(37, "m2m:auif", {{"fr", "/id-mn/Cae"}, {"rids", {"r@a.example"}},
                                    {"tids", {"t@a.example"}}}).rsc,
            2001);
}

TEST_F(ConformanceAuthorizationResourcesTest, TheyLiveUnderTheCseBaseOnlyAndCanBeWatched) {
  Ae ae = registerAe();
  NotificationReceiver receiver;
  for (auto [ty, root] : {std::pair{35, "m2m:auds"}, {36, "m2m:aupy"}, {37, "m2m:auif"}}) {
    HttpResult under_ae = http().create(kAdmin, ae.path, ty, {{root, Json::object()}});
    EXPECT_EQ(under_ae.rsc, 4108) << root << " " << under_ae;  // INVALID_CHILD_RESOURCE_TYPE
    std::string name = uniqueName("auth");
    HttpResult made = create(ty, root, {{"rn", name}});
    ASSERT_EQ(made.rsc, 2001) << made;
    EXPECT_EQ(made.resource().value("pi", ""), http().retrieve(kAdmin, kCseBase)
                                                   .resource()
                                                   .value("ri", ""));
    Json sub = {{"m2m:sub", {{"rn", "watch"}, {"nu", {receiver.url("/n")}},
                             {"enc", {{"net", {1, 3}}}}}}};
    HttpResult watched =
        http().create(kAdmin, std::string(kCseBase) + "/" + name, 23, sub);
    EXPECT_EQ(watched.rsc, 2001) << root << " " << watched;
    EXPECT_EQ(http().remove(kAdmin, std::string(kCseBase) + "/" + name).rsc, 2002);
  }
}

}  // namespace
}  // namespace citadel::testing
