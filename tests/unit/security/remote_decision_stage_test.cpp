// RemoteDecisionStage (security/remote_decision_stage.h): the PEP side of TS-0003 §7.5.2 with a
// scripted PDP sender. What is sent (an UPDATE of the <authorizationDecision> from this CSE,
// with an unguessable rqi and the request's to/fr/op), in which order PDPs are asked, and which
// answers grant: only a 2004 m2m:auds with status OK and PERMIT for the request that was sent,
// from the PDP's CSE. A forged answer (another rqi, another sender) grants nothing.
#include "security/remote_decision_stage.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "resources/type_registry.h"
#include "storage/memory_store.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Rsc;

class FixedClock final : public model::Clock {
 public:
  model::TimePoint now() const override {
    return model::TimePoint(std::chrono::seconds(1800000000));
  }
};

// Answers with scripted responses, in order; records what it was asked. An answer whose
// request_id is "echo" gets the request's rqi.
class ScriptedPdps final : public model::PrimitiveSender {
 public:
  model::Response send(const std::string& target, const model::Request& request) override {
    targets.push_back(target);
    requests.push_back(request);
    if (answers.empty()) return model::Response::fromStatus(
        {Rsc::kTargetNotReachable, "nothing scripted", "test.none"}, request.request_id);
    model::Response answer = answers.front();
    answers.pop_front();
    if (answer.request_id == "echo") answer.request_id = request.request_id;
    return answer;
  }
  std::deque<model::Response> answers;
  std::vector<std::string> targets;
  std::vector<model::Request> requests;
};

model::Response decision(int status, int dec = 0, std::string from = "/id-pdp") {
  model::Response answer;
  answer.status_code = Rsc::kUpdated;
  answer.request_id = "echo";
  answer.from = std::move(from);
  Json auds = {{"sus", status}};
  if (dec != 0) auds["dec"] = dec;
  answer.content = {{"m2m:auds", auds}};
  return answer;
}

class RemoteDecisionStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::registerBuiltinTypes(types_, identity_);
    add({{"ty", 5}, {"ri", "id-mn"}, {"rn", "cse-mn"}, {"pi", ""}, {"_cr", "CAdmin"},
         {"_p", "cse-mn"}});
    add({{"ty", 1}, {"ri", "acpPep"}, {"rn", "acpPep"}, {"pi", "id-mn"}, {"_cr", "CAdmin"},
         {"_p", "cse-mn/acpPep"}, {"pv", {{"acr", Json::array()}}},
         {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}},
         {"adri", {"/id-pdp/cse-pdp/first", "/id-pdp/cse-pdp/second"}}});
    add({{"ty", 3}, {"ri", "cntFleet"}, {"rn", "fleet"}, {"pi", "id-mn"}, {"_cr", "CAdmin"},
         {"_p", "cse-mn/fleet"}, {"acpi", {"cse-mn/acpPep"}}});
    add({{"ty", 1}, {"ri", "acpPrp"}, {"rn", "acpPrp"}, {"pi", "id-mn"}, {"_cr", "CAdmin"},
         {"_p", "cse-mn/acpPrp"}, {"pv", {{"acr", Json::array()}}},
         {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}},
         {"apri", {"/id-pdp/cse-pdp/rulesA", "/id-pdp/cse-pdp/rulesB"}}});
    add({{"ty", 3}, {"ri", "cntStore"}, {"rn", "store"}, {"pi", "id-mn"}, {"_cr", "CAdmin"},
         {"_p", "cse-mn/store"}, {"acpi", {"cse-mn/acpPrp"}}});
    services_.decision_sender = &pdps_;
  }
  void add(Json attributes) {
    resources::Resource resource;
    resource.attributes = std::move(attributes);
    storage::WriteBatch batch;
    resources::ResourceRepository::stagePut(batch, resource);
    if (!resource.pi().empty()) resources::ResourceRepository::stageIndexes(batch, resource);
    ASSERT_OK(repository_.commit(batch));
  }
  // A RETRIEVE of the fleet (or `to`) container by Cae, denied by the local ACPs.
  RequestContext denied(std::string to = "cse-mn/fleet") {
    RequestContext context;
    context.request.operation = model::Operation::kRetrieve;
    context.request.to = std::move(to);
    context.request.originator = "Cae";
    context.request.role_ids = {"driver@roles.example.com"};
    context.request.transport.peer_address = "127.0.0.9";
    context.originator = "Cae";
    auto target = resolver_.resolve(context.request.to);
    EXPECT_TRUE(target.isOk());
    if (target.isOk()) context.target = std::move(target).value();
    context.decision = {false, "acp.no_matching_rule"};
    return context;
  }

  resources::CseIdentity identity_{"/id-mn", "cse-mn", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  FixedClock clock_;
  ScriptedPdps pdps_;
  AuthorizationServices services_;
  SecurityDependencies deps_{repository_, resolver_, identity_, types_, clock_, nullptr,
                             &services_};
  AccessDecider access_{deps_};
  RemoteDecisionStage stage_{identity_, clock_, &services_, access_};
};

