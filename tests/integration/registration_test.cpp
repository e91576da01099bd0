// AE registration and deregistration (TS-0001 §10.2.2.2, TS-0004 §7.4.5.2.1; spec digest
// resources.md "AE registration").
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class RegistrationTest : public CseFixture {
 protected:
  static Json aeBody(const std::string& rn, const std::string& api = "Nregistration") {
    return {{"m2m:ae", {{"rn", rn}, {"api", api}, {"rr", false}, {"srv", {"3"}}}}};
  }
  // The registered AE-ID: aei must equal ri (the stem), possibly in SP-relative form.
  static std::string stemOf(const HttpResult& r) {
    std::string ri = r.resource().value("ri", "");
    std::string aei = r.resource().value("aei", "");
    EXPECT_FALSE(ri.empty()) << r;
    EXPECT_TRUE(aei == ri || aei == "/id-in/" + ri) << "aei " << aei << " vs ri " << ri;
    return ri;
  }
};

TEST_F(RegistrationTest, AssignsStemWhenOriginatorAbsent) {
  std::string rn = uniqueName("ae");
  HttpResult r = http().create("", kCseBase, 2, aeBody(rn));
  ASSERT_EQ(r.rsc, 2001) << r;
  std::string stem = stemOf(r);
  ASSERT_GE(stem.size(), 2u);
  EXPECT_TRUE(stem[0] == 'C' || stem[0] == 'S') << stem;
  EXPECT_EQ(http().retrieve(stem, "/cse-in/" + rn).rsc, 2000);  // usable as originator
}

TEST_F(RegistrationTest, AssignsCStemForOriginatorC) {
  std::string rn = uniqueName("ae");
  HttpResult r = http().create("C", kCseBase, 2, aeBody(rn));
  ASSERT_EQ(r.rsc, 2001) << r;
  std::string stem = stemOf(r);
  ASSERT_GE(stem.size(), 2u);
  EXPECT_EQ(stem[0], 'C');
  EXPECT_EQ(http().create(stem, "/cse-in/" + rn, 3, {{"m2m:cnt", Json::object()}}).rsc, 2001);
}

TEST_F(RegistrationTest, AssignsSStemForOriginatorS) {
  std::string rn = uniqueName("ae");
  HttpResult r = http().create("S", kCseBase, 2, aeBody(rn));
  ASSERT_EQ(r.rsc, 2001) << r;
  std::string stem = stemOf(r);
  ASSERT_GE(stem.size(), 2u);
  EXPECT_EQ(stem[0], 'S');
  EXPECT_EQ(http().retrieve(stem, "/cse-in/" + rn).rsc, 2000);
}

TEST_F(RegistrationTest, AssignsDistinctStems) {
  HttpResult a = http().create("C", kCseBase, 2, aeBody(uniqueName("ae")));
  HttpResult b = http().create("C", kCseBase, 2, aeBody(uniqueName("ae")));
  ASSERT_EQ(a.rsc, 2001) << a;
  ASSERT_EQ(b.rsc, 2001) << b;
  EXPECT_NE(stemOf(a), stemOf(b));
}

TEST_F(RegistrationTest, UsesGivenStemAsResourceIdAndAeId) {
  std::string rn = uniqueName("ae");
  std::string stem = "Cxyz" + rn;
  HttpResult r = http().create(stem, kCseBase, 2, aeBody(rn));
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.resource().value("ri", ""), stem);
  EXPECT_EQ(stemOf(r), stem);
  EXPECT_EQ(http().retrieve(stem, "/" + stem).resource().value("rn", ""), rn);
}

TEST_F(RegistrationTest, AcceptsSpRelativeFormOfAeIdAsOriginator) {
  // resources.md "AE registration" [I]: accept both the bare stem and "/csi/stem" in fr.
  Ae ae = registerAe();
  HttpResult r = http().retrieve("/id-in/" + ae.id, ae.path);
  EXPECT_EQ(r.rsc, 2000) << r;
}

TEST_F(RegistrationTest, RejectsDuplicateRegistration) {
  std::string rn = uniqueName("ae");
  std::string stem = "C" + rn;
  ASSERT_EQ(http().create(stem, kCseBase, 2, aeBody(rn)).rsc, 2001);
  HttpResult again = http().create(stem, kCseBase, 2, aeBody(rn + "b"));
  EXPECT_EQ(again.rsc, 4117) << again;  // ORIGINATOR_HAS_ALREADY_REGISTERED
  EXPECT_EQ(again.http_status, 403);
  EXPECT_FALSE(again.dbg().empty()) << again;
  EXPECT_EQ(http().retrieve(kAdmin, "/cse-in/" + rn + "b").rsc, 4004);
}

TEST_F(RegistrationTest, RejectsAppIdNotStartingWithROrN) {
  std::string rn = uniqueName("ae");
  HttpResult r = http().create("C" + rn, kCseBase, 2, aeBody(rn, "Xapp"));
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_FALSE(r.dbg().empty()) << r;
  EXPECT_EQ(http().create("C" + rn, kCseBase, 2, aeBody(rn, "Rapp")).rsc, 2001);
  std::string lower = uniqueName("ae");
  // Rel-3 tolerates a lower-case 'r' (TS-0001 Table 7.2-1 note, spec digest §9).
  EXPECT_EQ(http().create("C" + lower, kCseBase, 2, aeBody(lower, "rapp")).rsc, 2001);
}

