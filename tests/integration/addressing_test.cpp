// Resource addressing (TS-0001 §7.2 Table 7.2-1, TS-0009 §6.2.1): structured, unstructured,
// hybrid, the "-" alias, SP-relative "/~/csi/...", absolute "/_/sp/csi/...", targets on other
// CSEs/SPs, and the virtual children la / ol (TS-0004 §7.4.27/28).
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class AddressingTest : public CseFixture {
 protected:
  // An AE with container "cnt" holding cins "old" ("first") and "new" ("second!").
  struct Tree {
    Ae ae;
    std::string cnt_path;
    std::string cnt_ri;
    std::string old_ri;
    std::string new_ri;
  };
  Tree makeTree() {
    Tree t;
    t.ae = registerAe();
    HttpResult cnt = http().create(t.ae.id, t.ae.path, 3, {{"m2m:cnt", {{"rn", "cnt"}}}});
    EXPECT_EQ(cnt.rsc, 2001) << cnt;
    t.cnt_path = t.ae.path + "/cnt";
    t.cnt_ri = cnt.resource().value("ri", "");
    HttpResult a = createCin(t.ae.id, t.cnt_path, "first", {{"rn", "old"}});
    HttpResult b = createCin(t.ae.id, t.cnt_path, "second!", {{"rn", "new"}});
    EXPECT_EQ(a.rsc, 2001) << a;
    EXPECT_EQ(b.rsc, 2001) << b;
    t.old_ri = a.resource().value("ri", "");
    t.new_ri = b.resource().value("ri", "");
    return t;
  }
  // RETRIEVE `path` as `originator` and return the ri it found ("" unless 2000).
  std::string riAt(const std::string& originator, const std::string& path) {
    HttpResult r = http().retrieve(originator, path);
    EXPECT_EQ(r.rsc, 2000) << path << ": " << r;
    return r.resource().value("ri", "");
  }
};

TEST_F(AddressingTest, ResolvesStructuredPath) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, t.cnt_path), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, t.cnt_path + "/old"), t.old_ri);
  EXPECT_EQ(riAt(t.ae.id, "/cse-in"), "id-in");
}

TEST_F(AddressingTest, ResolvesUnstructuredResourceId) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, "/" + t.cnt_ri), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/" + t.ae.id), t.ae.id);  // an AE's ri is its AE-ID stem
  EXPECT_EQ(riAt(t.ae.id, "/" + t.new_ri), t.new_ri);
  EXPECT_EQ(riAt(t.ae.id, "/id-in"), "id-in");  // the CSEBase's own ri
}

TEST_F(AddressingTest, ResolvesHybridVirtualChild) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, "/" + t.cnt_ri + "/la"), t.new_ri);
  EXPECT_EQ(riAt(t.ae.id, "/" + t.cnt_ri + "/ol"), t.old_ri);
}

TEST_F(AddressingTest, ResolvesDashAliasForCseBaseName) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, "/-/" + t.ae.name + "/cnt"), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/-"), "id-in");
}

TEST_F(AddressingTest, ResolvesSpRelativeForms) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, "/~/id-in/cse-in/" + t.ae.name + "/cnt"), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/~/id-in/" + t.cnt_ri), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/~/id-in/-/" + t.ae.name + "/cnt/la"), t.new_ri);
  EXPECT_EQ(riAt(t.ae.id, "/~/id-in"), "id-in");  // an SP-relative CSE-ID names the CSEBase
}

