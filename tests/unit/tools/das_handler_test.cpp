// The DAS's PrimitiveHandler: the allow list (4103), NOTIFY only (4005), malformed content
// (4000 with a dbg), the 2000 answer with m2m:seci, tokens fetched back by ID across ID forms,
// and delays that shutdown() cuts short.
#include "tools/das/das_handler.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "tests/support/status_macros.h"
#include "tests/unit/tools/tool_test_support.h"

namespace citadel::tools::das {
namespace {

using model::Json;
using model::Operation;
using model::Request;
using model::Response;
using model::Rsc;

Policy policyOf(std::string_view text) {
  auto policy = parsePolicy(text);
  EXPECT_TRUE(policy.isOk()) << policy.status().dbg();
  return policy.isOk() ? std::move(policy).value() : Policy{};
}

DasSettings settings() {
  DasSettings s;
  s.allowed_cses = {"/id-in", "//other.example.com/id-x"};
  s.issuer.issuer = "das.example.com";
  s.issuer.audience = {"/id-in"};
  s.issuer.key = tools::testing::hs256Key();
  return s;
}

Request notify(std::string from, Json dreq) {
  Request r;
  r.operation = Operation::kNotify;
  r.originator = std::move(from);
  r.request_id = "rq-1";
  r.release_version_indicator = "3";
  r.content = {{"m2m:seci", {{"sit", 1}, {"dreq", std::move(dreq)}}}};
  return r;
}

Json dreqFor(std::string originator, int op, std::string target = "cnt1") {
  return {{"or", std::move(originator)}, {"op", op}, {"trid", std::move(target)}, {"trt", 3}};
}

class DasHandlerTest : public ::testing::Test {
 protected:
  explicit DasHandlerTest(std::string_view policy =
                              "Cgrant * R grant pl=30\n"
                              "Ctoken * * token ttl=60\n"
                              "Cslow  * * grant-once delay=30000\n"
                              "*      * * deny\n")
      : handler_(policyOf(policy), settings(), clock_, [this] { return nextName(); }) {}

  std::string nextName() {
    std::string name = "n";  // appended, not "n" + …: GCC 12 warns on that (-Wrestrict)
    name += std::to_string(++names_);
    return name;
  }

  static const Json& dres(const Response& r) { return r.content["m2m:seci"]["dres"]; }

