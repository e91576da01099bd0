// Direct dynamic authorization (TS-0003 §7.3.2.2) and role validity through the whole engine on
// an injected clock: the DAS is a scripted PrimitiveSender, so each test states exactly what the
// DAS answers and checks what the CSE asked, what it decided and how long a cached grant or a
// DAS-issued token lasts. The same flows over the real bindings and the real citadel-das are in
// tests/integration/token_access_test.cpp.
#include <gtest/gtest.h>

#include <functional>
#include <mutex>
#include <optional>

#include "security/token/token_minter.h"
#include "tests/support/in_process_cse.h"

namespace citadel::testing {
namespace {

using model::Json;
using model::Rsc;
using std::chrono::seconds;

constexpr const char* kDasUri = "http://das.test:9000/das";
constexpr const char* kIssuer = "das.citadel.example.com";
const std::string kSecret(32, 'k');
// Another issuer this CSE trusts, but not one the DAS speaks for (das.tokenIssuers).
constexpr const char* kOtherIssuer = "authority.example.com";
const std::string kOtherSecret(32, 'o');

// A DAS whose answer each test scripts; records every consultation.
class ScriptedDas final : public model::PrimitiveSender {
 public:
  using Answer = std::function<model::Response(const model::Request&)>;
  model::Response send(const std::string& target, const model::Request& request) override {
    std::lock_guard lock(mutex_);
    targets_.push_back(target);
    requests_.push_back(request);
    return answer_ ? answer_(request) : model::Response{};
  }
  void answer(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  size_t consultations() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  model::Request last() const {
    std::lock_guard lock(mutex_);
    return requests_.back();
  }
  std::string lastTarget() const {
    std::lock_guard lock(mutex_);
    return targets_.back();
  }

 private:
  mutable std::mutex mutex_;
  Answer answer_;
  std::vector<std::string> targets_;
  std::vector<model::Request> requests_;
};

model::Response dasAnswer(Json dres) {
  model::Response response;
  response.status_code = Rsc::kOk;
  response.content = {{"m2m:seci", {{"sit", 2}, {"dres", std::move(dres)}}}};
  return response;
}

class DynamicAuthorizationTest : public ::testing::Test {
 protected:
  DynamicAuthorizationTest() {
    services_.local_tokens = &tokens_;
    services_.grants = &grants_;
    services_.das_sender = &das_;
    services_.role_authorities = {{"authority.example.com", ""}};
    services_.das_token_issuers = {{kIssuer, kDasUri}};
    InProcessOptions options;
    options.authorization = &services_;
    cse_ = std::make_unique<InProcessCse>(options);
    security::token::TrustedIssuers issuers;
    key_ = security::token::JwsKey::hs256FromSecret(kSecret).value();
    EXPECT_TRUE(issuers.add(kIssuer, key_).isOk());
    EXPECT_TRUE(issuers.add(kOtherIssuer, other_key_).isOk());
    verifier_.emplace(std::move(issuers), cse_->clock());
    services_.verifier = &*verifier_;

    reader_ = cse_->registerAe("reader");
    model::Response dac = cse_->create(
        InProcessCse::kAdmin, "cse-in", 34,
        {{"m2m:dac", {{"rn", "dac"}, {"dae", true}, {"dap", {kDasUri}}}}});
    EXPECT_EQ(dac.status_code, Rsc::kCreated) << dac.content.dump();
    // Created by the admin without acpi: only the admin may touch it, so the reader is denied
    // by the ACP decision and the DAC decides.
    model::Response cnt = cse_->create(
        InProcessCse::kAdmin, "cse-in", 3,
        {{"m2m:cnt", {{"rn", "guarded"}, {"daci", {"cse-in/dac"}}}}});
    EXPECT_EQ(cnt.status_code, Rsc::kCreated) << cnt.content.dump();
    container_ri_ = cnt.content["m2m:cnt"].value("ri", "");
    model::Response open = cse_->create(InProcessCse::kAdmin, "cse-in", 3,
                                        {{"m2m:cnt", {{"rn", "unguarded"}}}});
    EXPECT_EQ(open.status_code, Rsc::kCreated) << open.content.dump();
  }

  std::string readerAbsolute() const { return "//citadel.example.com/id-in/" + reader_; }

