// Authorization relationship mapping (TS-0003 §7.3.2.2 steps 5–8 and §7.3.2.7.1, TS-0004
// §7.5.1.2.10 item i, §7.5.1.2.14–15), between the real `citadel` and the reference DAS
// (tools/das), both real processes:
//   - an AE that sends asi gets, with the token the DAS issued, asri in the response (HTTP
//     X-M2M-ASRI, CoAP oneM2M-ASRI), and its AuthorSign reaches the DAS through a sit 7 NOTIFY
//     to the <CSEBase>;
//   - the same AE under a new AE-ID presenting the token's ID is refused with asri, and with the
//     same AuthorSign (X-M2M-AS) the token moves to it: the old AE-ID no longer holds it;
//   - hostile cases: a wrong AuthorSign, another AE's token, a malformed darq, auri.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/das_process.h"
#include "tests/support/security_ids.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

constexpr const char* kRelIssuer = "relmap-das.example.com";
constexpr const char* kRelSecret =
    "7272727272727272727272727272727272727272727272727272727272727272";

class RelationshipMappingTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    std::ofstream(dir_->file("issuers")) << kRelIssuer << " HS256 hex:" << kRelSecret << "\n";
    ::chmod(dir_->file("issuers").c_str(), 0600);
    // Tokens for the AEs named Crel…; an AE under another ID gets nothing from the DAS.
    std::ofstream(dir_->file("tokens.policy")) << absolute("Crel*") << " * R token ttl=600\n";
    das_ = std::make_unique<DasProcess>(std::vector<std::string>{
        "--issuer=" + std::string(kRelIssuer), "--alg=HS256",
        "--key=hex:" + std::string(kRelSecret),
        "--audience=" + std::string(kThisCse), "--allow=/id-in",
        "--policy=" + dir_->file("tokens.policy")});
    startCse({"--token.issuers=" + dir_->file("issuers"),
              "--das.tokenIssuers=" + std::string(kRelIssuer) + "=" + dasUri(),
              "--coap.enabled=true", "--coap.port=0"});
  }
  static void TearDownTestSuite() {
    stopCse();
    das_.reset();
    dir_.reset();
  }
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(das_->running()) << "the DAS did not start";
    client_ = makeHttpBindingClient(cse().port());
  }

  static std::string dasUri() { return das_->httpUri() + "/das"; }

  // A container of the admin's (no acpi) governed by a DAC naming the DAS: its path.
  std::string guardedContainer() {
    HttpResult dac = http().create(
        kAdmin, kCseBase, 34,
        {{"m2m:dac", {{"rn", uniqueName("dac")}, {"dae", true}, {"dap", {dasUri()}}}}});
    EXPECT_EQ(dac.rsc, 2001) << dac;
    std::string rn = uniqueName("cnt");
    HttpResult cnt = http().create(
        kAdmin, kCseBase, 3,
        {{"m2m:cnt", {{"rn", rn}, {"daci", {dac.resource().value("ri", "")}}}}});
    EXPECT_EQ(cnt.rsc, 2001) << cnt;
    return std::string(kCseBase) + "/" + rn;
  }

  HttpResult notifyCseBase(const std::string& originator, const Json& darq) {
    Json body = {{"m2m:seci", {{"sit", 7}, {"darq", darq}}}};
    return http().raw("POST", kCseBase,
                      {{"X-M2M-Origin", originator},
                       {"X-M2M-RI", HttpClient::nextRequestId()},
                       {"X-M2M-RVI", "3"},
                       {"Content-Type", "application/json"}},
                      body.dump());
  }

  struct Held {
    std::string token_id;
    std::string lti;  // the Local-Token-ID the CSE assigned to it
  };
  // The AE gets a token from the DAS for `path` with asi, and records `sign` for it.
  Held tokenWithRecord(const Ae& ae, const std::string& path, const std::string& sign) {
    BindingReply granted =
        client_->request(BindingOp::kRetrieve, ae.id, path, {.author_sign_indicator = true});
    EXPECT_EQ(granted.rsc, 2000) << granted;
    EXPECT_EQ(granted.asri, true) << granted;
    Held held;
    if (granted.ati.is_object()) {
      held.token_id = granted.ati["ltia"][0].value("tkid", "");
      held.lti = granted.ati["ltia"][0].value("lti", "");
    }
    const std::string& token_id = held.token_id;
    EXPECT_FALSE(token_id.empty() || held.lti.empty()) << granted;
    grantNotifyOnCseBase(ae.id);
    HttpResult recorded = notifyCseBase(ae.id, {{"aus", {sign}}, {"tids", {token_id}}});
    EXPECT_EQ(recorded.rsc, 2000) << recorded;
    EXPECT_EQ(recorded.json["m2m:seci"]["sit"], 8) << recorded;
    EXPECT_EQ(recorded.json["m2m:seci"]["dars"]["tids"], Json::array({token_id})) << recorded;
    return held;
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<DasProcess> das_;
  std::unique_ptr<BindingClient> client_;
};

