// Distributed authorization between two real citadel processes (TS-0003 §7.5.2, TS-0004
// §7.4.43): the IN-CSE is a PDP (authorization.pdp) whose policy map says which of its
// <accessControlPolicy> resources decide for targets on the MN; the MN-CSE is the PEP: its ACP
// names the IN's <authorizationDecision> resources in adri, and a request its own rules deny is
// decided by them. Checked: PERMIT and DENY enforced, NOT_APPLICABLE moves to the next PDP, a
// PDP that is not there denies within das.timeout, the request attributes are gone from the
// <authorizationDecision> after the answer, a requester the PDP does not serve is refused, and
// an UPDATE carrying anything but request attributes is a BAD_REQUEST.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "security/token/token_minter.h"
#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_cse.h"
#include "tests/support/test_keys.h"

namespace citadel::testing {
namespace {

using Clock = std::chrono::steady_clock;

// pdpNA has no policy for the MN's targets (NOT_APPLICABLE); pdp has fleetAcp for everything
// at or below /id-mn/cse-mn/fleet; the PRP "prp" hands out depotAcp for /id-mn/cse-mn/depot.
// What no local entry covers, the PDP asks the PRP of a third CSE (id-prp) about.
std::vector<std::string> pdpArgs() {
  std::vector<std::string> args = inCseArgs();
  args.push_back("--authorization.pdp=true");
  args.push_back("--authorization.prp=true");
  args.push_back("--authorization.pip=true");
  args.push_back("--authorization.requesters=/id-mn");
  args.push_back("--authorization.policies=pdp:/id-mn/cse-mn/fleet=cse-in/fleetAcp,"
                 "prp:/id-mn/cse-mn/depot=cse-in/depotAcp");
  args.push_back("--authorization.policySources=/id-prp/cse-prp/store");
  // Roles of yard.example.com are held by the third CSE's PIP.
  args.push_back("--authorization.repositories=yard.example.com=/id-prp/cse-prp/pip");
  args.push_back("--role.issuers=yard.example.com");
  return args;
}

// A TCP port that accepts connections (the kernel's backlog) and never answers: a PDP that hangs.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0 && listen(fd_, 8) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~SilentListener() { close(fd_); }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

constexpr const char* kTokenIssuer = "tokens.example.com";

class DistributedAuthorizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The MN trusts tokens of tokens.example.com and finds those it does not hold in the IN's
    // Token Repository (the IN's PIP).
    auto [private_pem, public_pem] = generateP256();
    token_key_ = std::make_unique<security::token::JwsKey>(
        security::token::JwsKey::es256FromPem(private_pem).value());
    std::ofstream(dir_.file("issuer.pub.pem")) << public_pem;
    std::ofstream(dir_.file("issuers")) << kTokenIssuer << " ES256 issuer.pub.pem\n";
    std::vector<std::string> in_args = pdpArgs();
    in_args.push_back("--token.issuers=" + dir_.file("issuers"));  // the PDP weighs tokens too
    in_ = std::make_unique<TestCse>(in_args);
    ASSERT_TRUE(in_->running());
    mn_ = std::make_unique<TestCse>(mnCseArgs(
        in_->port(), {"--das.timeout=700",
                      "--role.issuers=roles.example.com,keepers.example.com",
                      "--token.issuers=" + dir_.file("issuers"),
                      "--authorization.repositories=" + std::string(kTokenIssuer) +
                          "=/id-in/cse-in/pip,keepers.example.com=/id-in/cse-in/pip"}));
    ASSERT_TRUE(mn_->running());
    in_http_ = std::make_unique<HttpClient>(in_->port());
    mn_http_ = std::make_unique<HttpClient>(mn_->port());
    ASSERT_TRUE(waitUntil(
        [&] {
          return in_http_->retrieve("CAdmin", "/cse-in/id-mn").rsc == 2000 &&
                 mn_http_->retrieve("CAdmin", "/cse-mn/id-in").rsc == 2000;
        },
        kRegistrationWait));

