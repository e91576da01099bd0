// Result Content (rcn) per operation, TS-0001 Table 8.1.2-1 (spec digest primitives.md §3):
// CREATE 0,1,2,3,9; RETRIEVE 1,4,5,6,7,8; UPDATE 0,1,9; DELETE 0,1,4,5,6,8; "n/a" → 4000.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

class ResultContentTest : public CseFixture {
 protected:
  // An AE with container "c" holding two content instances "i1", "i2".
  struct Tree {
    Ae ae;
    std::string cnt;
  };
  Tree makeTree() {
    Tree t;
    t.ae = registerAe();
    t.cnt = createContainer(t.ae.id, t.ae.path, {{"rn", "c"}});
    EXPECT_EQ(createCin(t.ae.id, t.cnt, "one", {{"rn", "i1"}}).rsc, 2001);
    EXPECT_EQ(createCin(t.ae.id, t.cnt, "two", {{"rn", "i2"}}).rsc, 2001);
    return t;
  }
  static std::string query(int rcn) { return "rcn=" + std::to_string(rcn); }
};

TEST_F(ResultContentTest, CreateWithNothingReturnsNoContent) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}}}}, query(0));
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_TRUE(r.body.empty()) << r;
  EXPECT_EQ(r.header("Content-Location"), ae.path + "/c");
}

TEST_F(ResultContentTest, CreateWithAttributesReturnsResource) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}}}}, query(1));
  ASSERT_EQ(r.rsc, 2001) << r;
  EXPECT_EQ(r.json["m2m:cnt"].value("rn", ""), "c") << r;
}

TEST_F(ResultContentTest, CreateWithHierarchicalAddressReturnsUri) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}}}}, query(2));
  ASSERT_EQ(r.rsc, 2001) << r;
  ASSERT_TRUE(r.json.contains("m2m:uri")) << r;
  EXPECT_TRUE(r.json["m2m:uri"].get<std::string>().ends_with(ae.name + "/c")) << r;
  EXPECT_FALSE(r.json.contains("m2m:cnt")) << r;
}

TEST_F(ResultContentTest, CreateWithAddressAndAttributesReturnsBoth) {
  Ae ae = registerAe();
  HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}}}}, query(3));
  ASSERT_EQ(r.rsc, 2001) << r;
  ASSERT_TRUE(r.json.contains("m2m:rce")) << r;
  const Json& rce = r.json["m2m:rce"];
  EXPECT_TRUE(rce.value("uri", "").ends_with(ae.name + "/c")) << r;
  EXPECT_EQ(rce["m2m:cnt"].value("rn", ""), "c") << r;
}

TEST_F(ResultContentTest, CreateWithModifiedAttributesOmitsUnchangedOnes) {
  Ae ae = registerAe();
  HttpResult r =
      http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{"rn", "c"}, {"mni", 4}}}}, query(9));
  ASSERT_EQ(r.rsc, 2001) << r;
  const Json& cnt = r.json["m2m:cnt"];
  // TS-0001 §8.1.2: only what the CSE set or changed compared to the request Content.
  EXPECT_TRUE(cnt.contains("ri")) << r;
  EXPECT_TRUE(cnt.contains("ct")) << r;
  EXPECT_FALSE(cnt.contains("mni")) << r;
  EXPECT_FALSE(cnt.contains("rn")) << r;
}

TEST_F(ResultContentTest, RejectsRetrieveOnlyValuesInCreate) {
  Ae ae = registerAe();
  for (int rcn : {4, 5, 6, 7, 8}) {
    HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", Json::object()}}, query(rcn));
    EXPECT_EQ(r.rsc, 4000) << "rcn=" << rcn << " " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  // Nothing was created by the rejected requests.
  HttpResult children = http().retrieve(ae.id, ae.path, query(6));
  ASSERT_EQ(children.rsc, 2000) << children;
  EXPECT_TRUE(children.json["m2m:rrl"].value("rrf", Json::array()).empty()) << children;
}

TEST_F(ResultContentTest, RetrieveWithAttributesAndChildResources) {
  Tree t = makeTree();
  HttpResult r = http().retrieve(t.ae.id, t.cnt, query(4));
  ASSERT_EQ(r.rsc, 2000) << r;
  const Json& cnt = r.json["m2m:cnt"];
  EXPECT_EQ(cnt.value("rn", ""), "c") << r;
  ASSERT_TRUE(cnt.contains("m2m:cin")) << r;
  ASSERT_EQ(cnt["m2m:cin"].size(), 2u) << r;
  EXPECT_TRUE(cnt["m2m:cin"][0].contains("con")) << r;
}

TEST_F(ResultContentTest, RetrieveWithAttributesAndChildReferences) {
  Tree t = makeTree();
  HttpResult r = http().retrieve(t.ae.id, t.cnt, query(5));
  ASSERT_EQ(r.rsc, 2000) << r;
  const Json& cnt = r.json["m2m:cnt"];
  EXPECT_EQ(cnt.value("rn", ""), "c") << r;
  ASSERT_TRUE(cnt.contains("ch")) << r;
  ASSERT_EQ(cnt["ch"].size(), 2u) << r;
  EXPECT_EQ(cnt["ch"][0].value("typ", 0), 4) << r;
}

TEST_F(ResultContentTest, RetrieveWithChildReferencesOnly) {
  Tree t = makeTree();
  HttpResult r = http().retrieve(t.ae.id, t.cnt, query(6));
  ASSERT_EQ(r.rsc, 2000) << r;
  ASSERT_TRUE(r.json.contains("m2m:rrl")) << r;
  const Json& refs = r.json["m2m:rrl"]["rrf"];
  ASSERT_EQ(refs.size(), 2u) << r;
  std::set<std::string> names;
  for (const auto& ref : refs) {
    names.insert(ref.value("nm", ""));
    EXPECT_EQ(ref.value("typ", 0), 4) << r;
    EXPECT_FALSE(ref.value("val", "").empty()) << r;
  }
  EXPECT_EQ(names, (std::set<std::string>{"i1", "i2"}));
}

TEST_F(ResultContentTest, RetrieveWithOriginalResource) {
  Tree t = makeTree();
  HttpResult r = http().retrieve(t.ae.id, t.cnt, query(7));
  ASSERT_EQ(r.rsc, 2000) << r;
  EXPECT_EQ(r.json["m2m:cnt"].value("rn", ""), "c") << r;
}

TEST_F(ResultContentTest, RetrieveWithChildResourcesOnly) {
  Tree t = makeTree();
  HttpResult r = http().retrieve(t.ae.id, t.cnt, query(8));
  ASSERT_EQ(r.rsc, 2000) << r;
  const Json& cnt = r.json["m2m:cnt"];
  ASSERT_TRUE(cnt.contains("m2m:cin")) << r;
  EXPECT_EQ(cnt["m2m:cin"].size(), 2u) << r;
  EXPECT_FALSE(cnt.contains("cni")) << r;  // no attributes of the target itself
}

TEST_F(ResultContentTest, RejectsInvalidValuesInRetrieve) {
  Tree t = makeTree();
  for (int rcn : {0, 2, 3, 9}) {
    HttpResult r = http().retrieve(t.ae.id, t.cnt, query(rcn));
    EXPECT_EQ(r.rsc, 4000) << "rcn=" << rcn << " " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  EXPECT_EQ(http().retrieve(t.ae.id, t.cnt, "rcn=11").rsc, 4000);
  EXPECT_EQ(http().retrieve(t.ae.id, t.cnt, "rcn=x").rsc, 4000);
}

TEST_F(ResultContentTest, UpdateWithNothingReturnsNoContent) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult r = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 3}}}}, query(0));
  ASSERT_EQ(r.rsc, 2004) << r;
  EXPECT_TRUE(r.body.empty()) << r;
}