TEST_F(RemoteDecisionStageTest, SendsTheDecisionRequestToTheFirstPdp) {
  pdps_.answers = {decision(1, 1)};
  RequestContext context = denied();
  ASSERT_OK(stage_.onRequest(context));
  EXPECT_TRUE(context.decision.granted);
  EXPECT_EQ(context.decision.reason, "pdp.permit");
  ASSERT_EQ(pdps_.requests.size(), 1u);
  EXPECT_EQ(pdps_.targets[0], "/id-pdp/cse-pdp/first");
  const model::Request& sent = pdps_.requests[0];
  EXPECT_EQ(sent.operation, model::Operation::kUpdate);
  EXPECT_EQ(sent.to, "/id-pdp/cse-pdp/first");
  EXPECT_EQ(sent.originator, "/id-mn");
  EXPECT_TRUE(sent.request_id.starts_with("pdp-"));
  EXPECT_GE(sent.request_id.size(), 20u);
  EXPECT_NE(sent.request_id, context.request.request_id);
  const Json& auds = sent.content["m2m:auds"];
  EXPECT_EQ(auds["to"], "/id-mn/cse-mn/fleet");
  EXPECT_EQ(auds["fr"], "//citadel.example.com/id-mn/Cae");
  EXPECT_EQ(auds["op"], 2);
  EXPECT_EQ(auds["rids"], Json({"driver@roles.example.com"}));
  EXPECT_EQ(auds["oip"], Json({{"ip4", "127.0.0.9"}}));
  EXPECT_TRUE(auds.contains("rtm"));
  EXPECT_FALSE(auds.contains("tkns"));  // tokens are this CSE's to evaluate, never passed on
}

TEST_F(RemoteDecisionStageTest, NotApplicableAndSilenceMoveOnADenyStops) {
  pdps_.answers = {decision(2), decision(1, 1)};
  RequestContext next = denied();
  ASSERT_OK(stage_.onRequest(next));
  EXPECT_TRUE(next.decision.granted);
  EXPECT_EQ(pdps_.targets.size(), 2u);

  pdps_ = {};
  pdps_.answers = {model::Response::fromStatus({Rsc::kRequestTimeout, "t", "send.timeout"}, ""),
                   decision(1, 2)};
  RequestContext deny = denied();
  ASSERT_OK(stage_.onRequest(deny));
  EXPECT_FALSE(deny.decision.granted);
  EXPECT_EQ(deny.decision.reason, "pdp.deny");

  pdps_ = {};
  pdps_.answers = {decision(1, 2), decision(1, 1)};
  RequestContext first_denies = denied();
  ASSERT_OK(stage_.onRequest(first_denies));
  EXPECT_FALSE(first_denies.decision.granted);
  EXPECT_EQ(pdps_.targets.size(), 1u) << "a DENY is final";
}

TEST_F(RemoteDecisionStageTest, AForgedOrUnusableAnswerGrantsNothing) {
  auto run = [&](model::Response answer) {
    pdps_ = {};
    pdps_.answers = {std::move(answer), decision(1, 1)};
    RequestContext context = denied();
    EXPECT_OK(stage_.onRequest(context));
    return context.decision;
  };
  model::Response wrong_rqi = decision(1, 1);
  wrong_rqi.request_id = "pdp-someone-elses";
  EXPECT_FALSE(run(wrong_rqi).granted);
  EXPECT_FALSE(run(decision(1, 1, "/id-elsewhere")).granted);
  EXPECT_FALSE(run(decision(3)).granted);  // MISSING_ATTRIBUTE
  EXPECT_FALSE(run(decision(5)).granted);  // PROCESSING_ERROR
  model::Response no_auds = decision(1, 1);
  no_auds.content = {{"m2m:cnt", {{"sus", 1}, {"dec", 1}}}};
  EXPECT_FALSE(run(no_auds).granted);
  model::Response text_status = decision(1, 1);
  text_status.content["m2m:auds"]["sus"] = "1";
  EXPECT_FALSE(run(text_status).granted);
  EXPECT_EQ(pdps_.targets.size(), 1u) << "an unusable answer is final too";
  // The PDP's CSE in absolute form is the same sender.
  EXPECT_TRUE(run(decision(1, 1, "//citadel.example.com/id-pdp")).granted);
}