    // The IN: the policy that decides for the fleet, who may ask its PDPs (the MN: UPDATE), and
    // the two <authorizationDecision> resources.
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 1,
                               acpBody("fleetAcp", {{{"acor", {"/id-mn/Cgood"}}, {"acop", 2}}}))
                  .rsc,
              2001);
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 1,
                               acpBody("depotAcp", {{{"acor", {"/id-mn/Cgood"}}, {"acop", 6}}}))
                  .rsc,
              2001);
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 1,
                               acpBody("askers", {{{"acor", {"/id-mn"}}, {"acop", 4}}}))
                  .rsc,
              2001);
    for (const char* name : {"pdpNA", "pdp"}) {
      HttpResult made = in_http_->create(
          "CAdmin", "/cse-in", 35, {{"m2m:auds", {{"rn", name}, {"acpi", {"cse-in/askers"}}}}});
      ASSERT_EQ(made.rsc, 2001) << made;
    }
    HttpResult prp = in_http_->create(
        "CAdmin", "/cse-in", 36, {{"m2m:aupy", {{"rn", "prp"}, {"acpi", {"cse-in/askers"}}}}});
    ASSERT_EQ(prp.rsc, 2001) << prp;
    // The IN is also the Role Repository of the fleet's drivers, answering as a PIP.
    HttpResult pip = in_http_->create(
        "CAdmin", "/cse-in", 37, {{"m2m:auif", {{"rn", "pip"}, {"acpi", {"cse-in/askers"}}}}});
    ASSERT_EQ(pip.rsc, 2001) << pip;
    Json role = {{"m2m:rol",
                  {{"rn", "driverRole"}, {"rlid", "driver@roles.example.com"},
                   {"tkis", "roles.example.com"}, {"tkhd", "/id-mn/Cgood"},
                   {"tknb", "20200101T000000"}, {"tkna", "20991231T000000"}}}};
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 31, role).rsc, 2001);
    role["m2m:rol"]["rn"] = "keeperRole";
    role["m2m:rol"]["rlid"] = "keeper@keepers.example.com";
    role["m2m:rol"]["tkis"] = "keepers.example.com";
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 31, role).rsc, 2001);
    // The MN: a container whose ACP grants nothing itself and names both PDPs, in order.
    ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                               acpBody("pepAcp", Json::array(),
                                      {{"adri", {"/id-in/cse-in/pdpNA", "/id-in/cse-in/pdp"}}}))
                  .rsc,
              2001);
    Json fleet = {{"m2m:cnt", {{"rn", "fleet"}, {"acpi", {"cse-mn/pepAcp"}}}}};
    ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, fleet).rsc, 2001);
    // And one whose ACP names the IN's PRP: the MN decides itself with the IN's policies.
    ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                               acpBody("remoteRules", Json::array(),
                                      {{"apri", {"/id-in/cse-in/prp"}}}))
                  .rsc,
              2001);
    Json depot = {{"m2m:cnt", {{"rn", "depot"}, {"acpi", {"cse-mn/remoteRules"}}}}};
    ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, depot).rsc, 2001);
    for (const char* name : {"good", "bad"}) {
      ASSERT_EQ(mn_http_->create(std::string("C") + name, "/cse-mn", 2, treeAeBody(name)).rsc,
                2001);
    }
  }

  // A token of tokens.example.com for `holder`, audience the MN, granting `acop` on `ri`.
  std::string mint(const std::string& id, const std::string& holder, const std::string& ri,
                   int acop) {
    model::TimePoint now = std::chrono::system_clock::now();
    security::token::TokenClaims claims;
    claims.version = "1";
    claims.token_id = id;
    claims.holder = holder;
    claims.issuer = kTokenIssuer;
    claims.not_before = now - std::chrono::minutes(1);
    claims.not_after = now + std::chrono::minutes(10);
    claims.audience = std::vector<std::string>{"//citadel.example.com/id-mn"};
    security::token::TokenPermission permission;
    permission.resource_ids = std::vector<std::string>{ri};
    permission.privileges = Json{{"acr", {{{"acor", {holder}}, {"acop", acop}}}}};
    claims.permissions = std::vector<security::token::TokenPermission>{permission};
    auto minted = security::token::mintToken(claims, *token_key_);
    EXPECT_TRUE(minted.isOk());
    return minted.isOk() ? minted.value() : "";
  }

  TempDir dir_;
  std::unique_ptr<security::token::JwsKey> token_key_;
  std::unique_ptr<TestCse> in_;
  std::unique_ptr<TestCse> mn_;
  std::unique_ptr<HttpClient> in_http_;
  std::unique_ptr<HttpClient> mn_http_;
};

