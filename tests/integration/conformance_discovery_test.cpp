// Issue 24 item 16, discovery semantics over HTTP: one test per condition the spec states.
// Expectations come from TS-0004 §7.3.3.17 (filter criteria, lim, lvl, ofst, arp), Table
// 6.3.5.8-1 (m2m:filterCriteria member types), §7.3.3.14 and Table 7.5.2-2 (what RETRIEVE
// answers per rcn), TS-0001 §8.1.2 (rcn 4 / 8: nested children and descendants, parents before
// children, ofst over direct children, cnst/cnot) and §10.2.6 (discovery, drt), and TS-0009
// §6.2.2.2 (which query names exist).
//
// Each test builds its own tree under its own AE (children are listed by name):
//   <ae>/a          container  lbl [tagA]  mni 5
//   <ae>/a/i1       instance   "hello"             lbl [tagI]
//   <ae>/a/i2       instance   "hi there, longer"
//   <ae>/a/sub      container  lbl [tagS]
//   <ae>/a/sub/s1   instance   "deep"              lbl [tagI]
//   <ae>/b          container  lbl [tagB]  (empty)
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class ConformanceDiscoveryTest : public CseFixture {
 protected:
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    ae_ = registerAe();
    base_ = ae_.path.substr(1);
    ASSERT_FALSE(
        createContainer(ae_.id, ae_.path, {{"rn", "a"}, {"lbl", {"tagA"}}, {"mni", 5}}).empty());
    ASSERT_FALSE(createContainer(ae_.id, ae_.path, {{"rn", "b"}, {"lbl", {"tagB"}}}).empty());
    ASSERT_EQ(createCin(ae_.id, ae_.path + "/a", "hello", {{"rn", "i1"}, {"lbl", {"tagI"}}}).rsc,
              2001);
    ASSERT_EQ(createCin(ae_.id, ae_.path + "/a", "hi there, longer", {{"rn", "i2"}}).rsc, 2001);
    ASSERT_FALSE(
        createContainer(ae_.id, ae_.path + "/a", {{"rn", "sub"}, {"lbl", {"tagS"}}}).empty());
    ASSERT_EQ(
        createCin(ae_.id, ae_.path + "/a/sub", "deep", {{"rn", "s1"}, {"lbl", {"tagI"}}}).rsc,
        2001);
  }

  std::string p(const std::string& relative) const { return base_ + "/" + relative; }

  HttpResult get(const std::string& query, const std::string& relative = "") {
    return http().retrieve(ae_.id, relative.empty() ? ae_.path : ae_.path + "/" + relative,
                           query);
  }

  // The rn of each entry of a representation list (m2m:cnt / m2m:cin arrays), in order.
  static std::vector<std::string> names(const Json& list) {
    std::vector<std::string> out;
    for (const auto& entry : list) {
      out.push_back(entry.value("rn", ""));
    }
    return out;
  }

  Ae ae_;
  std::string base_;
};

using Names = std::vector<std::string>;

// TS-0001 §8.1.2 attributes+child-resources: the target's attributes and a nested
// representation of all its children and their descendants, each under its parent.
TEST_F(ConformanceDiscoveryTest, Rcn4WithoutFilterNestsEveryDescendantUnderItsParent) {
  HttpResult r = get("rcn=4");
  ASSERT_EQ(r.rsc, 2000) << r;
  Json ae = r.json["m2m:ae"];
  EXPECT_EQ(ae.value("rn", ""), ae_.name) << "the target's own attributes";
  ASSERT_EQ(names(ae["m2m:cnt"]), Names({"a", "b"})) << r;
  Json a = ae["m2m:cnt"][0];
  EXPECT_EQ(names(a["m2m:cin"]), Names({"i1", "i2"}));
  ASSERT_EQ(names(a["m2m:cnt"]), Names({"sub"}));
  EXPECT_EQ(names(a["m2m:cnt"][0]["m2m:cin"]), Names({"s1"}));
  EXPECT_FALSE(ae["m2m:cnt"][1].contains("m2m:cin")) << "b is empty";
  EXPECT_EQ(r.header("X-M2M-CTS"), "2") << "FULL_CONTENT";
}