TEST_F(RelationshipMappingTest, AnAeThatSendsAsiIsAskedForItsAuthorSign) {
  std::string path = guardedContainer();
  Ae signer = registerAe("rel");
  BindingReply asked =
      client_->request(BindingOp::kRetrieve, signer.id, path, {.author_sign_indicator = true});
  EXPECT_EQ(asked.rsc, 2000) << asked;
  EXPECT_EQ(asked.asri, true) << asked;
  // Without asi the DAS does not ask (and the CSE adds nothing).
  Ae plain = registerAe("rel");
  BindingReply silent = client_->request(BindingOp::kRetrieve, plain.id, path, {});
  EXPECT_EQ(silent.rsc, 2000) << silent;
  EXPECT_FALSE(silent.asri.has_value()) << silent;
  // Over CoAP, asri is the oneM2M-ASRI option.
  uint16_t port = pointOfAccessPort("coap");
  ASSERT_NE(port, 0);
  std::unique_ptr<BindingClient> coap = makeCoapBindingClient(port);
  Ae coap_signer = registerAe("rel");
  BindingReply over_coap =
      coap->request(BindingOp::kRetrieve, coap_signer.id, path, {.author_sign_indicator = true});
  EXPECT_EQ(over_coap.rsc, 2000) << over_coap;
  EXPECT_EQ(over_coap.asri, true) << over_coap;
}

TEST_F(RelationshipMappingTest, TheSameAuthorSignMovesTheTokenToTheAesNewId) {
  std::string path = guardedContainer();
  Ae before = registerAe("rel");
  auto [token_id, lti] = tokenWithRecord(before, path, "c2lnbmF0dXJlLW9mLXRoZS1hZQ");
  EXPECT_EQ(client_->request(BindingOp::kRetrieve, before.id, path, {.local_token_ids = {lti}})
                .rsc,
            2000);
  BindingReply first = client_->request(BindingOp::kRetrieve, before.id, path, {});
  ASSERT_EQ(first.rsc, 2000) << "the token is held for the AE: " << first;
  // The AE re-registered and got a new AE-ID, which the DAS's policy does not know.
  Ae after = registerAe("moved");
  EXPECT_EQ(client_->request(BindingOp::kRetrieve, after.id, path, {}).rsc, 4103);
  // Step 4: with the token's ID it is refused and asked for the AuthorSign.
  BindingReply asked =
      client_->request(BindingOp::kRetrieve, after.id, path, {.token_ids = {token_id}});
  EXPECT_EQ(asked.rsc, 4103) << asked;
  EXPECT_EQ(asked.asri, true) << asked;
  // A wrong AuthorSign: refused, and not asked again.
  BindingReply wrong = client_->request(
      BindingOp::kRetrieve, after.id, path,
      {.token_ids = {token_id}, .author_signs = {"c2lnbmF0dXJlLW9mLXRoZS1hZR"}});
  EXPECT_EQ(wrong.rsc, 4103) << wrong;
  EXPECT_FALSE(wrong.asri.has_value()) << wrong;
  // Step 6: the recorded AuthorSign moves the token to the new AE-ID.
  BindingReply moved = client_->request(
      BindingOp::kRetrieve, after.id, path,
      {.token_ids = {token_id}, .author_signs = {"c2lnbmF0dXJlLW9mLXRoZS1hZQ"}});
  EXPECT_EQ(moved.rsc, 2000) << moved;
  EXPECT_EQ(client_->request(BindingOp::kRetrieve, after.id, path, {}).rsc, 2000)
      << "the token is now held for the new AE-ID";
  // The old AE-ID's Local-Token-ID names a token it no longer holds.
  EXPECT_EQ(client_->request(BindingOp::kRetrieve, before.id, path, {.local_token_ids = {lti}})
                .rsc,
            4103);
}