TEST_F(DistributedAuthorizationTest, TheMnEnforcesWhatThePdpOnTheInDecides) {
  // Someone watching the PDP resource learns that it was used, never what was asked.
  NotificationReceiver watcher;
  Json sub = {{"m2m:sub", {{"rn", "watch"}, {"nu", {watcher.url("/w")}},
                           {"enc", {{"net", {1}}}}}}};
  ASSERT_EQ(in_http_->create("CAdmin", "/cse-in/pdp", 23, sub).rsc, 2001);
  // Cgood: pdpNA is not applicable, pdp permits RETRIEVE by fleetAcp.
  HttpResult granted = mn_http_->retrieve("Cgood", "/cse-mn/fleet");
  EXPECT_EQ(granted.rsc, 2000) << granted;
  // The same PDP denies an UPDATE (fleetAcp grants RETRIEVE only) and Cbad anything.
  EXPECT_EQ(mn_http_->update("Cgood", "/cse-mn/fleet", {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc,
            4103);
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/fleet").rsc, 4103);
  // No request attribute and no decision stays on either PDP resource.
  for (const char* name : {"/cse-in/pdp", "/cse-in/pdpNA"}) {
    HttpResult after = in_http_->retrieve("CAdmin", name);
    ASSERT_EQ(after.rsc, 2000) << after;
    for (const char* attribute : {"to", "fr", "op", "rtm", "oip", "dec", "sus"}) {
      EXPECT_FALSE(after.resource().contains(attribute)) << name << " keeps " << attribute;
    }
  }
  ASSERT_TRUE(watcher.waitForEvents("/w", 3, std::chrono::seconds(10)));
  for (const ReceivedRequest& event : watcher.eventsTo("/w")) {
    EXPECT_EQ(event.body.find("\"fr\""), std::string::npos) << event.body;
    EXPECT_EQ(event.body.find("Cgood"), std::string::npos) << event.body;
    EXPECT_EQ(event.body.find("\"dec\""), std::string::npos) << event.body;
  }
}

TEST_F(DistributedAuthorizationTest, AnAdriEntryWithoutAnAnsweringPdpDeniesWithinTheBound) {
  // One PDP on a registered CSE that accepts the connection and never answers, given up after
  // das.timeout (700 ms); then one on a CSE nobody knows (the IN answers 4004): no decision
  // from either, and the request stays denied.
  SilentListener silent;
  ASSERT_NE(silent.port(), 0);
  Json dead_csr = {{"m2m:csr",
                    {{"cst", 2}, {"cb", "/id-dead/cse-dead"}, {"rr", true}, {"srv", {"3"}},
                     {"poa", {"http://127.0.0.1:" + std::to_string(silent.port())}}}}};
  ASSERT_EQ(mn_http_->create("/id-dead", "/cse-mn", 16, dead_csr).rsc, 2001);
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                             acpBody("lostAcp", Json::array(),
                                    {{"adri", {"/id-dead/cse-dead/pdp", "/id-nowhere/cse/pdp"}}}))
                .rsc,
            2001);
  Json lost = {{"m2m:cnt", {{"rn", "lost"}, {"acpi", {"cse-mn/lostAcp"}}}}};
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, lost).rsc, 2001);
  auto start = Clock::now();
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/lost").rsc, 4103);
  auto took = Clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(600));  // it did wait for the silent PDP
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST_F(DistributedAuthorizationTest, ThePdpAnswersOnlyTheRequestersItServes) {
  Json request = {{"m2m:auds", {{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2}}}};
  // The admin of the IN may UPDATE it (the CSEBase's rules), but is not a served requester.
  HttpResult refused = in_http_->update("CAdmin", "/cse-in/pdp", request);
  EXPECT_EQ(refused.rsc, 4103) << refused;
  // An UPDATE of only common attributes is an ordinary UPDATE, even when bound.
  HttpResult labelled = in_http_->update("CAdmin", "/cse-in/pdp", {{"m2m:auds", {{"lbl", {"a"}}}}});
  EXPECT_EQ(labelled.rsc, 2004) << labelled;
}

