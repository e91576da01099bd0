// Access control over HTTP (spec digest security.md §1; TS-0001 §9.6.2, TS-0003 §7.1):
// default creator-only access, the 4103 matrix per operation, acop precision, acor forms,
// pvs for ACPs and for acpi updates, content instances under their container's ACPs, admin,
// and the acip access context.
#include <gtest/gtest.h>

#include "tests/support/crud_op.h"
#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

int successOf(Op op) {
  switch (op) {
    case Op::kCreate:
      return 2001;
    case Op::kRetrieve:
      return 2000;
    case Op::kUpdate:
      return 2004;
    case Op::kDelete:
      return 2002;
  }
  return 0;
}

class AccessControlBase : public CseFixture {
 protected:
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    owner_ = registerAe("owner");
    other_ = registerAe("other");
    cnt_ = createContainer(owner_.id, owner_.path, {{"rn", "cnt"}});
    ASSERT_FALSE(cnt_.empty());
  }

  // `op` by `originator` on the container (CREATE makes a contentInstance child).
  HttpResult perform(Op op, const std::string& originator, const std::string& target) {
    switch (op) {
      case Op::kCreate:
        return createCin(originator, target, "by " + originator);
      case Op::kRetrieve:
        return http().retrieve(originator, target);
      case Op::kUpdate:
        return http().update(originator, target, {{"m2m:cnt", {{"lbl", {"u"}}}}});
      case Op::kDelete:
        return http().remove(originator, target);
    }
    return {};
  }

  static Json rule(const Json& acor, int acop, Json acco = nullptr) {
    Json r = {{"acor", acor}, {"acop", acop}};
    if (!acco.is_null()) {
      r["acco"] = std::move(acco);
    }
    return r;
  }

  // Creates an ACP under the owner's AE with the given pv rules (the owner keeps every right
  // through an extra pv rule unless `owner_keeps` is false) and pvs rules (default: owner 63).
  // Returns its ri.
  std::string createAcp(Json pv_rules, Json pvs_rules = nullptr, bool owner_keeps = true) {
    if (owner_keeps) {
      pv_rules.push_back(rule({owner_.id}, 63));
    }
    if (pvs_rules.is_null()) {
      pvs_rules = Json::array({rule({owner_.id}, 63)});
    }
    std::string rn = uniqueName("acp");
    HttpResult r = http().create(
        owner_.id, owner_.path, 1,
        {{"m2m:acp", {{"rn", rn}, {"pv", {{"acr", pv_rules}}}, {"pvs", {{"acr", pvs_rules}}}}}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.resource().value("ri", "");
  }

  // Points the container's acpi at `acp_ri` (as the owner, who created the container).
  void protectContainer(const std::string& acp_ri) {
    HttpResult r = http().update(owner_.id, cnt_, {{"m2m:cnt", {{"acpi", {acp_ri}}}}});
    ASSERT_EQ(r.rsc, 2004) << r;
  }

  static void expectDenied(const HttpResult& r) {
    EXPECT_EQ(r.rsc, 4103) << r;
    EXPECT_EQ(r.http_status, 403) << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }

  Ae owner_;
  Ae other_;
  std::string cnt_;
};

class AccessDeniedTest : public AccessControlBase, public ::testing::WithParamInterface<Op> {};

TEST_P(AccessDeniedTest, DeniesWithoutPrivilegeAndGrantsExactlyThatOperation) {
  Op op = GetParam();
  expectDenied(perform(op, other_.id, cnt_));
  EXPECT_EQ(http().retrieve(owner_.id, cnt_).rsc, 2000);  // the creator still has access

  std::string acp = createAcp(Json::array({rule({other_.id}, acopBit(op))}));
  protectContainer(acp);
  // Another operation, not granted, stays denied (checked before a DELETE removes the target).
  Op other_op = op == Op::kRetrieve ? Op::kUpdate : Op::kRetrieve;
  expectDenied(perform(other_op, other_.id, cnt_));
  HttpResult granted = perform(op, other_.id, cnt_);
  EXPECT_EQ(granted.rsc, successOf(op)) << granted;
}

INSTANTIATE_TEST_SUITE_P(AllOperations, AccessDeniedTest,
                         ::testing::Values(Op::kCreate, Op::kRetrieve, Op::kUpdate, Op::kDelete),
                         [](const ::testing::TestParamInfo<Op>& info) {
                           return nameOf(info.param);
                         });

class AccessControlTest : public AccessControlBase {};

TEST_F(AccessControlTest, GrantsOnlyTheOperationsInAcop) {
  protectContainer(createAcp(Json::array({rule({other_.id}, 2)})));
  EXPECT_EQ(perform(Op::kRetrieve, other_.id, cnt_).rsc, 2000);
  expectDenied(perform(Op::kUpdate, other_.id, cnt_));
  expectDenied(perform(Op::kCreate, other_.id, cnt_));
  expectDenied(perform(Op::kDelete, other_.id, cnt_));
}

TEST_F(AccessControlTest, CombinesBitsInAcop) {
  protectContainer(createAcp(Json::array({rule({other_.id}, 1 | 4)})));
  EXPECT_EQ(perform(Op::kCreate, other_.id, cnt_).rsc, 2001);
  EXPECT_EQ(perform(Op::kUpdate, other_.id, cnt_).rsc, 2004);
  expectDenied(perform(Op::kRetrieve, other_.id, cnt_));
  expectDenied(perform(Op::kDelete, other_.id, cnt_));
}

TEST_F(AccessControlTest, GrantsAllOriginatorsWithAll) {
  Ae third = registerAe("third");
  protectContainer(createAcp(Json::array({rule({"all"}, 2)})));
  EXPECT_EQ(perform(Op::kRetrieve, other_.id, cnt_).rsc, 2000);
  EXPECT_EQ(perform(Op::kRetrieve, third.id, cnt_).rsc, 2000);
  expectDenied(perform(Op::kUpdate, third.id, cnt_));
}

TEST_F(AccessControlTest, MatchesWildcardOriginator) {
  protectContainer(createAcp(Json::array({rule({"C*"}, 2), rule({"Cnomatch*"}, 4)})));
  EXPECT_EQ(perform(Op::kRetrieve, other_.id, cnt_).rsc, 2000);
  expectDenied(perform(Op::kUpdate, other_.id, cnt_));  // "Cnomatch*" does not match
}

TEST_F(AccessControlTest, UnionsRulesOfSeveralAcps) {
  std::string read = createAcp(Json::array({rule({other_.id}, 2)}));
  std::string write = createAcp(Json::array({rule({other_.id}, 4)}), nullptr, false);
  HttpResult r = http().update(owner_.id, cnt_, {{"m2m:cnt", {{"acpi", {read, write}}}}});
  ASSERT_EQ(r.rsc, 2004) << r;
  EXPECT_EQ(perform(Op::kRetrieve, other_.id, cnt_).rsc, 2000);
  EXPECT_EQ(perform(Op::kUpdate, other_.id, cnt_).rsc, 2004);
  expectDenied(perform(Op::kDelete, other_.id, cnt_));
}

TEST_F(AccessControlTest, LeavesOutChildrenTheOriginatorMayNotRetrieve) {
  // rcn=4/6 list children; each child is governed by its own ACPs, so a child container the
  // requester may not RETRIEVE must not appear (no side door around the child's acpi).
  std::string hidden = createContainer(owner_.id, cnt_, {{"rn", "hidden"}});
  ASSERT_FALSE(hidden.empty());
  std::string shown = createContainer(owner_.id, cnt_, {{"rn", "shown"}});
  ASSERT_FALSE(shown.empty());
  std::string read = createAcp(Json::array({rule({other_.id}, 2)}));
  protectContainer(read);
  ASSERT_EQ(http().update(owner_.id, shown, {{"m2m:cnt", {{"acpi", {read}}}}}).rsc, 2004);

  HttpResult with_children = http().retrieve(other_.id, cnt_, "rcn=4");
  ASSERT_EQ(with_children.rsc, 2000) << with_children;
  const Json& kids = with_children.json["m2m:cnt"]["m2m:cnt"];
  ASSERT_TRUE(kids.is_array()) << with_children;
  ASSERT_EQ(kids.size(), 1u) << with_children;
  EXPECT_EQ(kids[0]["rn"], "shown");

  HttpResult refs = http().retrieve(other_.id, cnt_, "rcn=6");
  ASSERT_EQ(refs.rsc, 2000) << refs;
  ASSERT_EQ(refs.json["m2m:rrl"]["rrf"].size(), 1u) << refs;
  // The owner sees both.
  HttpResult mine = http().retrieve(owner_.id, cnt_, "rcn=6");
  EXPECT_EQ(mine.json["m2m:rrl"]["rrf"].size(), 2u) << mine;
}

TEST_F(AccessControlTest, RequiresSelfPrivilegeToUpdateAcpi) {
  // pv gives the owner everything, pvs only RETRIEVE: changing acpi needs UPDATE in pvs
  // (TS-0001 §9.6.1.3.2, security.md §1.3 item 6), even though pv grants UPDATE.
  std::string first = createAcp(Json::array(), Json::array({rule({owner_.id}, 2)}));
  std::string second = createAcp(Json::array());
  protectContainer(first);
  expectDenied(http().update(owner_.id, cnt_, {{"m2m:cnt", {{"acpi", {second}}}}}));
  EXPECT_EQ(http().update(owner_.id, cnt_, {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc, 2004);
  HttpResult got = http().retrieve(owner_.id, cnt_);
  EXPECT_EQ(got.resource().value("acpi", Json()), Json({first})) << got;
}

TEST_F(AccessControlTest, AllowsAcpiUpdateWithSelfPrivilege) {
  std::string first = createAcp(Json::array(), Json::array({rule({owner_.id}, 4)}));
  std::string second = createAcp(Json::array({rule({other_.id}, 2)}));
  protectContainer(first);
  HttpResult r = http().update(owner_.id, cnt_, {{"m2m:cnt", {{"acpi", {second}}}}});
  ASSERT_EQ(r.rsc, 2004) << r;
  EXPECT_EQ(perform(Op::kRetrieve, other_.id, cnt_).rsc, 2000);
}

TEST_F(AccessControlTest, RejectsAcpiUpdateCombinedWithOtherAttributes) {
  std::string acp = createAcp(Json::array());
  HttpResult r = http().update(owner_.id, cnt_, {{"m2m:cnt", {{"acpi", {acp}}, {"lbl", {"x"}}}}});
  EXPECT_EQ(r.rsc, 4000) << r;
  EXPECT_FALSE(r.dbg().empty()) << r;
  EXPECT_FALSE(http().retrieve(owner_.id, cnt_).resource().contains("acpi"));
}

TEST_F(AccessControlTest, GovernsAcpBySelfPrivileges) {
  // pv grants the other AE everything, but pv does not govern the ACP itself: pvs does.
  std::string acp = createAcp(Json::array({rule({other_.id}, 63)}));
  expectDenied(http().retrieve(other_.id, "/" + acp));
  expectDenied(http().update(other_.id, "/" + acp, {{"m2m:acp", {{"lbl", {"x"}}}}}));
  expectDenied(http().remove(other_.id, "/" + acp));

  Json pvs = {{"acr", {rule({owner_.id}, 63), rule({other_.id}, 2)}}};
  ASSERT_EQ(http().update(owner_.id, "/" + acp, {{"m2m:acp", {{"pvs", pvs}}}}).rsc, 2004);
  EXPECT_EQ(http().retrieve(other_.id, "/" + acp).rsc, 2000);
  expectDenied(http().update(other_.id, "/" + acp, {{"m2m:acp", {{"lbl", {"x"}}}}}));
}

TEST_F(AccessControlTest, OwnerLosesAcpWithoutSelfPrivilege) {
  // The creator of an ACP has no default rights over it: only pvs counts.
  std::string acp = createAcp(Json::array(), Json::array({rule({other_.id}, 63)}));
  expectDenied(http().retrieve(owner_.id, "/" + acp));
  EXPECT_EQ(http().retrieve(other_.id, "/" + acp).rsc, 2000);
}

TEST_F(AccessControlTest, GovernsContentInstancesByContainerAcp) {
  HttpResult cin = createCin(owner_.id, cnt_, "secret", {{"rn", "c"}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  std::string cin_ri = cin.resource().value("ri", "");
  for (const std::string& path : {cnt_ + "/c", "/" + cin_ri, cnt_ + "/la", cnt_ + "/ol"}) {
    expectDenied(http().retrieve(other_.id, path));
  }
  protectContainer(createAcp(Json::array({rule({other_.id}, 2)})));
  for (const std::string& path : {cnt_ + "/c", "/" + cin_ri, cnt_ + "/la", cnt_ + "/ol"}) {
    HttpResult r = http().retrieve(other_.id, path);
    EXPECT_EQ(r.rsc, 2000) << path << ": " << r;
    EXPECT_EQ(r.resource().value("con", ""), "secret") << path;
  }
  expectDenied(http().remove(other_.id, cnt_ + "/c"));
  expectDenied(http().remove(other_.id, cnt_ + "/la"));
}

TEST_F(AccessControlTest, AlwaysAllowsAdmin) {
  protectContainer(createAcp(Json::array(), nullptr, /*owner_keeps=*/false));
  expectDenied(http().retrieve(owner_.id, cnt_));  // acpi set: the creator has no default
  EXPECT_EQ(perform(Op::kRetrieve, kAdmin, cnt_).rsc, 2000);
  EXPECT_EQ(perform(Op::kCreate, kAdmin, cnt_).rsc, 2001);
  EXPECT_EQ(perform(Op::kUpdate, kAdmin, cnt_).rsc, 2004);
  EXPECT_EQ(perform(Op::kDelete, kAdmin, cnt_).rsc, 2002);
}

TEST_F(AccessControlTest, CseBaseGrantsRegisteredAesRetrieveOnly) {
  EXPECT_EQ(http().retrieve(other_.id, kCseBase).rsc, 2000);
  expectDenied(http().create(other_.id, kCseBase, 3, {{"m2m:cnt", Json::object()}}));
  expectDenied(http().retrieve(other_.id, owner_.path));  // no acpi: creator only
}

TEST_F(AccessControlTest, RefusesIpContextThatDoesNotMatch) {
  Json elsewhere = Json::array({{{"acip", {{"ipv4", {"10.0.0.0/8"}}}}}});
  protectContainer(createAcp(Json::array({rule({other_.id}, 2, elsewhere)})));
  expectDenied(http().retrieve(other_.id, cnt_));
}

TEST_F(AccessControlTest, GrantsIpContextThatMatchesLoopback) {
  Json loopback = Json::array({{{"acip", {{"ipv4", {"127.0.0.0/8"}}}}}});
  protectContainer(createAcp(Json::array({rule({other_.id}, 2, loopback)})));
  EXPECT_EQ(http().retrieve(other_.id, cnt_).rsc, 2000);
  expectDenied(http().update(other_.id, cnt_, {{"m2m:cnt", {{"lbl", {"x"}}}}}));
}

}  // namespace
}  // namespace citadel::testing
