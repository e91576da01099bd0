// The one AccessDecider on a small tree: typed operations per resource, the whole-request
// decision (selfPrivileges for acpi, RETRIEVE for a subscriber), the requester's grants, and
// storage faults that deny and are reported instead of being mistaken for "no privilege".
#include "security/access_decider.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "resources/type_registry.h"
#include "tests/support/faulty_store.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::AccessOperation;
using model::Json;
using model::Operation;
using model::Rsc;

class FixedClock final : public model::Clock {
 public:
  model::TimePoint now() const override {
    return model::TimePoint(std::chrono::seconds(1709210096));
  }
};

// cse-in (id-in)
// ├── lamp (AE Clamp)
// │   └── open (cntOpen, acpi [acpOpen])
// │       └── cin_1 (cin1)
// ├── other (AE Cother)
// └── acpOpen: pv = Cother may RETRIEVE and CREATE; pvs = Clamp may do everything
class AccessDeciderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::registerBuiltinTypes(types_, identity_);
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}, {"_cr", "CAdmin"}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"_cr", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cother"}, {"rn", "other"}, {"pi", "id-in"}, {"_cr", "Cother"}});
    add({{"ty", 3}, {"ri", "cntOpen"}, {"rn", "open"}, {"pi", "Clamp"}, {"_cr", "Clamp"},
         {"acpi", {"cse-in/acpOpen"}}});
    add({{"ty", 4}, {"ri", "cin1"}, {"rn", "cin_1"}, {"pi", "cntOpen"}, {"_cr", "Clamp"},
         {"con", "x"}});
    add({{"ty", 1}, {"ri", "acpOpen"}, {"rn", "acpOpen"}, {"pi", "id-in"}, {"_cr", "CAdmin"},
         {"pv", {{"acr", {{{"acor", {"Cother"}}, {"acop", 3}}}}}},
         {"pvs", {{"acr", {{{"acor", {"Clamp"}}, {"acop", 63}}}}}}});
  }

  void add(Json attributes) {
    resources::Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) {
      resources::ResourceRepository::stageIndexes(batch, resource);
    }
    ASSERT_OK(repository_.commit(batch));
  }

  resources::Resource load(const std::string& ri) {
    auto loaded = repository_.load(ri);
    EXPECT_OK(loaded);
    return loaded.isOk() ? loaded.value() : resources::Resource{};
  }

  // A request context as the pipeline leaves it before the decision: target resolved.
  RequestContext context(Operation op, const std::string& target_ri, const std::string& from) {
    RequestContext ctx;
    ctx.request.operation = op;
    ctx.request.originator = from;
    ctx.originator = from;
    ctx.target = resources::ResolvedTarget{std::make_shared<const resources::Resource>(load(target_ri))};
    return ctx;
  }

  // A view of `originator`: pass a literal (a Requester must not outlive what it views).
  Requester requester(std::string_view originator) {
    Requester who;
    who.originator = originator;
    return who;
  }

  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  testing::FaultyStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  FixedClock clock_;
  SecurityDependencies deps_{repository_, resolver_, identity_, types_, clock_};
  AccessDecider access_{deps_};
};

TEST_F(AccessDeciderTest, DecidesEachTypedOperationOnAnyResource) {
  resources::Resource open = load("cntOpen");
  EXPECT_TRUE(access_.decide(requester("Cother"), open, AccessOperation::kRetrieve).granted);
  EXPECT_TRUE(access_.decide(requester("Cother"), open, AccessOperation::kCreate).granted);
  for (AccessOperation denied : {AccessOperation::kUpdate, AccessOperation::kDelete,
                                 AccessOperation::kNotify, AccessOperation::kDiscovery}) {
    AccessDecision decision = access_.decide(requester("Cother"), open, denied);
    EXPECT_FALSE(decision.granted) << static_cast<int>(denied);
    EXPECT_EQ(decision.reason, "acp.no_matching_rule");
  }
  // A contentInstance is governed by its parent's policies.
  EXPECT_TRUE(
      access_.decide(requester("Cother"), load("cin1"), AccessOperation::kRetrieve).granted);
  // The admin is granted without a policy.
  Requester admin = requester("CAdmin");
  admin.is_admin = true;
  AccessDecision decision = access_.decide(admin, open, AccessOperation::kDelete);
  EXPECT_TRUE(decision.granted);
  EXPECT_EQ(decision.reason, "acp.admin");
}

