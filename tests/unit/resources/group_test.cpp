// GroupType on a MemoryStore (TS-0004 §7.4.13): attribute checks through the generic validator
// and the handler, duplicate removal, mnm (6010), member type validation with each
// consistencyStrategy (4110 for ABANDON_GROUP), UPDATE of mid / mnm, and malformed input -> 4000
// with a dbg that names the problem.
#include "resources/types/group.h"

#include <gtest/gtest.h>

#include <string>

#include "cse/model/request.h"
#include "resources/attribute_validator.h"
#include "resources/resource_resolver.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::ResourceType;
using model::Rsc;

const model::TimePoint kGroupNow = model::TimePoint(std::chrono::seconds(1893456000));

//   cse-in (id-in) ── lamp (Clamp) ── data (cnt1)
//                  ├─ fan (Cfan)
//                  └─ sub (grpsub, a group of containers)
class GroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"aei", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cfan"}, {"rn", "fan"}, {"pi", "id-in"}, {"aei", "Cfan"}});
    add({{"ty", 3}, {"ri", "cnt1"}, {"rn", "data"}, {"pi", "Clamp"}});
    add({{"ty", 9}, {"ri", "grpsub"}, {"rn", "sub"}, {"pi", "id-in"}, {"mt", 3},
         {"mid", {"cnt1"}}, {"mnm", 5}, {"cnm", 1}});
  }

  void add(Json attributes) {
    Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) {
      ResourceRepository::stageIndexes(batch, resource);
    }
    ASSERT_OK(repository_.commit(batch));
  }

  // The CREATE checks in the engine's order: generic validator, validateCreate, prepareCreate.
  model::Result<Resource> create(Json attributes) {
    CITADEL_RETURN_IF_ERROR(
        validateAttributes(ResourceType::kGroup, RequestKind::kCreate, attributes));
    CITADEL_RETURN_IF_ERROR(group_.validateCreate(attributes));
    Resource child;
    child.attributes = std::move(attributes);
    child.attributes["ty"] = 9;
    child.attributes["ri"] = "grpnew";
    Resource parent;
    model::Request request;
    std::string originator = "Clamp";
    storage::WriteBatch batch;
    CreateContext context{request, originator, parent, false, child, batch, repository_, kGroupNow,
                          may_retrieve_};
    CITADEL_RETURN_IF_ERROR(group_.prepareCreate(context));
    return child;
  }

  // The UPDATE path: validator, values applied, onUpdated.
  model::Result<Resource> update(Resource resource, const Json& changes) {
    CITADEL_RETURN_IF_ERROR(
        validateAttributes(ResourceType::kGroup, RequestKind::kUpdate, changes));
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      resource.attributes[it.key()] = *it;
    }
    storage::WriteBatch batch;
    UpdateContext context{resource, changes, batch, repository_, kGroupNow, may_retrieve_};
    CITADEL_RETURN_IF_ERROR(group_.onUpdated(context));
    return resource;
  }

  static void expectBad(const model::Status& status, std::string_view mentions) {
    EXPECT_EQ(status.rsc(), Rsc::kBadRequest) << status.dbg();
    EXPECT_NE(status.dbg().find(mentions), std::string::npos) << status.dbg();
  }

  CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  ResourceRepository repository_{store_};
  GroupType group_{identity_};
  RetrievePrivilege may_retrieve_;  // empty: every member may be read
};

TEST_F(GroupTest, CreatesAMixedGroupWithDefaultsAndCountsMembers) {
  auto created = create({{"mnm", 10}, {"mid", {"Clamp", "cse-in/lamp/data", "Clamp"}}});
  ASSERT_OK(created);
  const Json& a = created.value().attributes;
  EXPECT_EQ(a["mid"], Json::array({"Clamp", "cse-in/lamp/data"})) << "duplicates removed";
  EXPECT_EQ(a["cnm"], 2);
  EXPECT_EQ(a["mt"], 0) << "memberType defaults to mixed";
  EXPECT_EQ(a["csy"], 1) << "consistencyStrategy defaults to ABANDON_MEMBER";
  EXPECT_FALSE(a.contains("mtv")) << "not validated for a mixed group";
}