  model::Response retrieve(const std::string& to, bool token_request = false,
                           std::vector<std::string> ltids = {}) {
    model::Request request;
    request.operation = model::Operation::kRetrieve;
    request.to = to;
    request.originator = reader_;
    request.request_id = "r" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.transport.binding = model::Binding::kHttp;
    request.transport.peer_address = "127.0.0.1";
    if (token_request) request.token_request_indicator = true;
    request.local_token_ids = std::move(ltids);
    return cse_->handle(std::move(request));
  }

  Json readRule(const std::string& originator) {
    return {{"acr", {{{"acor", {originator}}, {"acop", 2}}}}};
  }

  // A token for the reader on the guarded container, by `issuer` (kIssuer: key_, otherwise
  // other_key_).
  std::string mint(seconds ttl, const std::string& issuer = kIssuer) {
    security::token::TokenClaims claims;
    claims.version = "1";
    claims.token_id = "t" + std::to_string(++counter_) + "@" + issuer;
    claims.holder = readerAbsolute();
    claims.issuer = issuer;
    claims.not_before = cse_->clock().now();
    claims.not_after = cse_->clock().now() + ttl;
    claims.audience = std::vector<std::string>{"//citadel.example.com/id-in"};
    security::token::TokenPermission permission;
    permission.resource_ids = std::vector<std::string>{container_ri_};
    permission.privileges = readRule(readerAbsolute());
    claims.permissions = std::vector<security::token::TokenPermission>{permission};
    return security::token::mintToken(claims, issuer == kIssuer ? key_ : other_key_).value();
  }

  ScriptedDas das_;
  security::LocalTokenStore tokens_;
  security::DynamicGrantCache grants_;
  security::AuthorizationServices services_;
  std::unique_ptr<InProcessCse> cse_;
  security::token::JwsKey key_ = security::token::JwsKey::hs256FromSecret(kSecret).value();
  security::token::JwsKey other_key_ =
      security::token::JwsKey::hs256FromSecret(kOtherSecret).value();
  std::optional<security::token::TokenVerifier> verifier_;
  std::string reader_;
  std::string container_ri_;
  int counter_ = 0;
};

TEST_F(DynamicAuthorizationTest, TheConsultationNamesOriginatorOperationAndTarget) {
  das_.answer([](const model::Request&) { return dasAnswer(Json::object()); });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  ASSERT_EQ(das_.consultations(), 1u);
  model::Request notify = das_.last();
  EXPECT_EQ(das_.lastTarget(), kDasUri);
  EXPECT_EQ(notify.operation, model::Operation::kNotify);
  EXPECT_EQ(notify.originator, "/id-in");
  const Json& seci = notify.content["m2m:seci"];
  EXPECT_EQ(seci["sit"], 1);
  EXPECT_EQ(seci["dreq"]["or"], readerAbsolute());
  EXPECT_EQ(seci["dreq"]["op"], 2);
  EXPECT_EQ(seci["dreq"]["trid"], container_ri_);
  EXPECT_EQ(seci["dreq"]["trt"], 3);
  EXPECT_EQ(seci["dreq"]["oip"]["ip4"], "127.0.0.1");
}

TEST_F(DynamicAuthorizationTest, NoApplicableDacMeansNoConsultation) {
  EXPECT_EQ(retrieve("cse-in/unguarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(das_.consultations(), 0u);
}

TEST_F(DynamicAuthorizationTest, ADisabledDacIsNotConsulted) {
  ASSERT_EQ(cse_->update(InProcessCse::kAdmin, "cse-in/dac", {{"m2m:dac", {{"dae", false}}}})
                .status_code,
            Rsc::kUpdated);
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(das_.consultations(), 0u);
}

TEST_F(DynamicAuthorizationTest, AGrantWithoutLifetimeCoversThisRequestOnly) {
  das_.answer([&](const model::Request&) {
    return dasAnswer({{"dai", {{"gp", readRule(readerAbsolute())}}}});
  });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  EXPECT_EQ(das_.consultations(), 2u);  // asked again: nothing was cached
  EXPECT_EQ(grants_.size(), 0u);
}

TEST_F(DynamicAuthorizationTest, ACachedGrantExpiresOnTime) {
  das_.answer([&](const model::Request&) {
    return dasAnswer({{"dai", {{"gp", readRule(readerAbsolute())}, {"pl", "60000"}}}});
  });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  das_.answer([](const model::Request&) { return dasAnswer(Json::object()); });
  cse_->clock().advance(seconds(59));
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  EXPECT_EQ(das_.consultations(), 1u);  // served from the cached grant
  cse_->clock().advance(seconds(1));  // exactly 60 s: the lifetime is over
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(das_.consultations(), 2u);
}

TEST_F(DynamicAuthorizationTest, AGrantForAnotherOriginatorGrantsNothing) {
  das_.answer([&](const model::Request&) {
    return dasAnswer({{"dai", {{"gp", readRule("//citadel.example.com/id-in/Cother")},
                               {"pl", "60000"}}}});
  });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(DynamicAuthorizationTest, RefusalTimeoutAndUnreachableDeny) {
  for (Rsc rsc : {Rsc::kRequestTimeout, Rsc::kTargetNotReachable, Rsc::kOriginatorHasNoPrivilege}) {
    das_.answer([rsc](const model::Request&) {
      model::Response response;
      response.status_code = rsc;
      return response;
    });
    EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege)
        << static_cast<int>(rsc);
  }
}

TEST_F(DynamicAuthorizationTest, MalformedAnswersDenyWithoutCrashing) {
  std::vector<Json> contents = {
      Json("text"),
      {{"m2m:seci", {{"sit", 1}}}},
      {{"m2m:seci", {{"sit", "2"}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", 5}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", "all"}}}}}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", {{"acr", 1}}}}}}}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", readRule("all")}, {"pl", "soon"}}}}}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", "a.b.c"}}}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {1, 2}}}}}}},
      {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {"not-a-token", "a.b.c"}}}}}}},
  };
  for (const auto& content : contents) {
    das_.answer([content](const model::Request&) {
      model::Response response;
      response.status_code = Rsc::kOk;
      response.content = content;
      return response;
    });
    EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege)
        << content.dump();
  }
}