// TS-0004 §7.3.3.17.6 with rcn 4: exactly the descendants that match, nested.
TEST_F(ConformanceDiscoveryTest, Rcn4WithFilterReturnsExactlyTheMatchingDescendants) {
  HttpResult r = get("rcn=4&ty=3");
  ASSERT_EQ(r.rsc, 2000) << r;
  Json ae = r.json["m2m:ae"];
  ASSERT_EQ(names(ae["m2m:cnt"]), Names({"a", "b"})) << r;
  Json a = ae["m2m:cnt"][0];
  EXPECT_EQ(names(a["m2m:cnt"]), Names({"sub"})) << "a matching grandchild is nested: " << r;
  EXPECT_FALSE(a.contains("m2m:cin")) << "instances are not ty 3: " << r;
  EXPECT_FALSE(a["m2m:cnt"][0].contains("m2m:cin")) << r;
}

// TS-0001 §8.1.2 child-resources: no attributes of the target; a matching descendant whose
// parent does not match is not returned ("will not receive a descendant resource without
// having received its parents").
TEST_F(ConformanceDiscoveryTest, Rcn8WithFilterOmitsTargetAttributesAndOrphanedMatches) {
  HttpResult r = get("rcn=8&lbl=tagI", "a");
  ASSERT_EQ(r.rsc, 2000) << r;
  Json body = r.json["m2m:cnt"];
  EXPECT_FALSE(body.contains("ri")) << "rcn 8 carries no attribute of the target: " << r;
  EXPECT_EQ(names(body["m2m:cin"]), Names({"i1"})) << r;
  EXPECT_FALSE(body.contains("m2m:cnt")) << "sub does not match, so s1 is not listed: " << r;

  HttpResult both = get("rcn=8&lbl=tagS+tagI", "a");
  ASSERT_EQ(both.rsc, 2000) << both;
  ASSERT_EQ(names(both.json["m2m:cnt"]["m2m:cnt"]), Names({"sub"})) << both;
  EXPECT_EQ(names(both.json["m2m:cnt"]["m2m:cnt"][0]["m2m:cin"]), Names({"s1"})) << both;
}

// TS-0004 §7.3.3.17.14: lvl 1 = the direct children only.
TEST_F(ConformanceDiscoveryTest, Rcn8LevelLimitsTheNestingDepth) {
  HttpResult one = get("rcn=8&lvl=1");
  ASSERT_EQ(one.rsc, 2000) << one;
  ASSERT_EQ(names(one.json["m2m:ae"]["m2m:cnt"]), Names({"a", "b"})) << one;
  EXPECT_FALSE(one.json["m2m:ae"]["m2m:cnt"][0].contains("m2m:cin")) << one;

  HttpResult two = get("rcn=8&lvl=2");
  ASSERT_EQ(two.rsc, 2000) << two;
  Json a = two.json["m2m:ae"]["m2m:cnt"][0];
  EXPECT_EQ(names(a["m2m:cin"]), Names({"i1", "i2"})) << two;
  ASSERT_EQ(names(a["m2m:cnt"]), Names({"sub"}));
  EXPECT_FALSE(a["m2m:cnt"][0].contains("m2m:cin")) << "s1 is three levels down: " << two;
}

// TS-0004 §7.3.3.17.15 / TS-0001 §8.1.2: ofst counts direct children (1 = the first).
TEST_F(ConformanceDiscoveryTest, Rcn4OffsetSkipsDirectChildrenWithTheirDescendants) {
  HttpResult r = get("rcn=4&ofst=2");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(names(r.json["m2m:ae"]["m2m:cnt"]), Names({"b"})) << r;
}

// TS-0004 §7.3.3.17.10: no more than lim resources; a direct child that does not fit with its
// descendants is left out, and the answer is partial with the offset to restart from.
TEST_F(ConformanceDiscoveryTest, Rcn4LimitCountsEveryResourceAndSignalsPartialContent) {
  HttpResult all = get("rcn=4&ty=3&lim=3");
  ASSERT_EQ(all.rsc, 2000) << all;
  EXPECT_EQ(names(all.json["m2m:ae"]["m2m:cnt"]), Names({"a", "b"})) << all;
  EXPECT_EQ(all.header("X-M2M-CTS"), "2");

  HttpResult cut = get("rcn=4&ty=3&lim=2");
  ASSERT_EQ(cut.rsc, 2000) << cut;
  ASSERT_EQ(names(cut.json["m2m:ae"]["m2m:cnt"]), Names({"a"})) << cut;
  EXPECT_EQ(names(cut.json["m2m:ae"]["m2m:cnt"][0]["m2m:cnt"]), Names({"sub"}));
  EXPECT_EQ(cut.header("X-M2M-CTS"), "1") << "PARTIAL_CONTENT";
  EXPECT_EQ(cut.header("X-M2M-CTO"), "2") << "b is the second direct child";

  HttpResult rest = get("rcn=4&ty=3&lim=2&ofst=2");
  ASSERT_EQ(rest.rsc, 2000) << rest;
  EXPECT_EQ(names(rest.json["m2m:ae"]["m2m:cnt"]), Names({"b"})) << rest;
}