TEST_F(AccessDeciderTest, AppliesGrantsOfTheRequesterOnly) {
  resources::Resource open = load("cntOpen");
  ScopedGrant once{"cntOpen", std::make_shared<const Json>(
                                  Json{{"acr", {{{"acor", {"Cother"}}, {"acop", 8}}}}})};
  Requester with_grant = requester("Cother");
  with_grant.granted_once = &once;
  AccessDecision decision = access_.decide(with_grant, open, AccessOperation::kDelete);
  EXPECT_TRUE(decision.granted);
  EXPECT_EQ(decision.reason, "das.granted");
  EXPECT_FALSE(access_.decide(requester("Cother"), open, AccessOperation::kDelete).granted);
}

TEST_F(AccessDeciderTest, AGrantOnceCoversItsResourceOnly) {
  // Issue 15 #8: the DAS was asked about cntOpen; its answer says nothing about the instances
  // below it, nor about another resource decided in the same request.
  add({{"ty", 3}, {"ri", "cntShut"}, {"rn", "shut"}, {"pi", "cntOpen"}, {"_cr", "Clamp"}});
  ScopedGrant once{"cntOpen", std::make_shared<const Json>(
                                  Json{{"acr", {{{"acor", {"Cother"}}, {"acop", 63}}}}})};
  Requester with_grant = requester("Cother");
  with_grant.granted_once = &once;
  EXPECT_TRUE(access_.decide(with_grant, load("cntOpen"), AccessOperation::kDiscovery).granted);
  for (const char* other : {"cntShut", "Clamp"}) {
    AccessDecision decision = access_.decide(with_grant, load(other), AccessOperation::kRetrieve);
    EXPECT_FALSE(decision.granted) << other;
    EXPECT_EQ(decision.reason, "acp.default_not_creator") << other;
  }
  // cin1 is governed by cntOpen's policies (RETRIEVE for Cother), not by the grant: DELETE stays
  // refused although the grant on cntOpen would allow it there.
  EXPECT_TRUE(access_.decide(with_grant, load("cntOpen"), AccessOperation::kDelete).granted);
  EXPECT_FALSE(access_.decide(with_grant, load("cin1"), AccessOperation::kDelete).granted);
}

TEST_F(AccessDeciderTest, ATokenPermissionsRoleCountsOnTheResourcesItNamesOnly) {
  // acpRole: the role reader@ra may RETRIEVE and DISCOVER; a container and its child use it.
  add({{"ty", 1}, {"ri", "acpRole"}, {"rn", "acpRole"}, {"pi", "id-in"}, {"_cr", "CAdmin"},
       {"pv", {{"acr", {{{"acor", {"reader@ra"}}, {"acop", 34}}}}}},
       {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}});
  add({{"ty", 3}, {"ri", "cntRole"}, {"rn", "role"}, {"pi", "Clamp"}, {"_cr", "Clamp"},
       {"acpi", {"cse-in/acpRole"}}});
  add({{"ty", 3}, {"ri", "cntRoleChild"}, {"rn", "child"}, {"pi", "cntRole"}, {"_cr", "Clamp"},
       {"acpi", {"cse-in/acpRole"}}});
  auto claims = std::make_shared<token::TokenClaims>();
  token::TokenPermission permission;
  permission.resource_ids = std::vector<std::string>{"cntRole"};
  permission.role_ids = std::vector<std::string>{"reader@ra"};
  claims->permissions = std::vector<token::TokenPermission>{permission};
  std::vector<std::shared_ptr<const token::TokenClaims>> tokens{claims};
  Requester holder = requester("Cother");
  holder.tokens = &tokens;
  AccessDecision named = access_.decide(holder, load("cntRole"), AccessOperation::kRetrieve);
  EXPECT_TRUE(named.granted);
  EXPECT_EQ(named.reason, "acp.rule_matched");
  // The same ACP on the child: the role does not count there.
  AccessDecision child = access_.decide(holder, load("cntRoleChild"), AccessOperation::kDiscovery);
  EXPECT_FALSE(child.granted);
  EXPECT_EQ(child.reason, "acp.no_matching_rule");
  // A whole-request decision on the child, with the role carried by the token: refused too.
  RequestContext on_child = context(Operation::kRetrieve, "cntRoleChild", "Cother");
  on_child.tokens = tokens;
  EXPECT_FALSE(access_.decideRequest(on_child).value().granted);
  RequestContext on_named = context(Operation::kRetrieve, "cntRole", "Cother");
  on_named.tokens = tokens;
  EXPECT_TRUE(access_.decideRequest(on_named).value().granted);
  // A permission without ris applies to every resource (TS-0003 §7.3.2.5 step 7 1)).
  permission.resource_ids.reset();
  claims->permissions = std::vector<token::TokenPermission>{permission};
  EXPECT_TRUE(access_.decide(holder, load("cntRoleChild"), AccessOperation::kDiscovery).granted);
  // Roles the originator holds by <role> (rids) still count everywhere.
  std::vector<std::string> roles{"reader@ra"};
  Requester by_role = requester("Cother");
  by_role.roles = &roles;
  EXPECT_TRUE(access_.decide(by_role, load("cntRoleChild"), AccessOperation::kRetrieve).granted);
}