TEST_F(GroupTest, AllowsAnEmptyMemberList) {
  auto created = create({{"mnm", 1}, {"mid", Json::array()}});
  ASSERT_OK(created);
  EXPECT_EQ(created.value().attributes["cnm"], 0);
}

TEST_F(GroupTest, RefusesMoreMembersThanMnm) {
  auto created = create({{"mnm", 1}, {"mid", {"Clamp", "Cfan"}}});
  EXPECT_EQ(citadel::testing::statusOf(created).rsc(), Rsc::kMaxNumberOfMemberExceeded);
  EXPECT_NE(citadel::testing::statusOf(created).dbg().find("mnm"), std::string::npos);
  // Duplicates do not count.
  EXPECT_OK(create({{"mnm", 1}, {"mid", {"Clamp", "Clamp"}}}));
}

TEST_F(GroupTest, ValidatesMemberTypeAndAbandonsInconsistentMembers) {
  auto created = create({{"mnm", 10}, {"mt", 2}, {"mid", {"Clamp", "cnt1", "Cfan", "nothere"}}});
  ASSERT_OK(created);
  const Json& a = created.value().attributes;
  EXPECT_EQ(a["mid"], Json::array({"Clamp", "Cfan"}));
  EXPECT_EQ(a["cnm"], 2);
  EXPECT_EQ(a["mtv"], true);
  EXPECT_EQ(a["mt"], 2);
}

TEST_F(GroupTest, RefusesInconsistentMembersUnderAbandonGroup) {
  auto created = create({{"mnm", 10}, {"mt", 2}, {"csy", 2}, {"mid", {"Clamp", "cnt1"}}});
  EXPECT_EQ(citadel::testing::statusOf(created).rsc(), Rsc::kGroupMemberTypeInconsistent);
  EXPECT_NE(citadel::testing::statusOf(created).dbg().find("cnt1"), std::string::npos);
  EXPECT_OK(create({{"mnm", 10}, {"mt", 2}, {"csy", 2}, {"mid", {"Clamp", "cse-in/fan"}}}));
}

TEST_F(GroupTest, SetsMixedUnderSetMixed) {
  auto created = create({{"mnm", 10}, {"mt", 2}, {"csy", 3}, {"mid", {"Clamp", "cnt1"}}});
  ASSERT_OK(created);
  EXPECT_EQ(created.value().attributes["mt"], 0);
  EXPECT_EQ(created.value().attributes["mtv"], true);
  EXPECT_EQ(created.value().attributes["cnm"], 2);
}

TEST_F(GroupTest, ChecksSubGroupFanOutMembersAgainstTheirMemberType) {
  auto ok = create({{"mnm", 10}, {"mt", 3}, {"csy", 2}, {"mid", {"cnt1", "grpsub/fopt"}}});
  ASSERT_OK(ok);
  EXPECT_EQ(ok.value().attributes["mtv"], true);
  auto bad = create({{"mnm", 10}, {"mt", 2}, {"csy", 2}, {"mid", {"grpsub/fopt"}}});
  EXPECT_EQ(citadel::testing::statusOf(bad).rsc(), Rsc::kGroupMemberTypeInconsistent);
}

TEST_F(GroupTest, KeepsMembersOnOtherCsesUnvalidated) {
  auto created = create({{"mnm", 10}, {"mt", 2}, {"csy", 2}, {"mid", {"Clamp", "/id-mn/Cfar"}}});
  ASSERT_OK(created);
  EXPECT_EQ(created.value().attributes["mid"].size(), 2u);
  EXPECT_EQ(created.value().attributes["mtv"], false) << "a remote member cannot be checked";
}