// TS-0001 §8.1.2 child-resource-references: the addresses of the children and their
// descendants, in line with the filter criteria, each parent before its descendants.
TEST_F(ConformanceDiscoveryTest, Rcn6ListsReferencesOfMatchingDescendants) {
  HttpResult r = get("rcn=6&ty=3");
  ASSERT_EQ(r.rsc, 2000) << r;
  Json expected = Json::array({{{"nm", "a"}, {"typ", 3}, {"val", p("a")}},
                               {{"nm", "sub"}, {"typ", 3}, {"val", p("a/sub")}},
                               {{"nm", "b"}, {"typ", 3}, {"val", p("b")}}});
  EXPECT_EQ(r.json["m2m:rrl"]["rrf"], expected) << r;

  HttpResult all = get("rcn=6", "a");
  ASSERT_EQ(all.rsc, 2000) << all;
  std::vector<std::string> values;
  for (const auto& ref : all.json["m2m:rrl"]["rrf"]) values.push_back(ref.value("val", ""));
  EXPECT_EQ(values, Names({p("a/i1"), p("a/i2"), p("a/sub"), p("a/sub/s1")})) << all;
}

// TS-0001 §8.1.2 attributes+child-resource-references, with lvl 1: the direct children only.
TEST_F(ConformanceDiscoveryTest, Rcn5WithLevelOneListsTheDirectChildren) {
  HttpResult r = get("rcn=5&lvl=1", "a");
  ASSERT_EQ(r.rsc, 2000) << r;
  Json cnt = r.json["m2m:cnt"];
  EXPECT_EQ(cnt.value("rn", ""), "a");
  std::vector<std::string> values;
  for (const auto& ref : cnt["ch"]) values.push_back(ref.value("val", ""));
  EXPECT_EQ(values, Names({p("a/i1"), p("a/i2"), p("a/sub")})) << r;
}

// TS-0004 §7.3.3.1: RETRIEVE (of the attributes), UPDATE and DELETE apply to a target that
// matches the filter criteria; "if there are no matching target resources", NOT_FOUND.
TEST_F(ConformanceDiscoveryTest, ConditionalOperationsOnANonMatchingTargetAreNotFound) {
  HttpResult matching = get("lbl=tagA", "a");
  ASSERT_EQ(matching.rsc, 2000) << matching;
  EXPECT_EQ(matching.resource().value("rn", ""), "a");
  EXPECT_EQ(get("lbl=tagB", "a").rsc, 4004);
  EXPECT_EQ(get("fu=2&sts=1", "a").rsc, 4004) << "a's st grew with its instances";

  HttpResult update =
      http().update(ae_.id, ae_.path + "/b", {{"m2m:cnt", {{"mni", 7}}}}, "lbl=tagA");
  EXPECT_EQ(update.rsc, 4004) << update;
  EXPECT_NE(get("", "b").resource().value("mni", 0), 7) << "b was not updated";
  HttpResult updated =
      http().update(ae_.id, ae_.path + "/b", {{"m2m:cnt", {{"mni", 7}}}}, "lbl=tagB");
  EXPECT_EQ(updated.rsc, 2004) << updated;

  HttpResult remove = http().remove(ae_.id, ae_.path + "/b", "lbl=tagA");
  EXPECT_EQ(remove.rsc, 4004) << remove;
  EXPECT_EQ(get("", "b").rsc, 2000) << "b is still there";
}

// TS-0004 §7.3.3.17.5/.6/.9: childLabels, childResourceType, childAttribute match the
// parents of the resources that match; parentLabels, parentResourceType, parentAttribute the
// children. Over HTTP the attributes are 'c.<name>' and 'p.<name>' (TS-0009 §6.2.2.2).
TEST_F(ConformanceDiscoveryTest, ChildAndParentConditionsMatchRelatives) {
  auto uril = [&](const std::string& query) {
    HttpResult r = get("fu=1&" + query);
    EXPECT_EQ(r.rsc, 2000) << query << ": " << r;
    return r.json["m2m:uril"];
  };
  EXPECT_EQ(uril("chty=4"), Json::array({p("a"), p("a/sub")}));
  EXPECT_EQ(uril("clbl=tagS"), Json::array({p("a")}));
  EXPECT_EQ(uril("c.con=deep"), Json::array({p("a/sub")}));
  EXPECT_EQ(uril("pty=3&lbl=tagI"), Json::array({p("a/i1"), p("a/sub/s1")}));
  EXPECT_EQ(uril("palb=tagS"), Json::array({p("a/sub/s1")}));
  EXPECT_EQ(uril("p.rn=sub"), Json::array({p("a/sub/s1")}));
  EXPECT_EQ(uril("chty=4&fo=2&palb=tagS"), Json::array({p("a"), p("a/sub"), p("a/sub/s1")}));
  EXPECT_EQ(get("fu=1&c.nope=1").rsc, 4000) << "an unknown child attribute";
}