TEST_F(DistributedAuthorizationTest, ADecisionRequestIsCheckedAsTheSpecSays) {
  // As the MN would send them, straight to the PDP (the IN admits /id-mn from loopback).
  auto ask = [&](const Json& attributes) {
    return in_http_->update("/id-mn", "/cse-in/pdp", {{"m2m:auds", attributes}});
  };
  HttpResult permit = ask({{"to", "/id-mn/cse-mn/fleet/x"}, {"fr", "/id-mn/Cgood"}, {"op", 2}});
  ASSERT_EQ(permit.rsc, 2004) << permit;
  EXPECT_EQ(permit.resource().value("dec", 0), 1);
  EXPECT_EQ(permit.resource().value("sus", 0), 1);
  HttpResult deny = ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cbad"}, {"op", 2}});
  EXPECT_EQ(deny.resource().value("dec", 0), 2) << deny;
  // Outside every prefix ("fleetX" is not below "fleet"): NOT_APPLICABLE, no decision.
  HttpResult other = ask({{"to", "/id-mn/cse-mn/fleetX"}, {"fr", "/id-mn/Cgood"}, {"op", 2}});
  EXPECT_EQ(other.resource().value("sus", 0), 2) << other;
  EXPECT_FALSE(other.resource().contains("dec"));
  // A role it does not know: MISSING_ATTRIBUTE.
  HttpResult role = ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cbad"}, {"op", 2},
                         {"rids", {"r1@roles.example.com"}}});
  EXPECT_EQ(role.resource().value("sus", 0), 3) << role;
  // Step 1: only request attributes, To/From/Operation present, formats right.
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2},
                 {"lbl", {"x"}}}).rsc, 4000);
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"op", 2}}).rsc, 4000);
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 7}}).rsc, 4000);
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2},
                 {"oip", {{"ip4", "not-an-address"}}}}).rsc, 4000);
  // Lists are bounded as a request's own rids are (16).
  Json roles = Json::array();
  for (int i = 0; i < 17; ++i) roles.push_back("r" + std::to_string(i) + "@roles.example.com");
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2},
                 {"rids", roles}}).rsc, 4000);
  // The results are not the requester's to set.
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/fleet"}, {"fr", "/id-mn/Cgood"}, {"op", 2},
                 {"dec", 1}}).rsc, 4000);
}

TEST_F(DistributedAuthorizationTest, ThePdpWeighsTheTokensOfTheRequest) {
  // TS-0003 Table 7.5.2-1 Tokens / Token IDs: fleetAcp grants Cgood RETRIEVE only; a token of
  // tokens.example.com (trusted here, audience the MN) grants it UPDATE on one box.
  auto ask = [&](Json attributes) {
    attributes["fr"] = "/id-mn/Cgood";
    attributes["op"] = 3;
    return in_http_->update("/id-mn", "/cse-in/pdp", {{"m2m:auds", attributes}});
  };
  const std::string box = "/id-mn/cse-mn/fleet/box";
  const std::string holder = "//citadel.example.com/id-mn/Cgood";
  EXPECT_EQ(ask({{"to", box}}).resource().value("dec", 0), 2);
  HttpResult with_token = ask({{"to", box}, {"tkns", {mint("pt1@tokens.example.com", holder,
                                                            "cse-mn/fleet/box", 4)}}});
  EXPECT_EQ(with_token.resource().value("dec", 0), 1) << with_token;
  EXPECT_EQ(with_token.resource().value("sus", 0), 1);
  // Its permission names the box, not the fleet: nothing on the fleet itself.
  HttpResult elsewhere = ask({{"to", "/id-mn/cse-mn/fleet"},
                              {"tkns", {mint("pt2@tokens.example.com", holder,
                                             "cse-mn/fleet/box", 4)}}});
  EXPECT_EQ(elsewhere.resource().value("dec", 0), 2) << elsewhere;
  // Another holder's token does not serve Cgood: it fails verification (SYNTAX_ERROR, no dec).
  HttpResult foreign = ask({{"to", box}, {"tkns", {mint("pt3@tokens.example.com",
                                                        "//citadel.example.com/id-mn/Cbad",
                                                        box, 4)}}});
  EXPECT_EQ(foreign.resource().value("sus", 0), 4) << foreign;
  EXPECT_FALSE(foreign.resource().contains("dec"));
  // By ID: a <token> this CSE stores counts; an ID found nowhere is MISSING_ATTRIBUTE.
  Json stored = {{"m2m:tk", {{"tkid", "pt4@tokens.example.com"},
                             {"tkob", mint("pt4@tokens.example.com", holder, box, 4)}}}};
  ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 32, stored).rsc, 2001);
  EXPECT_EQ(ask({{"to", box}, {"tids", {"pt4@tokens.example.com"}}}).resource().value("dec", 0),
            1);
  EXPECT_EQ(ask({{"to", box}, {"tids", {"pt5@tokens.example.com"}}}).resource().value("sus", 0),
            3);
  HttpResult after = in_http_->retrieve("CAdmin", "/cse-in/pdp");
  for (const char* attribute : {"tkns", "tids", "dec", "sus"}) {
    EXPECT_FALSE(after.resource().contains(attribute)) << attribute;
  }
}