  tools::testing::ManualClock clock_;
  int names_ = 0;
  DasHandler handler_;
};

TEST_F(DasHandlerTest, AnswersAllowedCseWithSecurityInfo) {
  Response r = handler_.handle(notify("/id-in", dreqFor("Cgrant", 2)));
  ASSERT_EQ(r.status_code, Rsc::kOk);
  EXPECT_EQ(r.request_id, "rq-1");
  EXPECT_EQ(r.release_version_indicator, "3");
  EXPECT_EQ(r.content["m2m:seci"]["sit"], 2);
  EXPECT_EQ(dres(r)["dai"]["pl"], "30000");
  EXPECT_EQ(dres(r)["dai"]["gp"]["acr"][0]["acor"][0], "Cgrant");
}

TEST_F(DasHandlerTest, RefusalIsAn2000WithAnEmptyDres) {
  Response r = handler_.handle(notify("/id-in", dreqFor("Cnobody", 2)));
  ASSERT_EQ(r.status_code, Rsc::kOk);
  EXPECT_EQ(r.content, Json::parse(R"({"m2m:seci":{"sit":2,"dres":{}}})"));
}

TEST_F(DasHandlerTest, RefusesCsesNotAllowedWith4103) {
  for (const char* from : {"/id-mn", "", "Cgrant", "//evil.example.com/id-in", "/id-in/Cae"}) {
    Response r = handler_.handle(notify(from, dreqFor("Cgrant", 2)));
    EXPECT_EQ(r.status_code, Rsc::kOriginatorHasNoPrivilege) << from;
    EXPECT_EQ(r.reason, "das.cse_not_allowed") << from;
    EXPECT_EQ(r.request_id, "rq-1");
  }
}

TEST_F(DasHandlerTest, ComparesAllowedCsesInAbsoluteForm) {
  EXPECT_TRUE(handler_.isAllowed("/id-in"));
  EXPECT_TRUE(handler_.isAllowed("//citadel.example.com/id-in"));
  EXPECT_TRUE(handler_.isAllowed("/id-x") == false);
  EXPECT_TRUE(handler_.isAllowed("//other.example.com/id-x"));
  EXPECT_EQ(
      handler_.handle(notify("//citadel.example.com/id-in", dreqFor("Cgrant", 2))).status_code,
      Rsc::kOk);
}

TEST_F(DasHandlerTest, RefusesOperationsOtherThanNotifyWith4005) {
  for (Operation op :
       {Operation::kCreate, Operation::kRetrieve, Operation::kUpdate, Operation::kDelete}) {
    Request r = notify("/id-in", dreqFor("Cgrant", 2));
    r.operation = op;
    Response response = handler_.handle(std::move(r));
    EXPECT_EQ(response.status_code, Rsc::kOperationNotAllowed) << static_cast<int>(op);
    EXPECT_EQ(response.reason, "das.not_notify");
  }
}

TEST_F(DasHandlerTest, RefusesMalformedContentWith4000AndADbg) {
  Request no_content = notify("/id-in", {});
  no_content.content = nullptr;
  Response r = handler_.handle(std::move(no_content));
  EXPECT_EQ(r.status_code, Rsc::kBadRequest);
  EXPECT_NE(r.content["m2m:dbg"].get<std::string>().find("m2m:seci"), std::string::npos);

  Response bad_op =
      handler_.handle(notify("/id-in", {{"or", "Cgrant"}, {"op", "R"}, {"trid", "x"}}));
  EXPECT_EQ(bad_op.status_code, Rsc::kBadRequest);
  EXPECT_EQ(bad_op.content["m2m:dbg"], "dreq.op: expected an integer 1..5");
  EXPECT_EQ(bad_op.reason, "das.bad_request");
}

TEST_F(DasHandlerTest, IssuesTokensAndReturnsThemByIdToTheSameHolderInAnyForm) {
  Response issued = handler_.handle(notify("/id-in", dreqFor("Ctoken", 4)));
  ASSERT_EQ(issued.status_code, Rsc::kOk);
  ASSERT_EQ(dres(issued)["tkns"].size(), 1u);
  EXPECT_EQ(handler_.issuedTokensForTest().size(), 1u);

  // The CSE asks again with the absolute form of the same AE and the token ID.
  Json by_id = dreqFor("//citadel.example.com/id-in/Ctoken", 4);
  by_id["tids"] = {"n1@das.example.com"};
  Response fetched = handler_.handle(notify("/id-in", by_id));
  ASSERT_EQ(fetched.status_code, Rsc::kOk);
  EXPECT_EQ(dres(fetched)["tkns"], dres(issued)["tkns"]);

  // Another AE naming the same token ID learns nothing.
  Json stranger = dreqFor("Cstranger", 4);
  stranger["tids"] = {"n1@das.example.com"};
  EXPECT_EQ(dres(handler_.handle(notify("/id-in", stranger))), Json::object());
}

TEST_F(DasHandlerTest, ShutdownCutsADelayShort) {
  auto pending = std::async(std::launch::async, [this] {
    return handler_.handle(notify("/id-in", dreqFor("Cslow", 2)));
  });
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout)
      << "the rule's delay=30000 holds the answer back";
  handler_.shutdown();
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  Response r = pending.get();
  EXPECT_EQ(r.status_code, Rsc::kOk);
  EXPECT_TRUE(dres(r).contains("dai"));
  // After shutdown, delays are skipped.
  auto later = std::async(std::launch::async, [this] {
    return handler_.handle(notify("/id-in", dreqFor("Cslow", 2)));
  });
  EXPECT_EQ(later.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}


Request relationship(Json darq) {
  Request r = notify("/id-in", Json());
  r.content = {{"m2m:seci", {{"sit", 7}, {"darq", std::move(darq)}}}};
  return r;
}

TEST_F(DasHandlerTest, AsksForTheAuthorSignOnlyWhenTheCseSaysTheAeCanSign) {
  Json asking = dreqFor("Ctoken", 2);
  asking["asi"] = true;
  EXPECT_EQ(dres(handler_.handle(notify("/id-in", asking))).value("asri", false), true);
  EXPECT_FALSE(dres(handler_.handle(notify("/id-in", dreqFor("Ctoken", 2)))).contains("asri"));
  // Not for a grant: there is no token to sign.
  Json grant = dreqFor("Cgrant", 2);
  grant["asi"] = true;
  EXPECT_FALSE(dres(handler_.handle(notify("/id-in", grant))).contains("asri"));
  Json bad = dreqFor("Ctoken", 2);
  bad["asi"] = "yes";
  EXPECT_EQ(handler_.handle(notify("/id-in", bad)).status_code, Rsc::kBadRequest);
}

TEST_F(DasHandlerTest, RecordsAuthorSignsOfTheHolderAndAnswersThemToTheCse) {
  ASSERT_EQ(handler_.handle(notify("/id-in", dreqFor("Ctoken", 2))).status_code, Rsc::kOk);
  const std::string id = "n1@das.example.com";
  // Another AE cannot record a signature for it.
  Response stranger = handler_.handle(
      relationship({{"or", "Cstranger"}, {"tids", {id}}, {"aus", {"c3RyYW5nZXI"}}}));
  ASSERT_EQ(stranger.status_code, Rsc::kOk);
  EXPECT_EQ(stranger.content["m2m:seci"]["sit"], 8);
  EXPECT_EQ(stranger.content["m2m:seci"]["dars"], Json::object());
  // The holder can (in any ID form), and the CSE gets the record back by token ID.
  Response recorded = handler_.handle(relationship(
      {{"or", "//citadel.example.com/id-in/Ctoken"}, {"tids", {id}}, {"aus", {"aG9sZGVy"}}}));
  EXPECT_EQ(recorded.content["m2m:seci"]["dars"]["tids"], Json::array({id}));
  Response asked = handler_.handle(relationship({{"tids", {id}}, {"asri", true}}));
  EXPECT_EQ(asked.content["m2m:seci"]["dars"]["signature"], Json::array({"aG9sZGVy"}));
  EXPECT_EQ(handler_.handle(relationship({{"tids", {"n9@das.example.com"}}, {"asri", true}}))
                .content["m2m:seci"]["dars"],
            Json::object());
  // Gone with the token.
  clock_.advance(std::chrono::seconds(61));
  EXPECT_EQ(handler_.handle(relationship({{"tids", {id}}, {"asri", true}}))
                .content["m2m:seci"]["dars"],
            Json::object());
}

TEST_F(DasHandlerTest, RefusesMalformedRelationshipRequestsWith4000) {
  for (const Json& darq : {Json{{"aus", {"x"}}, {"or", "Ca"}},              // no tids
                           Json{{"tids", {"t@x"}}},                         // neither
                           Json{{"tids", {"t@x"}}, {"aus", {"x"}}},         // aus without or
                           Json{{"tids", {"t@x"}}, {"aus", {"x"}}, {"or", "Ca"}, {"asri", true}},
                           Json{{"tids", "t@x"}, {"asri", true}},
                           Json{{"tids", {"t@x"}}, {"asri", "true"}},
                           Json{{"tids", {"t@x"}}, {"asri", true}, {"tkns", {1}}}}) {
    Response r = handler_.handle(relationship(darq));
    EXPECT_EQ(r.status_code, Rsc::kBadRequest) << darq;
  }
  Request no_darq = notify("/id-in", Json());
  no_darq.content = {{"m2m:seci", {{"sit", 7}}}};
  EXPECT_EQ(handler_.handle(no_darq).status_code, Rsc::kBadRequest);
}

}  // namespace
}  // namespace citadel::tools::das