TEST_F(DynamicAuthorizationTest, ATokenFromTheDasIsKeptForItsHolderUntilItExpires) {
  std::string token = mint(seconds(120));
  das_.answer([&](const model::Request&) { return dasAnswer({{"tkns", {token}}}); });
  model::Response first = retrieve("cse-in/guarded");
  ASSERT_EQ(first.status_code, Rsc::kOk) << first.content.dump();
  ASSERT_TRUE(first.assigned_token_identifiers.is_object());
  std::string lti = first.assigned_token_identifiers["ltia"][0].value("lti", "");
  EXPECT_FALSE(lti.empty());
  das_.answer([](const model::Request&) { return dasAnswer(Json::object()); });
  // The holder's next request uses the stored token without asking the DAS, with or without
  // the local token ID.
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  EXPECT_EQ(retrieve("cse-in/guarded", false, {lti}).status_code, Rsc::kOk);
  EXPECT_EQ(das_.consultations(), 1u);
  cse_->clock().advance(seconds(120));  // exp reached
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(retrieve("cse-in/guarded", false, {lti}).status_code,
            Rsc::kOriginatorHasNoPrivilege);  // the local ID went with its token
  EXPECT_EQ(das_.consultations(), 2u);
}

TEST_F(DynamicAuthorizationTest, ATokenFromTheDasForSomeoneElseIsNotUsed) {
  security::token::TokenClaims claims;
  claims.version = "1";
  claims.token_id = "foreign@das.citadel.example.com";
  claims.holder = "//citadel.example.com/id-in/Cother";
  claims.issuer = kIssuer;
  claims.not_before = cse_->clock().now();
  claims.not_after = cse_->clock().now() + seconds(60);
  std::string token = security::token::mintToken(claims, key_).value();
  das_.answer([&](const model::Request&) { return dasAnswer({{"tkns", {token}}}); });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(tokens_.size(), 0u);
}