TEST_F(DistributedAuthorizationTest, ThePrpHandsOutThePoliciesOfATarget) {
  auto ask = [&](const Json& attributes) {
    return in_http_->update("/id-mn", "/cse-in/prp", {{"m2m:aupy", attributes}});
  };
  HttpResult found = ask({{"to", "/id-mn/cse-mn/depot/box"}});
  ASSERT_EQ(found.rsc, 2004) << found;
  EXPECT_EQ(found.resource().value("sus", 0), 1);
  EXPECT_EQ(found.resource().value("ca", 0), 1);  // PERMIT_OVERRIDES
  Json expected = {{"pv", {{{"acr", {{{"acop", 6}, {"acor", {"/id-mn/Cgood"}}}}}}}}};
  EXPECT_EQ(found.resource()["ps"], expected) << found;
  HttpResult none = ask({{"to", "/id-mn/cse-mn/fleet"}});  // fleetAcp is the PDP's, not here
  EXPECT_EQ(none.resource().value("sus", 0), 2) << none;
  EXPECT_FALSE(none.resource().contains("ps"));
  EXPECT_EQ(ask({{"to", "/id-mn/cse-mn/depot"}, {"lbl", {"x"}}}).rsc, 4000);
  EXPECT_EQ(in_http_->update("CAdmin", "/cse-in/prp",
                             {{"m2m:aupy", {{"to", "/id-mn/cse-mn/depot"}}}}).rsc,
            4103);  // not a served requester
  HttpResult after = in_http_->retrieve("CAdmin", "/cse-in/prp");
  for (const char* attribute : {"to", "ps", "ca", "sus"}) {
    EXPECT_FALSE(after.resource().contains(attribute)) << attribute;
  }
}

TEST_F(DistributedAuthorizationTest, TheMnDecidesWithPoliciesFetchedFromThePrp) {
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/depot").rsc, 2000);
  EXPECT_EQ(mn_http_->update("Cgood", "/cse-mn/depot", {{"m2m:cnt", {{"lbl", {"ok"}}}}}).rsc,
            2004);
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/depot").rsc, 4103);
  EXPECT_EQ(mn_http_->remove("Cgood", "/cse-mn/depot").rsc, 4103);  // acop 6: R and U only
  // Who decides access is never changed on a remote word: acpi needs the local selfPrivileges.
  EXPECT_EQ(mn_http_->update("Cgood", "/cse-mn/depot",
                             {{"m2m:cnt", {{"acpi", {"cse-mn/pepAcp"}}}}}).rsc,
            4103);
}

