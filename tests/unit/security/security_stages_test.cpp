// The default pipeline (TransportIdentityStage -> EsprimUnwrapStage (off here) -> … ->
// AcpDecisionStage) on
// a MemoryStore with the real type registry and a fixed clock. Each test asserts rsc AND reason.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;
using resources::Resource;

class StagesClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return now_; }
  // Thursday 2024-02-29T12:34:56Z.
  model::TimePoint now_ = model::TimePoint(std::chrono::seconds(1709210096));
};

//   cse-in (id-in, creator CAdmin)
//   ├── lamp (AE Clamp)
//   │   ├── priv (cntPriv, no acpi: default policy, creator Clamp)
//   │   └── open (cntOpen, acpi [acpOpen])
//   │       └── cin_1 (cin1)
//   ├── other (AE Cother)
//   ├── fake (container whose ri "Cfake" looks like an AE-ID)
//   ├── acpOpen: pv  = Cother may RETRIEVE; Cnoon may RETRIEVE at 12:xx UTC from 10.0.0.0/8
//   │            pvs = Clamp may do everything
//   └── zone (cntZone, acpi [acpOpen, a missing ACP])
class SecurityStagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::registerBuiltinTypes(types_, identity_);
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}, {"_cr", "CAdmin"}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"_cr", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cother"}, {"rn", "other"}, {"pi", "id-in"}, {"_cr", "Cother"}});
    add({{"ty", 2}, {"ri", "Cnoon"}, {"rn", "noon"}, {"pi", "id-in"}, {"_cr", "Cnoon"}});
    add({{"ty", 3}, {"ri", "Cfake"}, {"rn", "fake"}, {"pi", "id-in"}, {"_cr", "CAdmin"}});
    add({{"ty", 3}, {"ri", "cntPriv"}, {"rn", "priv"}, {"pi", "Clamp"}, {"_cr", "Clamp"}});
    add({{"ty", 3},
         {"ri", "cntOpen"},
         {"rn", "open"},
         {"pi", "Clamp"},
         {"_cr", "Clamp"},
         {"acpi", {"cse-in/acpOpen"}}});
    add({{"ty", 4},
         {"ri", "cin1"},
         {"rn", "cin_1"},
         {"pi", "cntOpen"},
         {"_cr", "Clamp"},
         {"con", "x"}});
    Json noon_rule = {
        {"acor", {"Cnoon"}},
        {"acop", 2},
        {"acco", {{{"actw", {"* * 12 * * * *"}}, {"acip", {{"ipv4", {"10.0.0.0/8"}}}}}}}};
    add({{"ty", 1},
         {"ri", "acpOpen"},
         {"rn", "acpOpen"},
         {"pi", "id-in"},
         {"_cr", "CAdmin"},
         {"pv", {{"acr", {{{"acor", {"Cother"}}, {"acop", 2}}, noon_rule}}}},
         {"pvs", {{"acr", {{{"acor", {"Clamp"}}, {"acop", 63}}}}}}});
    add({{"ty", 3},
         {"ri", "cntZone"},
         {"rn", "zone"},
         {"pi", "id-in"},
         {"_cr", "CAdmin"},
         {"acpi", {"cse-in/acpMissing", "/id-in/acpOpen"}}});
  }

  void add(Json attributes) {
    Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) {
      resources::ResourceRepository::stageIndexes(batch, resource);
    }
    ASSERT_OK(repository_.commit(batch));
  }

  RequestContext context(Operation op, std::string to, std::string from) {
    RequestContext ctx;
    ctx.request.operation = op;
    ctx.request.to = std::move(to);
    ctx.request.originator = std::move(from);
    ctx.request.request_id = "rq-1";
    ctx.request.transport.peer_address = "10.1.2.3";
    // The binding these tests had before issue 15 #17 made kUnknown the default.
    ctx.request.transport.binding = model::Binding::kInternal;
    // A well-formed primitive (the PrimitiveCheckStage runs first): a ty on CREATE and a pc
    // where one is needed; tests override both where they matter.
    if (op == Operation::kCreate) {
      ctx.request.resource_type = 3;
    }
    if (op == Operation::kCreate || op == Operation::kUpdate || op == Operation::kNotify) {
      ctx.request.content = {{"m2m:cnt", Json::object()}};
    }
    return ctx;
  }

  // Runs the pipeline; returns its status and leaves the decision in `ctx`.
  model::Status run(RequestContext& ctx) {
    auto authorized = pipeline_->authorize(ctx);
    return authorized.isOk() ? model::Status::ok() : authorized.status();
  }

  void expectGranted(RequestContext ctx, std::string_view reason) {
    model::Status status = run(ctx);
    EXPECT_OK(status);
    EXPECT_TRUE(ctx.decision.granted) << ctx.request.to;
    EXPECT_EQ(ctx.decision.reason, reason) << ctx.request.to;
  }

  void expectDenied(RequestContext ctx, Rsc rsc, std::string_view reason) {
    model::Status status = run(ctx);
    EXPECT_EQ(status.rsc(), rsc) << ctx.request.to << " dbg=" << status.dbg();
    EXPECT_EQ(status.reason(), reason) << ctx.request.to;
  }

  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  StagesClock clock_;
  SecurityDependencies deps_{repository_, resolver_, identity_, types_, clock_};
  AccessDecider access_{deps_};
  std::unique_ptr<Pipeline> pipeline_ = makeDefaultPipeline(deps_, access_);
};