TEST_F(RemoteDecisionStageTest, AsksNothingWhenTheLocalDecisionGrantsOrNoAdriApplies) {
  RequestContext granted = denied();
  granted.decision = {true, "acp.rule_matched"};
  ASSERT_OK(stage_.onRequest(granted));
  RequestContext admin = denied();
  admin.originator_is_admin = true;
  ASSERT_OK(stage_.onRequest(admin));
  RequestContext base = denied();
  base.target = resolver_.resolve("cse-mn").value();  // the CSEBase has no acpi here
  ASSERT_OK(stage_.onRequest(base));
  EXPECT_FALSE(base.decision.granted);
  EXPECT_TRUE(pdps_.requests.empty());
}

model::Response policies(int status, Json rule_sets = Json::array(), Json combining = 1) {
  model::Response answer;
  answer.status_code = Rsc::kUpdated;
  answer.request_id = "echo";
  Json aupy = {{"sus", status}};
  if (status == 1) {
    aupy["ps"] = {{"pv", std::move(rule_sets)}};
    aupy["ca"] = std::move(combining);
  }
  answer.content = {{"m2m:aupy", aupy}};
  return answer;
}

Json ruleFor(const std::string& originator, int acop) {
  return {{"acr", {{{"acor", {originator}}, {"acop", acop}}}}};
}

TEST_F(RemoteDecisionStageTest, PoliciesFromAPrpAreEvaluatedHere) {
  pdps_.answers = {policies(2), policies(1, {ruleFor("/id-mn/Cae", 2)})};
  RequestContext granted = denied("cse-mn/store");
  ASSERT_OK(stage_.onRequest(granted));
  EXPECT_TRUE(granted.decision.granted);
  EXPECT_EQ(granted.decision.reason, "prp.rule_matched");
  ASSERT_EQ(pdps_.requests.size(), 2u);
  EXPECT_EQ(pdps_.targets[1], "/id-pdp/cse-pdp/rulesB");
  EXPECT_EQ(pdps_.requests[0].content, Json({{"m2m:aupy", {{"to", "/id-mn/cse-mn/store"}}}}));
  EXPECT_TRUE(pdps_.requests[0].request_id.starts_with("prp-"));

  pdps_ = {};
  pdps_.answers = {policies(1, {ruleFor("/id-mn/Cother", 63)})};
  RequestContext other = denied("cse-mn/store");
  ASSERT_OK(stage_.onRequest(other));
  EXPECT_FALSE(other.decision.granted);
  EXPECT_EQ(other.decision.reason, "prp.no_matching_rule");
  EXPECT_FALSE(other.granted_once.has_value()) << "nothing of a failed grant stays";
}

TEST_F(RemoteDecisionStageTest, AnUnusablePolicyAnswerEndsTheSearch) {
  const model::Response unusable[] = {
      policies(1, {{{"acr", {{{"acor", "Cae"}, {"acop", 2}}}}}}),  // acor is not a list
      policies(1, {ruleFor("/id-mn/Cae", 2)}, 2),                    // not PERMIT_OVERRIDES
      policies(5),                                                   // PROCESSING_ERROR
  };
  for (const model::Response& answer : unusable) {
    pdps_ = {};
    pdps_.answers = {answer, policies(1, {ruleFor("/id-mn/Cae", 2)})};
    RequestContext context = denied("cse-mn/store");
    ASSERT_OK(stage_.onRequest(context));
    EXPECT_FALSE(context.decision.granted) << answer.content.dump();
    EXPECT_EQ(context.decision.reason, "prp.unusable_answer");
    EXPECT_EQ(pdps_.requests.size(), 1u);
  }
}

}  // namespace
}  // namespace citadel::security