TEST_F(GroupTest, RefusesMalformedInputWithActionableDbg) {
  expectBad(citadel::testing::statusOf(create({{"mid", {"Clamp"}}})), "mnm");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}})), "mid");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", "Clamp"}})), "mid");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {1, 2}}})), "mid");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {""}}})), "mid");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"a b"}}})), "mid");
  expectBad(citadel::testing::statusOf(create({{"mnm", 0}, {"mid", Json::array()}})), "mnm");
  expectBad(citadel::testing::statusOf(create({{"mnm", "3"}, {"mid", Json::array()}})), "mnm");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"mt", 45}})),
            "memberType");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"mt", -1}})),
            "mt");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"csy", 4}})),
            "consistencyStrategy");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"cnm", 1}})),
            "cnm");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"mtv", true}})),
            "mtv");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"Clamp"}}, {"cr", "Cx"}})),
            "creator");
  expectBad(citadel::testing::statusOf(create({{"mnm", 3}, {"mid", {"//"}}})), "memberIDs");
}

TEST_F(GroupTest, RefusesHugeMemberListsWithoutLookingThemUp) {
  Json mid = Json::array();
  for (size_t i = 0; i <= kMaxGroupMembers; ++i) {
    mid.push_back("Cm" + std::to_string(i));
  }
  auto beyond_mnm = create({{"mnm", 10}, {"mid", mid}});
  EXPECT_EQ(citadel::testing::statusOf(beyond_mnm).rsc(), Rsc::kMaxNumberOfMemberExceeded);
  auto beyond_cse = create({{"mnm", 100000}, {"mid", mid}, {"mt", 2}});
  expectBad(citadel::testing::statusOf(beyond_cse), "at most");
}

TEST_F(GroupTest, RevalidatesMembersOnUpdateAndChecksMnm) {
  auto created = create({{"mnm", 3}, {"mt", 2}, {"mid", {"Clamp"}}});
  ASSERT_OK(created);
  auto updated = update(created.value(), {{"mid", {"Clamp", "cnt1", "Cfan", "Cfan"}}});
  ASSERT_OK(updated);
  EXPECT_EQ(updated.value().attributes["mid"], Json::array({"Clamp", "Cfan"}));
  EXPECT_EQ(updated.value().attributes["cnm"], 2);
  auto too_low = update(updated.value(), {{"mnm", 1}});
  EXPECT_EQ(citadel::testing::statusOf(too_low).rsc(), Rsc::kMaxNumberOfMemberExceeded);
  ASSERT_OK(update(updated.value(), {{"mnm", 2}}));
  auto too_many = update(updated.value(), {{"mid", {"Clamp", "Cfan", "cse-in/lamp", "x"}},
                                           {"mnm", 2}});
  EXPECT_EQ(citadel::testing::statusOf(too_many).rsc(), Rsc::kMaxNumberOfMemberExceeded);
  expectBad(citadel::testing::statusOf(update(updated.value(), {{"mt", 3}})), "mt");
  expectBad(citadel::testing::statusOf(update(updated.value(), {{"csy", 2}})), "csy");
  expectBad(citadel::testing::statusOf(update(updated.value(), {{"mid", nullptr}})), "mid");
  expectBad(citadel::testing::statusOf(update(updated.value(), {{"mnm", nullptr}})), "mnm");
}

TEST_F(GroupTest, BindsEachMemberToTheResourceItNames) {
  auto created = create({{"mnm", 10},
                         {"mid", {"Clamp", "cse-in/fan", "/id-mn/Cfar", "nothere", "cnt1"}}});
  ASSERT_OK(created);
  const Json& a = created.value().attributes;
  EXPECT_EQ(a["mid"], Json::array({"Clamp", "cse-in/fan", "/id-mn/Cfar", "nothere", "cnt1"}))
      << "kept in the form given";
  EXPECT_EQ(a[std::string(kMemberBindingsField)],
            Json::array({"Clamp", "Cfan", "", nullptr, "cnt1"}))
      << "local resource IDs, \"\" for another CSE, null for nothing";
}