TEST_F(RelationshipMappingTest, WithAuriTheHostingCseRefusesAnotherHoldersTokenWithoutAsking) {
  // TS-0003 §7.3.2.7.2: the AE says the DAS keeps the relationship; it updates it there.
  std::string path = guardedContainer();
  Ae before = registerAe("rel");
  std::string token_id = tokenWithRecord(before, path, "YXV0aG9yLXNpZ24").token_id;
  Ae after = registerAe("moved");
  BindingReply refused =
      client_->request(BindingOp::kRetrieve, after.id, path,
                       {.token_ids = {token_id}, .author_relationship = true});
  EXPECT_EQ(refused.rsc, 4103) << refused;
  EXPECT_FALSE(refused.asri.has_value()) << refused;
}

TEST_F(RelationshipMappingTest, OnlyTheHolderRecordsAuthorSignsAndOnlyForDasTokens) {
  std::string path = guardedContainer();
  Ae holder = registerAe("rel");
  std::string token_id = tokenWithRecord(holder, path, "aG9sZGVy").token_id;
  Ae thief = registerAe("thief");
  grantNotifyOnCseBase(thief.id);
  // Another AE records its own AuthorSign for the holder's token: refused by the CSE.
  HttpResult stolen = notifyCseBase(thief.id, {{"aus", {"dGhpZWY"}}, {"tids", {token_id}}});
  EXPECT_EQ(stolen.rsc, 4103) << stolen;
  // So the thief, presenting the token's ID, cannot have it with its own AuthorSign.
  BindingReply taken = client_->request(BindingOp::kRetrieve, thief.id, path,
                                        {.token_ids = {token_id}, .author_signs = {"dGhpZWY"}});
  EXPECT_EQ(taken.rsc, 4103) << taken;
  // A token ID no DAS issued through this CSE, and malformed requests.
  EXPECT_EQ(notifyCseBase(holder.id, {{"aus", {"aG9sZGVy"}}, {"tids", {"nope@x.example"}}}).rsc,
            4103);
  HttpResult no_signs = notifyCseBase(holder.id, {{"tids", {token_id}}});
  EXPECT_EQ(no_signs.rsc, 4000) << no_signs;
  EXPECT_NE(no_signs.body.find("aus"), std::string::npos) << no_signs;
  HttpResult named_other =
      notifyCseBase(holder.id, {{"or", "Cother"}, {"aus", {"aG9sZGVy"}}, {"tids", {token_id}}});
  EXPECT_EQ(named_other.rsc, 4000) << named_other;
  EXPECT_EQ(notifyCseBase(holder.id, {{"aus", {"aG9sZGVy"}}}).rsc, 4000);
  Json many = Json::array();
  for (int i = 0; i < 17; ++i) many.push_back("s" + std::to_string(i));
  EXPECT_EQ(notifyCseBase(holder.id, {{"aus", many}, {"tids", {token_id}}}).rsc, 4000);
  EXPECT_EQ(notifyCseBase(holder.id, {{"aus", {std::string(2000, 'a')}}, {"tids", {token_id}}})
                .rsc,
            4000);
}

}  // namespace
}  // namespace citadel::testing