TEST_F(SecurityStagesTest, RunsStagesInDocumentedOrder) {
  ASSERT_EQ(pipeline_->stages().size(), 8u);
  EXPECT_EQ(pipeline_->stages()[0]->name(), "transport_identity");
  EXPECT_EQ(pipeline_->stages()[1]->name(), "esprim_unwrap");
  EXPECT_EQ(pipeline_->stages()[2]->name(), "primitive_check");
  EXPECT_EQ(pipeline_->stages()[3]->name(), "target_resolution");
  EXPECT_EQ(pipeline_->stages()[4]->name(), "token_role");
  EXPECT_EQ(pipeline_->stages()[5]->name(), "acp_decision");
  EXPECT_EQ(pipeline_->stages()[6]->name(), "remote_decision");
  EXPECT_EQ(pipeline_->stages()[7]->name(), "dynamic_authorization");
}

TEST_F(SecurityStagesTest, RejectsUnregisteredOriginatorBeforeResolving) {
  RequestContext ctx = context(Operation::kRetrieve, "cse-in/nothing-here", "Cghost");
  model::Status status = run(ctx);
  // TS-0004 §7.3.2: an AE-ID that is not registered here is not authenticated.
  ASSERT_RSC(status, Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(status.reason(), "origin.unregistered");
  EXPECT_EQ(ctx.stages_run, 1u);  // no 4004 leaks whether the target exists
  EXPECT_FALSE(ctx.target.has_value());
}

TEST_F(SecurityStagesTest, RejectsOriginatorsThatAreNotRegisteredAes) {
  expectDenied(context(Operation::kRetrieve, "cse-in", "someone"), Rsc::kOriginatorNotAuthenticated,
               "origin.unregistered");
  // A resource with an AE-like ID that is not an <AE> is no registration.
  expectDenied(context(Operation::kRetrieve, "cse-in", "Cfake"), Rsc::kOriginatorNotAuthenticated,
               "origin.unregistered");
  expectDenied(context(Operation::kRetrieve, "cse-in", "//other.example/id-in/Clamp"),
               Rsc::kOriginatorNotAuthenticated, "origin.unregistered");
}

TEST_F(SecurityStagesTest, BindsACertificateIdentityToTheOriginator) {
  auto over_tls = [&](std::string from, std::string identity) {
    RequestContext ctx = context(Operation::kRetrieve, "cse-in", std::move(from));
    ctx.request.transport.secure = true;
    ctx.request.transport.peer_identity = std::move(identity);
    return ctx;
  };
  // The Absolute AE-ID of the certificate names the AE; any form of From naming it passes.
  for (const char* from : {"Clamp", "/id-in/Clamp", "//citadel.example.com/id-in/Clamp"}) {
    RequestContext matching = over_tls(from, "//citadel.example.com/id-in/Clamp");
    model::Status status = run(matching);
    EXPECT_NE(status.reason(), "origin.credential_mismatch") << from;
    EXPECT_GT(matching.stages_run, 1u) << from << ": past the identity stage";
  }
  expectDenied(over_tls("CAdmin", "//citadel.example.com/id-in/Clamp"),
               Rsc::kOriginatorNotAuthenticated, "origin.credential_mismatch");
  expectDenied(over_tls("Clamp", "//other.example/id-in/Clamp"), Rsc::kOriginatorNotAuthenticated,
               "origin.credential_mismatch");
  // Registration too: the certificate was issued for one AE-ID.
  RequestContext registration = over_tls("Cnew", "//citadel.example.com/id-in/Clamp");
  registration.request.operation = Operation::kCreate;
  registration.request.resource_type = 2;
  expectDenied(registration, Rsc::kOriginatorNotAuthenticated, "origin.credential_mismatch");
  // TLS without a client certificate: the originator as presented, as on plain HTTP.
  RequestContext anonymous = over_tls("CAdmin", "");
  EXPECT_OK(run(anonymous));
}

TEST_F(SecurityStagesTest, HonoursTheAdminOnlyFromLoopbackOrAProvenIdentity) {
  // Issue 15 #5 (cse.adminFrom=loopback, the default): From: CAdmin from a remote plain peer
  // is not the admin.
  auto admin_over = [&](model::Binding binding, bool loopback) {
    RequestContext ctx = context(Operation::kRetrieve, "cse-in/lamp/priv", "CAdmin");
    ctx.request.transport.binding = binding;
    ctx.request.transport.from_loopback = loopback;
    return ctx;
  };
  expectDenied(admin_over(model::Binding::kHttp, false), Rsc::kOriginatorNotAuthenticated,
               "origin.admin_not_local");
  expectDenied(admin_over(model::Binding::kCoap, false), Rsc::kOriginatorNotAuthenticated,
               "origin.admin_not_local");
  expectGranted(admin_over(model::Binding::kHttp, true), "acp.admin");
  expectGranted(admin_over(model::Binding::kCoap, true), "acp.admin");
  // The broker vouches for the topic's originator (its ACL decides who publishes as admin).
  expectGranted(admin_over(model::Binding::kMqtt, false), "acp.admin");
  // A remote peer whose certificate names the admin is the admin.
  RequestContext proven = admin_over(model::Binding::kHttp, false);
  proven.request.transport.secure = true;
  proven.request.transport.peer_identity = "//citadel.example.com/id-in/CAdmin";
  expectGranted(proven, "acp.admin");
  // TLS without a proven identity is not enough.
  RequestContext anonymous_tls = admin_over(model::Binding::kHttp, false);
  anonymous_tls.request.transport.secure = true;
  expectDenied(anonymous_tls, Rsc::kOriginatorNotAuthenticated, "origin.admin_not_local");
  // cse.adminFrom=any: every peer (test benches).
  SecurityDependencies anywhere = deps_;
  anywhere.admin_origin = AdminOrigin::kAnywhere;
  auto open_pipeline = makeDefaultPipeline(anywhere, access_);
  RequestContext remote = admin_over(model::Binding::kHttp, false);
  EXPECT_TRUE(open_pipeline->authorize(remote).isOk());
}

TEST_F(SecurityStagesTest, TrustsARequestWithoutABindingForNothing) {
  // Issue 15 #17: TransportInfo's default binding is kUnknown, the least privileged. Before, the
  // default was kInternal, under which From: CAdmin (and the CSE-ID) was honoured.
  auto unmarked = [&](std::string from) {
    RequestContext ctx = context(Operation::kRetrieve, "cse-in/lamp/priv", std::move(from));
    ctx.request.transport = model::TransportInfo{};
    ctx.request.transport.from_loopback = true;
    return ctx;
  };
  EXPECT_EQ(model::TransportInfo{}.binding, model::Binding::kUnknown);
  expectDenied(unmarked("CAdmin"), Rsc::kOriginatorNotAuthenticated, "origin.admin_not_local");
  RequestContext own_id = unmarked("/id-in");
  EXPECT_FALSE(run(own_id).isOk());
  EXPECT_FALSE(own_id.originator_is_admin);
  // Not even where cse.adminFrom=any honours the admin from every peer.
  SecurityDependencies anywhere = deps_;
  anywhere.admin_origin = AdminOrigin::kAnywhere;
  auto open_pipeline = makeDefaultPipeline(anywhere, access_);
  RequestContext admin = unmarked("CAdmin");
  auto authorized = open_pipeline->authorize(admin);
  ASSERT_FALSE(authorized.isOk());
  EXPECT_EQ(authorized.status().reason(), "origin.admin_not_local");
  EXPECT_FALSE(admin.originator_is_admin);
}

TEST_F(SecurityStagesTest, RefusesControlCharactersInIdentifiersBeforeIdentity) {
  // Issue 15 #14: 4000 before anything compares, looks up or logs the identifier.
  RequestContext from = context(Operation::kRetrieve, "cse-in", "Cghost\r\nX-Injected: 1");
  model::Status status = run(from);
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "primitive.control_character");
  EXPECT_EQ(from.stages_run, 1u);
  EXPECT_TRUE(from.originator.empty()) << "refused before the originator was settled";
  RequestContext rqi = context(Operation::kRetrieve, "cse-in", "CAdmin");
  rqi.request.request_id = "r\x7f";
  expectDenied(rqi, Rsc::kBadRequest, "primitive.control_character");
  RequestContext to = context(Operation::kRetrieve, "cse-in/\nx", "CAdmin");
  expectDenied(to, Rsc::kBadRequest, "primitive.control_character");
}