TEST_F(DistributedAuthorizationTest, ThePipAnswersWithTheHoldersRoles) {
  auto ask = [&](const Json& attributes) {
    return in_http_->update("/id-mn", "/cse-in/pip", {{"m2m:auif", attributes}});
  };
  HttpResult found = ask({{"fr", "/id-mn/Cgood"}, {"rids", {"driver@roles.example.com"}}});
  ASSERT_EQ(found.rsc, 2004) << found;
  EXPECT_EQ(found.resource().value("sus", 0), 1);
  ASSERT_EQ(found.resource().value("m2m:rol", Json::array()).size(), 1u) << found;
  EXPECT_EQ(found.resource()["m2m:rol"][0].value("rlid", ""), "driver@roles.example.com");
  EXPECT_EQ(found.resource()["m2m:rol"][0].value("tkhd", ""), "/id-mn/Cgood");
  // Another holder's request for the same Role-ID: nothing to give.
  HttpResult other = ask({{"fr", "/id-mn/Cbad"}, {"rids", {"driver@roles.example.com"}}});
  EXPECT_EQ(other.resource().value("sus", 0), 2) << other;
  EXPECT_FALSE(other.resource().contains("m2m:rol"));
  EXPECT_EQ(ask({{"rids", {"driver@roles.example.com"}}}).rsc, 4000);  // fr is mandatory
  EXPECT_EQ(ask({{"fr", "/id-mn/Cgood"}, {"lbl", {"x"}}}).rsc, 4000);
  EXPECT_EQ(in_http_->update("CAdmin", "/cse-in/pip",
                             {{"m2m:auif", {{"fr", "/id-mn/Cgood"}}}}).rsc,
            4103);
  HttpResult after = in_http_->retrieve("CAdmin", "/cse-in/pip");
  for (const char* attribute : {"fr", "rids", "sus", "m2m:rol"}) {
    EXPECT_FALSE(after.resource().contains(attribute)) << attribute;
  }
  // Nothing was stored under it either.
  EXPECT_EQ(in_http_->retrieve("CAdmin", "/cse-in/pip", "rcn=4").resource().count("m2m:rol"),
            0u);
}

TEST_F(DistributedAuthorizationTest, TheMnUsesARoleHeldByThePipOnTheIn) {
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                             acpBody("driversOnly",
                                    {{{"acor", {"driver@roles.example.com"}}, {"acop", 2}}},
                                    {{"airi", {"/id-in/cse-in/pip"}}}))
                .rsc,
            2001);
  Json garage = {{"m2m:cnt", {{"rn", "garage"}, {"acpi", {"cse-mn/driversOnly"}}}}};
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, garage).rsc, 2001);
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/garage", "rids=driver@roles.example.com").rsc,
            2000);
  // The role is Cgood's: Cbad presenting its ID gets nothing; without rids nothing is asked.
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/garage", "rids=driver@roles.example.com").rsc,
            4103);
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/garage").rsc, 4103);
}

TEST_F(DistributedAuthorizationTest, ARoleOfAnIssuerWithARemoteRepositoryIsFetchedFromIt) {
  // No airi here: the MN maps keepers.example.com to the IN's Role Repository.
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                             acpBody("keepersOnly",
                                    {{{"acor", {"keeper@keepers.example.com"}}, {"acop", 2}}}))
                .rsc,
            2001);
  Json shed = {{"m2m:cnt", {{"rn", "shed"}, {"acpi", {"cse-mn/keepersOnly"}}}}};
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, shed).rsc, 2001);
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/shed", "rids=keeper@keepers.example.com").rsc,
            2000);
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/shed", "rids=keeper@keepers.example.com").rsc,
            4103);
  // roles.example.com has no repository configured: its roles are found only through airi.
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/shed", "rids=driver@roles.example.com").rsc,
            4103);
}

TEST_F(DistributedAuthorizationTest, ATokenStoredOnTheInOpensAResourceOnTheMn) {
  Json vault = {{"m2m:cnt", {{"rn", "vault"}}}};  // no acpi: only its creator, the admin
  HttpResult made = mn_http_->create("CAdmin", "/cse-mn", 3, vault);
  ASSERT_EQ(made.rsc, 2001) << made;
  std::string ri = made.resource().value("ri", "");
  std::string holder = "//citadel.example.com/id-mn/Cgood";
  // In the IN's Token Repository: a token for Cgood, and one naming another holder.
  for (auto [id, who] : {std::pair{"tk1@tokens.example.com", holder},
                         {"tk2@tokens.example.com", "//citadel.example.com/id-mn/Cbad"}}) {
    Json token = {{"m2m:tk", {{"tkid", id}, {"tkob", mint(id, who, ri, 2)}}}};
    ASSERT_EQ(in_http_->create("CAdmin", "/cse-in", 32, token).rsc, 2001);
  }
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/vault").rsc, 4103);
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/vault", "tids=tk1@tokens.example.com").rsc,
            2000);
  // Cbad's own token does not serve Cgood, nor Cgood's token Cbad (verified as presented).
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/vault", "tids=tk2@tokens.example.com").rsc,
            4103);
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/vault", "tids=tk1@tokens.example.com").rsc,
            4103);
  // A token ID of an issuer without a configured repository stays unknown.
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/vault", "tids=tk1@other.example.com").rsc,
            4103);
}