// Issue 15 #19: a DAS speaks for its own issuer only. A token of another issuer this CSE
// trusts, returned by the DAS, is neither used nor remembered; the same token from the DAS's
// own issuer is.
TEST_F(DynamicAuthorizationTest, ATokenFromTheDasInAnotherIssuersNameIsRefused) {
  std::string foreign = mint(seconds(120), kOtherIssuer);
  das_.answer([&](const model::Request&) { return dasAnswer({{"tkns", {foreign}}}); });
  model::Response refused = retrieve("cse-in/guarded");
  EXPECT_EQ(refused.status_code, Rsc::kOriginatorHasNoPrivilege) << refused.content.dump();
  EXPECT_EQ(tokens_.size(), 0u) << "not remembered";
  std::string own = mint(seconds(120));
  das_.answer([&](const model::Request&) { return dasAnswer({{"tkns", {own}}}); });
  EXPECT_EQ(retrieve("cse-in/guarded").status_code, Rsc::kOk);
  EXPECT_EQ(tokens_.size(), 1u);
}

TEST_F(DynamicAuthorizationTest, TokenRequestIndicatorGetsTokenRequestInformation) {
  das_.answer([](const model::Request&) { return dasAnswer(Json::object()); });
  model::Response denied = retrieve("cse-in/guarded", true);
  EXPECT_EQ(denied.status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_TRUE(denied.content.is_null()) << "no dbg next to tqf (TS-0009 §6.5)";
  ASSERT_TRUE(denied.token_request_information.is_object());
  EXPECT_EQ(denied.token_request_information["dasi"][0]["uri"], kDasUri);
  // Without tqi, or without a DAC, there is no tqf.
  EXPECT_TRUE(retrieve("cse-in/guarded").token_request_information.is_null());
  EXPECT_TRUE(retrieve("cse-in/unguarded", true).token_request_information.is_null());
}

TEST_F(DynamicAuthorizationTest, ARoleStopsCountingWhenItsWindowCloses) {
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 1,
                         {{"m2m:acp",
                           {{"rn", "byrole"},
                            {"pv", {{"acr", {{{"acor", {"reader@authority.example.com"}},
                                              {"acop", 2}}}}}},
                            {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}}}})
                .status_code,
            Rsc::kCreated);
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 3,
                         {{"m2m:cnt", {{"rn", "rolecnt"}, {"acpi", {"cse-in/byrole"}}}}})
                .status_code,
            Rsc::kCreated);
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 31,
                         {{"m2m:rol",
                           {{"rlid", "reader@authority.example.com"},
                            {"tkis", "authority.example.com"},
                            {"tkhd", readerAbsolute()},
                            {"tknb", cse_->clock().timestamp(seconds(-60))},
                            {"tkna", cse_->clock().timestamp(seconds(60))}}}})
                .status_code,
            Rsc::kCreated);
  auto withRole = [&] {
    model::Request request;
    request.operation = model::Operation::kRetrieve;
    request.to = "cse-in/rolecnt";
    request.originator = reader_;
    request.request_id = "role" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.role_ids = {"reader@authority.example.com"};
    return cse_->handle(std::move(request)).status_code;
  };
  EXPECT_EQ(withRole(), Rsc::kOk);
  cse_->clock().advance(seconds(61));
  EXPECT_EQ(withRole(), Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(DynamicAuthorizationTest, ATokenIdUnknownHereIsFetchedFromTheDas) {
  std::string token = mint(seconds(120));
  std::string tkid = "t" + std::to_string(counter_) + "@" + kIssuer;
  das_.answer([&](const model::Request& request) {
    const Json& dreq = request.content["m2m:seci"]["dreq"];
    if (dreq.contains("tids") && dreq["tids"][0] == tkid) {
      return dasAnswer({{"tkns", {token}}});
    }
    return dasAnswer(Json::object());
  });
  model::Request request;
  request.operation = model::Operation::kRetrieve;
  request.to = "cse-in/guarded";
  request.originator = reader_;
  request.request_id = "tids1";
  request.release_version_indicator = "3";
  request.token_ids = {tkid};
  model::Response fetched = cse_->handle(request);
  EXPECT_EQ(fetched.status_code, Rsc::kOk) << fetched.content.dump();
  ASSERT_EQ(das_.consultations(), 1u) << "one NOTIFY fetched the token; no consultation followed";
  EXPECT_EQ(das_.last().content["m2m:seci"]["dreq"]["tids"][0], tkid);
  request.request_id = "tids2";
  request.token_ids = {"unknown@" + std::string(kIssuer)};
  EXPECT_EQ(cse_->handle(request).status_code, Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(DynamicAuthorizationTest, ARoleInADasTokenCountsInTheSameRequest) {
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 1,
                         {{"m2m:acp",
                           {{"rn", "shift"},
                            {"pv", {{"acr", {{{"acor", {"shift@das.citadel.example.com"}},
                                              {"acop", 2}}}}}},
                            {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}}}})
                .status_code,
            Rsc::kCreated);
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 3,
                         {{"m2m:cnt",
                           {{"rn", "shifted"}, {"acpi", {"cse-in/shift"}}, {"daci", {"cse-in/dac"}}}}})
                .status_code,
            Rsc::kCreated);
  security::token::TokenClaims claims;
  claims.version = "1";
  claims.token_id = "shift-token@das.citadel.example.com";
  claims.holder = readerAbsolute();
  claims.issuer = kIssuer;
  claims.not_before = cse_->clock().now();
  claims.not_after = cse_->clock().now() + seconds(60);
  security::token::TokenPermission permission;  // the role only, no privileges
  permission.role_ids = std::vector<std::string>{"shift@das.citadel.example.com"};
  claims.permissions = std::vector<security::token::TokenPermission>{permission};
  std::string token = security::token::mintToken(claims, key_).value();
  das_.answer([&](const model::Request&) { return dasAnswer({{"tkns", {token}}}); });
  EXPECT_EQ(retrieve("cse-in/shifted").status_code, Rsc::kOk);
  EXPECT_EQ(das_.consultations(), 1u);
  EXPECT_EQ(retrieve("cse-in/shifted").status_code, Rsc::kOk) << "held for its holder";
  EXPECT_EQ(das_.consultations(), 1u);
}

