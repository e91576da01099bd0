// PolicyMap (cse/engine/authorization/policy_map.h): which of this CSE's ACPs govern a target on
// another CSE, from authorization.policies entries "[name:]prefix=acp-id". Prefixes match on
// path-segment boundaries, absolute and SP-relative forms alike; a named entry applies at its
// authorization resource only; an entry whose ACP is gone makes the answer unreadable.
#include "cse/engine/authorization/policy_map.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::engine {
namespace {

using model::Json;

class PolicyMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}, {"_p", "cse-in"}});
    for (const char* name : {"fleetAcp", "yardAcp"}) {
      add({{"ty", 1}, {"ri", name}, {"rn", name}, {"pi", "id-in"},
           {"_p", std::string("cse-in/") + name}, {"pv", {{"acr", Json::array()}}},
           {"pvs", {{"acr", Json::array()}}}});
    }
    add({{"ty", 3}, {"ri", "cntX"}, {"rn", "notAnAcp"}, {"pi", "id-in"},
         {"_p", "cse-in/notAnAcp"}});
    pdp_.attributes = {{"ty", 35}, {"ri", "auds1"}, {"rn", "pdp"}};
    other_.attributes = {{"ty", 35}, {"ri", "auds2"}, {"rn", "other"}};
  }
  void add(Json attributes) {
    resources::Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) resources::ResourceRepository::stageIndexes(batch, resource);
    ASSERT_OK(repository_.commit(batch));
  }
  std::vector<std::string> found(const PolicyMap& map, std::string_view to,
                                 const resources::Resource& at) {
    auto result = map.find(to, at, resolver_);
    EXPECT_TRUE(result.isOk());
    std::vector<std::string> ids;
    if (!result.isOk()) return ids;
    for (const auto& acp : result.value().acps) ids.push_back(acp.ri());
    return ids;
  }

  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::Resource pdp_;
  resources::Resource other_;
};

TEST_F(PolicyMapTest, PrefixesMatchOnSegmentBoundariesInEitherForm) {
  PolicyMap map({"/id-mn/cse-mn/fleet/=cse-in/fleetAcp",
                 "//citadel.example.com/id-mn/cse-mn=yardAcp"},
                identity_);
  using V = std::vector<std::string>;
  EXPECT_EQ(found(map, "/id-mn/cse-mn/fleet", pdp_), (V{"fleetAcp", "yardAcp"}));
  EXPECT_EQ(found(map, "/id-mn/cse-mn/fleet/truck/cin", pdp_), (V{"fleetAcp", "yardAcp"}));
  EXPECT_EQ(found(map, "//citadel.example.com/id-mn/cse-mn/fleet", pdp_),
            (V{"fleetAcp", "yardAcp"}));
  EXPECT_EQ(found(map, "/id-mn/cse-mn/fleetX", pdp_), (V{"yardAcp"}));
  EXPECT_EQ(found(map, "/id-mn/cse-mnX", pdp_), V{});
  EXPECT_EQ(found(map, "//other.example.com/id-mn/cse-mn/fleet", pdp_), V{});
  EXPECT_EQ(found(map, "cse-mn/fleet", pdp_), V{});  // CSE-relative: whose CSE?
  EXPECT_EQ(map.find("/id-mn/cse-mnX", pdp_, resolver_).value().outcome,
            ApplicablePolicies::Outcome::kNone);
}

TEST_F(PolicyMapTest, ANamedEntryAppliesAtItsResourceOnly) {
  PolicyMap map({"pdp:/id-mn/a=fleetAcp", "auds2:/id-mn/a=yardAcp"}, identity_);
  EXPECT_EQ(found(map, "/id-mn/a", pdp_), std::vector<std::string>{"fleetAcp"});
  EXPECT_EQ(found(map, "/id-mn/a", other_), std::vector<std::string>{"yardAcp"});
}

TEST_F(PolicyMapTest, AMissingOrWrongPolicyIsUnreadable) {
  for (const char* entry : {"/id-mn/a=cse-in/gone", "/id-mn/a=cse-in/notAnAcp"}) {
    PolicyMap map({"/id-mn/a=fleetAcp", entry}, identity_);
    auto result = map.find("/id-mn/a", pdp_, resolver_);
    ASSERT_TRUE(result.isOk());
    EXPECT_EQ(result.value().outcome, ApplicablePolicies::Outcome::kUnreadable) << entry;
    EXPECT_TRUE(result.value().acps.empty());
  }
}

TEST_F(PolicyMapTest, MalformedEntriesAreRefusedAtStartUp) {
  EXPECT_OK(PolicyMap::check({"/id-mn/x=acp", "name:/id-mn/x=acp", "//sp/id-mn=acp"}));
  for (const char* bad : {"id-mn/x=acp", "/id-mn/x", "/id-mn/x=", ":/id-mn/x=acp",
                          "name:id-mn=acp", "=acp"}) {
    EXPECT_EQ(PolicyMap::check({bad}).rsc(), model::Rsc::kBadRequest) << bad;
  }
}

}  // namespace
}  // namespace citadel::engine