TEST_F(ResultContentTest, UpdateWithAttributesReturnsResource) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult r = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 3}}}}, query(1));
  ASSERT_EQ(r.rsc, 2004) << r;
  EXPECT_EQ(r.json["m2m:cnt"].value("mni", 0), 3) << r;
  EXPECT_TRUE(r.json["m2m:cnt"].contains("ri")) << r;
}

TEST_F(ResultContentTest, UpdateWithModifiedAttributesReturnsOnlyCseChanges) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult r = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 3}}}}, query(9));
  ASSERT_EQ(r.rsc, 2004) << r;
  const Json& modified = r.json["m2m:cnt"];
  EXPECT_TRUE(modified.contains("lt")) << r;
  EXPECT_FALSE(modified.contains("ri")) << r;
  // TS-0001 §8.1.2 "modified-attributes": only attributes not in the request Content, or set to
  // a value different from the requested one. mni was set exactly as requested.
  EXPECT_FALSE(modified.contains("mni")) << r;
}

TEST_F(ResultContentTest, RejectsInvalidValuesInUpdate) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (int rcn : {2, 3, 4, 5, 6, 7, 8}) {
    HttpResult r = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", rcn}}}}, query(rcn));
    EXPECT_EQ(r.rsc, 4000) << "rcn=" << rcn << " " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  EXPECT_FALSE(http().retrieve(ae.id, cnt).resource().contains("mni"));
}

TEST_F(ResultContentTest, DeleteWithNothingByDefault) {
  Tree t = makeTree();
  HttpResult r = http().remove(t.ae.id, t.cnt);
  ASSERT_EQ(r.rsc, 2002) << r;
  EXPECT_TRUE(r.body.empty()) << r;
}

TEST_F(ResultContentTest, DeleteReturnsRequestedRepresentation) {
  Ae ae = registerAe();
  struct Case {
    int rcn;
    bool attributes;
    const char* children_member;  // member of m2m:cnt holding children, or nullptr
  };
  for (Case c : {Case{1, true, nullptr}, Case{4, true, "m2m:cin"}, Case{5, true, "ch"},
                 Case{8, false, "m2m:cin"}}) {
    std::string cnt = createContainer(ae.id, ae.path);
    ASSERT_EQ(createCin(ae.id, cnt, "x").rsc, 2001);
    HttpResult r = http().remove(ae.id, cnt, query(c.rcn));
    ASSERT_EQ(r.rsc, 2002) << "rcn=" << c.rcn << " " << r;
    const Json& body = r.json["m2m:cnt"];
    EXPECT_EQ(body.contains("ri"), c.attributes) << "rcn=" << c.rcn << " " << r;
    if (c.children_member != nullptr) {
      EXPECT_TRUE(body.contains(c.children_member)) << "rcn=" << c.rcn << " " << r;
    }
    EXPECT_EQ(http().retrieve(ae.id, cnt).rsc, 4004);
  }
  std::string cnt = createContainer(ae.id, ae.path);
  ASSERT_EQ(createCin(ae.id, cnt, "x").rsc, 2001);
  HttpResult refs = http().remove(ae.id, cnt, query(6));
  ASSERT_EQ(refs.rsc, 2002) << refs;
  EXPECT_EQ(refs.json["m2m:rrl"]["rrf"].size(), 1u) << refs;
}

TEST_F(ResultContentTest, RejectsInvalidValuesInDelete) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (int rcn : {2, 3, 7, 9}) {
    HttpResult r = http().remove(ae.id, cnt, query(rcn));
    EXPECT_EQ(r.rsc, 4000) << "rcn=" << rcn << " " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt).rsc, 2000);  // not deleted by the rejected requests
}

}  // namespace
}  // namespace citadel::testing