TEST_F(DistributedAuthorizationTest, APdpAsksThePrpOfAThirdCseForWhatItDoesNotCover) {
  // id-prp registers with the IN and keeps the policy store the IN's PDP asks (mode c).
  TestCse third({"--cse.type=MN", "--cse.id=id-prp", "--cse.name=cse-prp",
                 "--registrar.url=http://127.0.0.1:" + std::to_string(in_->port()),
                 "--registrar.cseId=id-in", "--registrar.cseBaseName=cse-in",
                 "--security.plainCse=loopback", "--authorization.prp=true",
                 "--authorization.pip=true",
                 "--authorization.requesters=/id-in",
                 "--authorization.policies=/id-mn/cse-mn/yard=cse-prp/yardAcp"});
  ASSERT_TRUE(third.running());
  HttpClient prp_http(third.port());
  ASSERT_TRUE(waitUntil([&] { return in_http_->retrieve("CAdmin", "/cse-in/id-prp").rsc == 2000; },
                        kRegistrationWait));
  Json yard_rules = {{{"acor", {"/id-mn/Cgood", "yardman@yard.example.com"}}, {"acop", 2}}};
  ASSERT_EQ(prp_http.create("CAdmin", "/cse-prp", 1, acpBody("yardAcp", yard_rules)).rsc, 2001);
  ASSERT_EQ(prp_http.create("CAdmin", "/cse-prp", 1,
                            acpBody("pdps", {{{"acor", {"/id-in"}}, {"acop", 4}}}))
                .rsc,
            2001);
  ASSERT_EQ(prp_http.create("CAdmin", "/cse-prp", 36,
                            {{"m2m:aupy", {{"rn", "store"}, {"acpi", {"cse-prp/pdps"}}}}})
                .rsc,
            2001);
  // And it is the Role Repository of yard.example.com: Cbad is a yardman (mode e for the PDP).
  ASSERT_EQ(prp_http.create("CAdmin", "/cse-prp", 37,
                            {{"m2m:auif", {{"rn", "pip"}, {"acpi", {"cse-prp/pdps"}}}}})
                .rsc,
            2001);
  Json yardman = {{"m2m:rol",
                   {{"rlid", "yardman@yard.example.com"}, {"tkis", "yard.example.com"},
                    {"tkhd", "/id-mn/Cbad"}, {"tknb", "20200101T000000"},
                    {"tkna", "20991231T000000"}}}};
  ASSERT_EQ(prp_http.create("CAdmin", "/cse-prp", 31, yardman).rsc, 2001);
  // The MN's yard names the IN's PDP; the IN has no entry for it and asks id-prp.
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 1,
                             acpBody("yardPep", Json::array(), {{"adri", {"/id-in/cse-in/pdp"}}}))
                .rsc,
            2001);
  Json yard = {{"m2m:cnt", {{"rn", "yard"}, {"acpi", {"cse-mn/yardPep"}}}}};
  ASSERT_EQ(mn_http_->create("CAdmin", "/cse-mn", 3, yard).rsc, 2001);
  EXPECT_EQ(mn_http_->retrieve("Cgood", "/cse-mn/yard").rsc, 2000);
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/yard").rsc, 4103);
  // With its Role-ID, which the PDP verifies with the role the third CSE's PIP holds.
  EXPECT_EQ(mn_http_->retrieve("Cbad", "/cse-mn/yard", "rids=yardman@yard.example.com").rsc,
            2000);
}

}  // namespace
}  // namespace citadel::testing