TEST_F(RegistrationTest, RejectsMissingRequestReachability) {
  std::string rn = uniqueName("ae");
  Json body = aeBody(rn);
  body["m2m:ae"].erase("rr");
  HttpResult r = http().create("C" + rn, kCseBase, 2, body);
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_FALSE(r.dbg().empty()) << r;
}

TEST_F(RegistrationTest, RejectsMissingSupportedReleaseVersions) {
  std::string rn = uniqueName("ae");
  Json body = aeBody(rn);
  body["m2m:ae"].erase("srv");
  HttpResult r = http().create("C" + rn, kCseBase, 2, body);
  EXPECT_EQ(r.rsc, 4000) << r;  // srv is mandatory from Rel-2 (resources.md AE table)
  EXPECT_FALSE(r.dbg().empty()) << r;
}

TEST_F(RegistrationTest, RegistersAReleaseOneAeWithoutRviOrSrv) {
  // No X-M2M-RVI: a Release 1 request (TS-0004 §7.3.2.1), whose AE knows no srv; its release
  // defaults to 1 (TS-0001 Table 9.6.5-3). A Release 1 conformance suite registers this way.
  std::string rn = uniqueName("ae");
  std::string body = R"({"m2m:ae":{"rn":")" + rn + R"(","api":"Nr1","rr":false}})";
  HttpResult r = http().raw("POST", kCseBase,
                            {{"X-M2M-Origin", "C" + rn},
                             {"X-M2M-RI", "r1-register"},
                             {"Content-Type", "application/json;ty=2"}},
                            body);
  ASSERT_EQ(r.rsc, 2001) << r;
  // Issue 24 #21: an R1 originator is sent only R1 attributes, and srv is not one of them.
  EXPECT_FALSE(r.resource().contains("srv")) << r;
  EXPECT_FALSE(r.hasHeader("X-M2M-RVI")) << r;  // nothing to echo
  HttpResult read = http().raw("GET", std::string(kCseBase) + "/" + rn,
                               {{"X-M2M-Origin", "C" + rn}, {"X-M2M-RI", "r1-read"}});
  EXPECT_EQ(read.rsc, 2000) << read;
  // Stored with srv ["1"], as a Release 3 reader sees.
  HttpResult stored = http().retrieve("C" + rn, std::string(kCseBase) + "/" + rn);
  EXPECT_EQ(stored.resource().value("srv", Json::array()), Json::array({"1"})) << stored;
}

TEST_F(RegistrationTest, DeniesUnregisteredOriginator) {
  Ae ae = registerAe();
  std::string stranger = uniqueName("Cnobody");
  // TS-0004 §7.3.2: an AE-ID not registered here is ORIGINATOR_NOT_AUTHENTICATED (4106).
  HttpResult base = http().retrieve(stranger, kCseBase);
  EXPECT_EQ(base.rsc, 4106) << base;
  EXPECT_EQ(base.http_status, 403);
  EXPECT_FALSE(base.dbg().empty()) << base;
  EXPECT_EQ(http().retrieve(stranger, ae.path).rsc, 4106);
  EXPECT_EQ(http().create(stranger, ae.path, 3, {{"m2m:cnt", Json::object()}}).rsc, 4106);
}

TEST_F(RegistrationTest, DeregistersAndReRegistersWithSameStem) {
  Ae ae = registerAe();
  ASSERT_EQ(http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}}}}).rsc, 2001);
  HttpResult gone = http().remove(ae.id, ae.path);
  ASSERT_EQ(gone.rsc, 2002) << gone;
  EXPECT_EQ(http().retrieve(ae.id, kCseBase).rsc, 4106);  // no longer registered

  HttpResult again = http().create(ae.id, kCseBase, 2, aeBody(ae.name));
  ASSERT_EQ(again.rsc, 2001) << again;
  EXPECT_EQ(stemOf(again), ae.id);
  EXPECT_EQ(http().retrieve(ae.id, ae.path).rsc, 2000);
  EXPECT_EQ(http().retrieve(ae.id, ae.path + "/c").rsc, 4004);  // the old subtree is gone
}

TEST_F(RegistrationTest, AdminWorksWithoutRegistration) {
  Ae ae = registerAe();
  EXPECT_EQ(http().retrieve(kAdmin, kCseBase).rsc, 2000);
  EXPECT_EQ(http().retrieve(kAdmin, ae.path).rsc, 2000);
  HttpResult c = http().create(kAdmin, ae.path, 3, {{"m2m:cnt", {{"rn", "byAdmin"}}}});
  ASSERT_EQ(c.rsc, 2001) << c;
  EXPECT_EQ(http().update(kAdmin, ae.path, {{"m2m:ae", {{"lbl", {"x"}}}}}).rsc, 2004);
  EXPECT_EQ(http().remove(kAdmin, ae.path).rsc, 2002);
}

TEST_F(RegistrationTest, RejectsAeCreateBelowAe) {
  Ae ae = registerAe();
  std::string rn = uniqueName("ae");
  HttpResult r = http().create("C" + rn, ae.path, 2, aeBody(rn));
  EXPECT_TRUE(r.rsc == 4108 || r.rsc == 4103) << r;  // AE's parent is the CSEBase only
  EXPECT_EQ(http().retrieve(kAdmin, ae.path + "/" + rn).rsc, 4004);
}

}  // namespace
}  // namespace citadel::testing