TEST_F(DynamicAuthorizationTest, TooManyRolesOrTokensAreABadRequest) {
  model::Request request;
  request.operation = model::Operation::kRetrieve;
  request.to = "cse-in/guarded";
  request.originator = reader_;
  request.request_id = "many";
  request.release_version_indicator = "3";
  request.role_ids.assign(17, "r@authority.example.com");
  model::Response roles = cse_->handle(request);
  EXPECT_EQ(roles.status_code, Rsc::kBadRequest);
  EXPECT_NE(roles.content.value("m2m:dbg", "").find("at most 16"), std::string::npos);
  request.role_ids.clear();
  request.local_token_ids.assign(17, "ltx");
  EXPECT_EQ(cse_->handle(request).status_code, Rsc::kBadRequest);
  EXPECT_EQ(das_.consultations(), 0u);
}

TEST_F(DynamicAuthorizationTest, ATokenPermissionCanCarryARole) {
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 1,
                         {{"m2m:acp",
                           {{"rn", "operators"},
                            {"pv", {{"acr", {{{"acor", {"operator@das.citadel.example.com"}},
                                              {"acop", 2}}}}}},
                            {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}}}}})
                .status_code,
            Rsc::kCreated);
  ASSERT_EQ(cse_->create(InProcessCse::kAdmin, "cse-in", 3,
                         {{"m2m:cnt", {{"rn", "ops"}, {"acpi", {"cse-in/operators"}}}}})
                .status_code,
            Rsc::kCreated);
  security::token::TokenClaims claims;
  claims.version = "1";
  claims.token_id = "role-token@das.citadel.example.com";
  claims.holder = readerAbsolute();
  claims.issuer = kIssuer;
  claims.not_before = cse_->clock().now();
  claims.not_after = cse_->clock().now() + seconds(60);
  security::token::TokenPermission permission;  // no ris: any target; no pv: the role only
  permission.role_ids = std::vector<std::string>{"operator@das.citadel.example.com"};
  claims.permissions = std::vector<security::token::TokenPermission>{permission};
  model::Request request;
  request.operation = model::Operation::kRetrieve;
  request.to = "cse-in/ops";
  request.originator = reader_;
  request.request_id = "rt1";
  request.release_version_indicator = "3";
  request.tokens = {security::token::mintToken(claims, key_).value()};
  EXPECT_EQ(cse_->handle(request).status_code, Rsc::kOk);
  request.request_id = "rt2";
  request.tokens.clear();
  EXPECT_EQ(cse_->handle(request).status_code, Rsc::kOriginatorHasNoPrivilege)
      << "the role came with the token only";
}

}  // namespace
}  // namespace citadel::testing