TEST_F(SecurityStagesTest, AProvenCseSpeaksForItselfAndRelaysOnlyForAesBehindIt) {
  auto from_mn = [&](std::string from) {
    RequestContext ctx = context(Operation::kRetrieve, "cse-in", std::move(from));
    ctx.request.transport.secure = true;
    ctx.request.transport.peer_identity = "//citadel.example.com/id-mn";
    return ctx;
  };
  // TS-0004 §7.3.2: its own CSE-ID, AE-IDs under it and S-type AE-IDs pass the binding (and
  // then meet registration: no <remoteCSE> registers them here, so they are not authenticated).
  for (const char* from : {"/id-mn", "/id-mn/Cae", "//citadel.example.com/id-mn/Cae", "Sae"}) {
    RequestContext relayed = from_mn(from);
    model::Status status = run(relayed);
    EXPECT_NE(status.reason(), "origin.credential_mismatch") << from;
  }
  // Never one of our C-type AE-ID-Stems, another CSE or an AE under another CSE.
  for (const char* from : {"Clamp", "/id-other", "/id-other/Cae", "/id-mn/Cae/x", "CAdmin"}) {
    expectDenied(from_mn(from), Rsc::kOriginatorNotAuthenticated, "origin.credential_mismatch");
  }
}

TEST_F(SecurityStagesTest, ACseIdOutsideASecurityAssociationNeedsOne) {
  // TS-0004 §7.3.2: From with a CSE-ID over a plain connection → SECURITY_ASSOCIATION_REQUIRED.
  expectDenied(context(Operation::kRetrieve, "cse-in", "/id-mn"),
               Rsc::kSecurityAssociationRequired, "origin.cse_without_tls");
}