TEST_F(GroupTest, RebindsMembersOnUpdateOfMid) {
  auto created = create({{"mnm", 10}, {"mid", {"Clamp"}}});
  ASSERT_OK(created);
  auto updated = update(created.value(), {{"mid", {"cse-in/lamp/data", "gone"}}});
  ASSERT_OK(updated);
  EXPECT_EQ(updated.value().attributes[std::string(kMemberBindingsField)],
            Json::array({"cnt1", nullptr}));
}

TEST_F(GroupTest, TreatsAMemberTheOriginatorMayNotRetrieveAsMissing) {
  may_retrieve_ = [](const Resource& r) { return r.ri() != "cnt1" && r.ri() != "grpsub"; };
  // ABANDON_GROUP: the same 4110 as for a member that does not exist, without its type.
  for (Json mid : {Json::array({"cnt1"}), Json::array({"cnt404"}), Json::array({"grpsub/fopt"})}) {
    auto refused = create({{"mnm", 10}, {"mt", 3}, {"csy", 2}, {"mid", mid}});
    EXPECT_EQ(citadel::testing::statusOf(refused).rsc(), Rsc::kGroupMemberTypeInconsistent)
        << mid;
    EXPECT_EQ(citadel::testing::statusOf(refused).dbg().find("of type"), std::string::npos);
  }
  // ABANDON_MEMBER drops it, SET_MIXED keeps it and turns mixed, as for a missing member.
  auto dropped = create({{"mnm", 10}, {"mt", 3}, {"mid", {"cnt1"}}});
  ASSERT_OK(dropped);
  EXPECT_EQ(dropped.value().attributes["cnm"], 0);
  auto mixed = create({{"mnm", 10}, {"mt", 3}, {"csy", 3}, {"mid", {"cnt1"}}});
  ASSERT_OK(mixed);
  EXPECT_EQ(mixed.value().attributes["mt"], 0);
  // An AE-ID is checked without privilege (registration is public); its path is not.
  may_retrieve_ = [](const Resource&) { return false; };
  auto aes = create({{"mnm", 10}, {"mt", 2}, {"mid", {"Clamp", "/id-in/Cfan", "cse-in/lamp"}}});
  ASSERT_OK(aes);
  EXPECT_EQ(aes.value().attributes["mid"], Json::array({"Clamp", "/id-in/Cfan"}));
  // A mixed group checks no type, so it reads no member on the originator's behalf.
  EXPECT_OK(create({{"mnm", 10}, {"mid", {"cnt1"}}}));
  // And UPDATE of mid checks the same way.
  may_retrieve_ = {};
  auto typed = create({{"mnm", 10}, {"mt", 3}, {"csy", 2}, {"mid", Json::array()}});
  ASSERT_OK(typed);
  may_retrieve_ = [](const Resource& r) { return r.ri() != "cnt1"; };
  EXPECT_EQ(citadel::testing::statusOf(update(typed.value(), {{"mid", {"cnt1"}}})).rsc(),
            Rsc::kGroupMemberTypeInconsistent);
}

TEST_F(GroupTest, ResolvesTheFanOutPointWithThePathAfterIt) {
  ResourceResolver resolver(repository_, identity_);
  const std::pair<std::string, std::string> cases[] = {
      {"grpsub/fopt", ""}, {"cse-in/sub/fopt", ""}, {"cse-in/sub/fopt/la", "la"},
      {"grpsub/fopt/x/y", "x/y"}};
  for (const auto& [to, path] : cases) {
    auto target = resolver.resolve(to);
    ASSERT_OK(target);
    EXPECT_EQ(target.value().virtual_resource, VirtualResource::kFanOutPoint) << to;
    EXPECT_EQ(target.value().resource().type(), ResourceType::kGroup) << to;
    EXPECT_EQ(target.value().fan_out_path, path) << to;
  }
  // Only under a <group>: elsewhere "fopt" is an ordinary missing child.
  EXPECT_EQ(citadel::testing::statusOf(resolver.resolve("cnt1/fopt")).rsc(), Rsc::kNotFound);
}

}  // namespace
}  // namespace citadel::resources