// TS-0001 §10.2.6.1 (a match needs the Discover privilege) applied to the relatives: a child
// condition is satisfied only by a child the originator may discover, so it reveals nothing
// about children it cannot see.
TEST_F(ConformanceDiscoveryTest, ChildConditionsConsiderOnlyChildrenTheOriginatorMayDiscover) {
  Ae other = registerAe("other");
  Json rules = {{"acr", Json::array({{{"acor", {other.id}}, {"acop", 32}},
                                     {{"acor", {ae_.id}}, {"acop", 63}}})}};
  Json pvs = {{"acr", Json::array({{{"acor", {ae_.id}}, {"acop", 63}}})}};
  HttpResult acp = http().create(
      ae_.id, ae_.path, 1, {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", rules}, {"pvs", pvs}}}});
  ASSERT_EQ(acp.rsc, 2001) << acp;
  std::string acpi = acp.resource().value("ri", "");
  std::string tag = uniqueName("tag");  // the CSEBase is shared with other tests
  ASSERT_EQ(http().update(ae_.id, ae_.path + "/a", {{"m2m:cnt", {{"lbl", {"tagA", tag}}}}}).rsc,
            2004);
  ASSERT_EQ(http().update(ae_.id, ae_.path + "/a", {{"m2m:cnt", {{"acpi", {acpi}}}}}).rsc, 2004);

  // From the CSEBase, whose default ACP lets every registered AE discover.
  HttpResult seen = http().retrieve(other.id, kCseBase, "fu=1&lbl=" + tag);
  ASSERT_EQ(seen.rsc, 2000) << seen;
  EXPECT_EQ(seen.json["m2m:uril"], Json::array({p("a")})) << "other may discover a";
  HttpResult hidden = http().retrieve(other.id, kCseBase, "fu=1&clbl=tagS&lbl=" + tag);
  ASSERT_EQ(hidden.rsc, 2000) << hidden;
  EXPECT_EQ(hidden.json["m2m:uril"], Json::array()) << "sub is not discoverable by other";
  HttpResult owner = http().retrieve(ae_.id, kCseBase, "fu=1&clbl=tagS&lbl=" + tag);
  EXPECT_EQ(owner.json["m2m:uril"], Json::array({p("a")})) << owner;
}

// TS-0009 §6.2.2.2: a query name is a parameter of Table 6.2.2.2-1 or an attribute short name;
// anything else is a bad request, on discovery, on a plain RETRIEVE and on a CREATE alike.
TEST_F(ConformanceDiscoveryTest, RefusesUnknownQueryParameters) {
  HttpResult discovery = get("fu=1&foo=bar");
  EXPECT_EQ(discovery.rsc, 4000) << discovery;
  EXPECT_NE(discovery.header("X-M2M-RSC"), "");
  EXPECT_EQ(get("foo=bar").rsc, 4000);
  EXPECT_EQ(get("fu=1&atr=rn").rsc, 4000) << "'atr' itself is not a query name";

  std::string rn = uniqueName("cnt");
  HttpResult create = http().create(ae_.id, ae_.path, 3, {{"m2m:cnt", {{"rn", rn}}}}, "foo=1");
  EXPECT_EQ(create.rsc, 4000) << create;
  EXPECT_EQ(get("", rn).rsc, 4004) << "nothing was stored";
}

// TS-0004 §7.3.3.17.9: ct, lt, st, et, lbl, ty, cs and cnf have their own condition tags and
// "shall not be used" as attribute conditions.
TEST_F(ConformanceDiscoveryTest, RefusesAttributeConditionsOnAttributesWithTheirOwnTag) {
  for (const char* query : {"cs=5", "ct=20200101T000000", "st=0", "cnf=text/plain:0"}) {
    HttpResult r = get(std::string("fu=1&") + query);
    EXPECT_EQ(r.rsc, 4000) << query << ": " << r;
  }
}

// TS-0009 §6.2.2.2: an attribute name must be an attribute of the types in ty.
TEST_F(ConformanceDiscoveryTest, AttributeConditionsNameAttributesOfTheTypesInTy) {
  HttpResult cnt = get("fu=1&ty=3&mni=5");
  ASSERT_EQ(cnt.rsc, 2000) << cnt;
  EXPECT_EQ(cnt.json["m2m:uril"], Json::array({p("a")}));
  EXPECT_EQ(get("fu=1&ty=4&mni=5").rsc, 4000) << "a contentInstance has no mni";
  HttpResult any = get("fu=1&con=deep");
  ASSERT_EQ(any.rsc, 2000) << any;
  EXPECT_EQ(any.json["m2m:uril"], Json::array({p("a/sub/s1")}));
}

// Table 6.3.5.8-1: stateTagSmaller and sizeBelow are xs:positiveInteger, stateTagBigger and
// sizeAbove xs:nonNegativeInteger.
TEST_F(ConformanceDiscoveryTest, FilterMemberRangesFollowTheirTypes) {
  EXPECT_EQ(get("fu=1&sts=0").rsc, 4000);
  EXPECT_EQ(get("fu=1&szb=0").rsc, 4000);
  EXPECT_EQ(get("fu=1&stb=0&ty=3&lvl=1").rsc, 2000);
  EXPECT_EQ(get("fu=1&sza=0&ty=3&lvl=1").rsc, 2000);
}

// TS-0004 §7.3.3.17.17: arp is applied to each match; only resources that exist at the
// resulting path are in the result (b has no instance, so no <latest>).
TEST_F(ConformanceDiscoveryTest, ApplyRelativePathKeepsOnlyExistingResources) {
  HttpResult latest = get("fu=1&ty=3&lvl=1&arp=la");
  ASSERT_EQ(latest.rsc, 2000) << latest;
  EXPECT_EQ(latest.json["m2m:uril"], Json::array({p("a/la")}));

  HttpResult sub = get("fu=1&ty=3&lvl=1&arp=sub");
  ASSERT_EQ(sub.rsc, 2000) << sub;
  EXPECT_EQ(sub.json["m2m:uril"], Json::array({p("a/sub")}));

  HttpResult up = get("fu=1&lbl=tagI&arp=..");
  ASSERT_EQ(up.rsc, 2000) << up;
  EXPECT_EQ(up.json["m2m:uril"], Json::array({p("a"), p("a/sub")}));

  std::string i2 = get("", "a/i2").resource().value("ri", "");
  HttpResult unstructured = get("fu=1&ty=3&lvl=1&arp=la&drt=2");
  ASSERT_EQ(unstructured.rsc, 2000) << unstructured;
  EXPECT_EQ(unstructured.json["m2m:uril"], Json::array({i2})) << "the ri of a/la is i2's";
}

// TS-0004 Table 7.5.2-2 and TS-0001 §10.2.6.2: discovery with rcn 6 answers m2m:rrl, each
// reference in the drt format.
TEST_F(ConformanceDiscoveryTest, DiscoveryReferencesFollowDrt) {
  std::string sub = get("", "a/sub").resource().value("ri", "");
  HttpResult r = get("fu=1&lbl=tagS&rcn=6&drt=2");
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json["m2m:rrl"]["rrf"],
            Json::array({{{"nm", "sub"}, {"typ", 3}, {"val", sub}}}));
  HttpResult structured = get("fu=1&lbl=tagS&rcn=6");
  ASSERT_EQ(structured.rsc, 2000) << structured;
  EXPECT_EQ(structured.json["m2m:rrl"]["rrf"][0]["val"], p("a/sub"));
}

// TS-0001 §10.2.6.1: discovery answers the matching descendants (the target excluded) in
// every level, lim bounding the number with cnst/cnot.
TEST_F(ConformanceDiscoveryTest, DiscoveryListsMatchingDescendantsOfEveryLevelUpToLim) {
  HttpResult all = get("fu=1&lbl=tagI");
  ASSERT_EQ(all.rsc, 2000) << all;
  EXPECT_EQ(all.json["m2m:uril"], Json::array({p("a/i1"), p("a/sub/s1")}));
  HttpResult one = get("fu=1&lbl=tagI&lim=1");
  ASSERT_EQ(one.rsc, 2000) << one;
  EXPECT_EQ(one.json["m2m:uril"], Json::array({p("a/i1")}));
  EXPECT_EQ(one.header("X-M2M-CTS"), "1");
  EXPECT_EQ(one.header("X-M2M-CTO"), "2");
}

}  // namespace
}  // namespace citadel::testing