TEST_F(SecurityStagesTest, RequiresFromExceptForRegistration) {
  expectDenied(context(Operation::kRetrieve, "cse-in", ""), Rsc::kBadRequest, "origin.missing");
  RequestContext create_cnt = context(Operation::kCreate, "cse-in/lamp", "");
  create_cnt.request.resource_type = 3;
  expectDenied(create_cnt, Rsc::kBadRequest, "origin.missing");
}

TEST_F(SecurityStagesTest, SkipsAcpForAeRegistration) {
  RequestContext ctx = context(Operation::kCreate, "cse-in", "");
  ctx.request.resource_type = 2;
  expectGranted(ctx, "acp.registration");
  RequestContext with_stem = context(Operation::kCreate, "cse-in", "Cnew");
  with_stem.request.resource_type = 2;
  expectGranted(with_stem, "acp.registration");
}

TEST_F(SecurityStagesTest, AcceptsRegisteredOriginatorInEveryForm) {
  for (std::string from : {"Clamp", "/id-in/Clamp", "//citadel.example.com/id-in/Clamp"}) {
    RequestContext ctx = context(Operation::kRetrieve, "cse-in/lamp", from);
    expectGranted(ctx, "acp.default_creator");
  }
}

TEST_F(SecurityStagesTest, GrantsAdminEverything) {
  expectGranted(context(Operation::kDelete, "cse-in/lamp/priv", "CAdmin"), "acp.admin");
  expectGranted(context(Operation::kUpdate, "cse-in/acpOpen", "CAdmin"), "acp.admin");
}