TEST_F(AccessDeciderTest, DecidesTheWholeRequest) {
  // UPDATE of acpi: the selfPrivileges of the referenced ACPs, where only Clamp is named.
  RequestContext acpi = context(Operation::kUpdate, "cntOpen", "Cother");
  acpi.request.content = {{"m2m:cnt", {{"acpi", Json::array()}}}};
  ASSERT_OK(access_.decideRequest(acpi));
  EXPECT_FALSE(access_.decideRequest(acpi).value().granted);
  acpi.originator = "Clamp";
  EXPECT_TRUE(access_.decideRequest(acpi).value().granted);
  // A subscriber needs RETRIEVE as well as CREATE (TS-0004 §7.4.8.2.1 Recv-6.3).
  RequestContext subscribe = context(Operation::kCreate, "cntOpen", "Cother");
  subscribe.request.resource_type = 23;
  EXPECT_TRUE(access_.decideRequest(subscribe).value().granted);
  Json create_only = {{"acr", {{{"acor", {"Cother"}}, {"acop", 1}}}}};
  add({{"ty", 1}, {"ri", "acpOpen"}, {"rn", "acpOpen"}, {"pi", "id-in"}, {"_cr", "CAdmin"},
       {"pv", create_only}, {"pvs", create_only}});
  AccessDecision refused = access_.decideRequest(subscribe).value();
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.reason, "acp.subscriber_cannot_retrieve");
}

TEST_F(AccessDeciderTest, ChangingDaciNeedsTheSelfPrivilegesAsChangingAcpiDoes) {
  Json update_rules = {{"acr", {{{"acor", {"Cother"}}, {"acop", 6}}}}};
  add({{"ty", 1}, {"ri", "acpOpen"}, {"rn", "acpOpen"}, {"pi", "id-in"}, {"_cr", "CAdmin"},
       {"pv", update_rules}, {"pvs", {{"acr", {{{"acor", {"Clamp"}}, {"acop", 63}}}}}}});
  RequestContext labels = context(Operation::kUpdate, "cntOpen", "Cother");
  labels.request.content = {{"m2m:cnt", {{"lbl", {"x"}}}}};
  EXPECT_TRUE(access_.decideRequest(labels).value().granted);
  RequestContext daci = context(Operation::kUpdate, "cntOpen", "Cother");
  daci.request.content = {{"m2m:cnt", {{"daci", {"dacOfOther"}}}}};
  AccessDecision refused = access_.decideRequest(daci).value();
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.reason, "acp.no_matching_rule");
  // A DAS grant does not stand in for selfPrivileges either.
  Json grant = {{"acr", {{{"acor", {"Cother"}}, {"acop", 63}}}}};
  daci.granted_once = ScopedGrant{"cntOpen", std::make_shared<const Json>(grant)};
  EXPECT_FALSE(access_.decideRequest(daci).value().granted);
  daci.originator = "Clamp";
  daci.granted_once.reset();
  EXPECT_TRUE(access_.decideRequest(daci).value().granted);
}

TEST_F(AccessDeciderTest, AStorageFaultDeniesAndIsNotMistakenForNoPrivilege) {
  resources::Resource cin = load("cin1");
  resources::Resource open = load("cntOpen");
  RequestContext ctx = context(Operation::kRetrieve, "cntOpen", "Cother");
  store_.fail_gets_ = true;
  AccessDecision decision = access_.decide(requester("Cother"), cin, AccessOperation::kRetrieve);
  EXPECT_FALSE(decision.granted);
  EXPECT_EQ(decision.reason, "access.storage_fault");
  // The whole-request decision reports the fault as 5000 (the pipeline answers it).
  auto whole = access_.decideRequest(ctx);
  ASSERT_RSC(whole, Rsc::kInternalServerError);
  store_.fail_gets_ = false;
  EXPECT_TRUE(access_.decide(requester("Cother"), open, AccessOperation::kRetrieve).granted);
}

}  // namespace
}  // namespace citadel::security