TEST_F(AddressingTest, ResolvesAbsoluteForms) {
  Tree t = makeTree();
  EXPECT_EQ(riAt(t.ae.id, "/_/citadel.example.com/id-in/cse-in/" + t.ae.name + "/cnt"), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/_/citadel.example.com/id-in/" + t.cnt_ri), t.cnt_ri);
  EXPECT_EQ(riAt(t.ae.id, "/_/citadel.example.com/id-in"), "id-in");
}

TEST_F(AddressingTest, CreatesThroughSpRelativeAndUnstructuredTargets) {
  Tree t = makeTree();
  HttpResult a =
      http().create(t.ae.id, "/~/id-in/cse-in/" + t.ae.name, 3, {{"m2m:cnt", {{"rn", "viaSp"}}}});
  ASSERT_EQ(a.rsc, 2001) << a;
  HttpResult b = http().create(t.ae.id, "/" + t.cnt_ri, 4, {{"m2m:cin", {{"con", "x"}}}});
  ASSERT_EQ(b.rsc, 2001) << b;
  // Content-Location is the structured path whichever form the target had.
  EXPECT_EQ(a.header("Content-Location"), t.ae.path + "/viaSp");
  EXPECT_EQ(b.header("Content-Location"), t.cnt_path + "/" + b.resource().value("rn", ""));
  EXPECT_EQ(riAt(t.ae.id, t.ae.path + "/viaSp"), a.resource().value("ri", ""));
  EXPECT_EQ(riAt(t.ae.id, t.cnt_path + "/la"), b.resource().value("ri", ""));
}

// TS-0004 §7.3.2.6: no <remoteCSE> route matches, so the IN-CSE answers NOT_FOUND (was 5103).
TEST_F(AddressingTest, AnswersNotFoundForOtherCse) {
  Ae ae = registerAe();
  for (const std::string& path :
       {std::string("/~/id-other/x"), std::string("/~/id-other/cse-in/" + ae.name),
        std::string("/_/citadel.example.com/id-other/x")}) {
    HttpResult r = http().retrieve(ae.id, path);
    EXPECT_EQ(r.rsc, 4004) << path << ": " << r;
    EXPECT_EQ(r.http_status, 404) << path;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
}

TEST_F(AddressingTest, AnswersNotFoundForOtherSp) {
  Ae ae = registerAe();
  HttpResult r = http().retrieve(ae.id, "/_/other.example.org/id-in/cse-in/" + ae.name);
  EXPECT_EQ(r.rsc, 4004) << r;
  EXPECT_EQ(r.http_status, 404);
  EXPECT_FALSE(r.dbg().empty()) << r;
}

TEST_F(AddressingTest, AnswersNotFoundForUnknownUnstructuredId) {
  Ae ae = registerAe();
  EXPECT_EQ(http().retrieve(ae.id, "/cnt-does-not-exist").rsc, 4004);
  EXPECT_EQ(http().retrieve(ae.id, "/~/id-in/cnt-does-not-exist").rsc, 4004);
  EXPECT_EQ(http().retrieve(ae.id, "/cse-in/" + ae.name + "/a/b/c").rsc, 4004);
}

TEST_F(AddressingTest, RetrievesLatestAndOldest) {
  Tree t = makeTree();
  HttpResult la = http().retrieve(t.ae.id, t.cnt_path + "/la");
  ASSERT_EQ(la.rsc, 2000) << la;
  ASSERT_TRUE(la.json.contains("m2m:cin")) << la;
  EXPECT_EQ(la.json["m2m:cin"].value("con", ""), "second!");
  HttpResult ol = http().retrieve(t.ae.id, t.cnt_path + "/ol");
  ASSERT_EQ(ol.rsc, 2000) << ol;
  EXPECT_EQ(ol.json["m2m:cin"].value("con", ""), "first");
}

TEST_F(AddressingTest, DeletesLatestAndUpdatesCounters) {
  Tree t = makeTree();
  HttpResult before = http().retrieve(t.ae.id, t.cnt_path);
  ASSERT_EQ(before.resource().value("cni", -1), 2) << before;
  ASSERT_EQ(before.resource().value("cbs", -1), 5 + 7) << before;

  HttpResult r = http().remove(t.ae.id, t.cnt_path + "/la");
  ASSERT_EQ(r.rsc, 2002) << r;
  EXPECT_EQ(http().retrieve(t.ae.id, "/" + t.new_ri).rsc, 4004);
  HttpResult after = http().retrieve(t.ae.id, t.cnt_path);
  EXPECT_EQ(after.resource().value("cni", -1), 1) << after;
  EXPECT_EQ(after.resource().value("cbs", -1), 5) << after;
  EXPECT_EQ(riAt(t.ae.id, t.cnt_path + "/la"), t.old_ri);
}

TEST_F(AddressingTest, DeletesOldest) {
  Tree t = makeTree();
  ASSERT_EQ(http().remove(t.ae.id, t.cnt_path + "/ol").rsc, 2002);
  EXPECT_EQ(http().retrieve(t.ae.id, "/" + t.old_ri).rsc, 4004);
  EXPECT_EQ(riAt(t.ae.id, t.cnt_path + "/ol"), t.new_ri);
  EXPECT_EQ(http().retrieve(t.ae.id, t.cnt_path).resource().value("cni", -1), 1);
}

TEST_F(AddressingTest, RejectsCreateAndUpdateUnderVirtualResources) {
  Tree t = makeTree();
  for (const char* name : {"/la", "/ol"}) {
    HttpResult c = http().create(t.ae.id, t.cnt_path + name, 4, {{"m2m:cin", {{"con", "x"}}}});
    EXPECT_EQ(c.rsc, 4005) << name << ": " << c;  // spec digest §4 [I], resources.md la/ol
    EXPECT_FALSE(c.dbg().empty()) << c;
    HttpResult u = http().update(t.ae.id, t.cnt_path + name, {{"m2m:cin", {{"lbl", {"x"}}}}});
    EXPECT_EQ(u.rsc, 4005) << name << ": " << u;
  }
  EXPECT_EQ(http().retrieve(t.ae.id, t.cnt_path).resource().value("cni", -1), 2);
}

TEST_F(AddressingTest, AnswersNotFoundForVirtualChildOfEmptyContainer) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (const char* name : {"/la", "/ol"}) {
    HttpResult r = http().retrieve(ae.id, cnt + name);
    EXPECT_EQ(r.rsc, 4004) << name << ": " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
    EXPECT_EQ(http().remove(ae.id, cnt + name).rsc, 4004) << name;
  }
}

}  // namespace
}  // namespace citadel::testing