TEST_F(SecurityStagesTest, ReportsResolutionErrorsAfterIdentity) {
  expectDenied(context(Operation::kRetrieve, "cse-in/missing", "Clamp"), Rsc::kNotFound,
               "target.not_found");
  // TS-0004 §7.3.2.6: no <remoteCSE> route, NOT_FOUND.
  expectDenied(context(Operation::kRetrieve, "/id-mn/cse-mn", "Clamp"), Rsc::kNotFound,
               "target.not_local");
  expectDenied(context(Operation::kRetrieve, "cse-in//x", "Clamp"), Rsc::kBadRequest,
               "address.empty_segment");
}

TEST_F(SecurityStagesTest, GrantsCreatorByDefaultWithoutAcpi) {
  expectGranted(context(Operation::kUpdate, "cse-in/lamp/priv", "Clamp"), "acp.default_creator");
  expectGranted(context(Operation::kDelete, "cse-in/lamp/priv", "Clamp"), "acp.default_creator");
}

TEST_F(SecurityStagesTest, DeniesNonCreatorByDefaultWithoutAcpi) {
  expectDenied(context(Operation::kRetrieve, "cse-in/lamp/priv", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.default_not_creator");
  expectDenied(context(Operation::kRetrieve, "cse-in/lamp", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.default_not_creator");
}

TEST_F(SecurityStagesTest, DecidesCreateOnTheParent) {
  RequestContext ctx = context(Operation::kCreate, "cse-in/lamp/priv", "Cother");
  ctx.request.resource_type = 4;
  expectDenied(ctx, Rsc::kOriginatorHasNoPrivilege, "acp.default_not_creator");
  RequestContext own = context(Operation::kCreate, "cse-in/lamp/priv", "Clamp");
  own.request.resource_type = 4;
  expectGranted(own, "acp.default_creator");
}

TEST_F(SecurityStagesTest, DeniesUpdateWhenAcpGrantsOnlyRetrieve) {
  expectGranted(context(Operation::kRetrieve, "cse-in/lamp/open", "Cother"), "acp.rule_matched");
  expectDenied(context(Operation::kUpdate, "cse-in/lamp/open", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
  expectDenied(context(Operation::kDelete, "cse-in/lamp/open", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, IgnoresCreatorOnceAcpiIsSet) {
  // acpi set: only the referenced policies count, the creator default no longer applies.
  expectDenied(context(Operation::kRetrieve, "cse-in/lamp/open", "Clamp"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, RequiresDiscoveryPrivilegeForDiscovery) {
  RequestContext ctx = context(Operation::kRetrieve, "cse-in/lamp/open", "Cother");
  ctx.request.filter_criteria = {{"fu", 1}};
  expectDenied(ctx, Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, GovernsContentInstanceByParentContainer) {
  expectGranted(context(Operation::kRetrieve, "cse-in/lamp/open/cin_1", "Cother"),
                "acp.rule_matched");
  expectGranted(context(Operation::kRetrieve, "cin1", "Cother"), "acp.rule_matched");
  expectDenied(context(Operation::kDelete, "cse-in/lamp/open/cin_1", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
  expectGranted(context(Operation::kRetrieve, "cse-in/lamp/open/la", "Cother"), "acp.rule_matched");
}

TEST_F(SecurityStagesTest, GovernsAcpBySelfPrivileges) {
  expectGranted(context(Operation::kRetrieve, "cse-in/acpOpen", "Clamp"), "acp.rule_matched");
  expectGranted(context(Operation::kUpdate, "cse-in/acpOpen", "Clamp"), "acp.rule_matched");
  // Cother is in pv but not in pvs: pv does not govern the ACP itself.
  expectDenied(context(Operation::kRetrieve, "cse-in/acpOpen", "Cother"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, RequiresSelfPrivilegesToUpdateAcpi) {
  RequestContext by_owner = context(Operation::kUpdate, "cse-in/lamp/open", "Clamp");
  by_owner.request.content = {{"m2m:cnt", {{"acpi", {"cse-in/acpOpen"}}}}};
  expectGranted(by_owner, "acp.rule_matched");  // Clamp holds UPDATE in pvs
  RequestContext by_reader = context(Operation::kUpdate, "cse-in/lamp/open", "Cother");
  by_reader.request.content = {{"m2m:cnt", {{"acpi", Json::array()}}}};
  expectDenied(by_reader, Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
  // Any other attribute is governed by pv, where Clamp holds nothing.
  RequestContext labels = context(Operation::kUpdate, "cse-in/lamp/open", "Clamp");
  labels.request.content = {{"m2m:cnt", {{"lbl", {"x"}}}}};
  expectDenied(labels, Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, UnitesPoliciesAndSkipsMissingOnes) {
  expectGranted(context(Operation::kRetrieve, "cse-in/zone", "Cother"), "acp.rule_matched");
  expectDenied(context(Operation::kUpdate, "cse-in/zone", "Cother"), Rsc::kOriginatorHasNoPrivilege,
               "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, EvaluatesTimeWindowsWithInjectedClock) {
  expectGranted(context(Operation::kRetrieve, "cse-in/lamp/open", "Cnoon"), "acp.rule_matched");
  clock_.now_ += std::chrono::hours(1);  // 13:34 UTC: outside "* * 12 * * * *"
  expectDenied(context(Operation::kRetrieve, "cse-in/lamp/open", "Cnoon"),
               Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, EvaluatesIpRangesWithTransportAddress) {
  RequestContext outside = context(Operation::kRetrieve, "cse-in/lamp/open", "Cnoon");
  outside.request.transport.peer_address = "192.168.1.1";
  expectDenied(outside, Rsc::kOriginatorHasNoPrivilege, "acp.no_matching_rule");
}

TEST_F(SecurityStagesTest, DecidesForOtherResourcesWithoutThePipeline) {
  // The one AccessDecider, per resource (discovery and child lists check each result with it).
  RequestContext ctx = context(Operation::kRetrieve, "cse-in", "Cother");
  ctx.originator = "Cother";
  Requester requester = Requester::of(ctx);
  auto open = repository_.load("cntOpen");
  auto priv = repository_.load("cntPriv");
  ASSERT_OK(open);
  ASSERT_OK(priv);
  EXPECT_TRUE(access_.decide(requester, open.value(), model::AccessOperation::kRetrieve).granted);
  EXPECT_FALSE(
      access_.decide(requester, open.value(), model::AccessOperation::kDiscovery).granted);
  AccessDecision denied =
      access_.decide(requester, priv.value(), model::AccessOperation::kRetrieve);
  EXPECT_FALSE(denied.granted);
  EXPECT_EQ(denied.reason, "acp.default_not_creator");
}

}  // namespace
}  // namespace citadel::security
