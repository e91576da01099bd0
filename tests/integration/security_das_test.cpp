// Issue 15 #19, DAS and tokens, against the real `citadel` and the reference DAS (tools/das,
// real processes): a DAS speaks only for the token issuer it is bound to (das.tokenIssuers), a
// token without aud is refused by default (token.requireAudience), and the cache of DAS grants
// gives each originator its own share, so one originator's grants cannot push out another's.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "security/token/token_minter.h"
#include "tests/support/binding_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/das_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/security_ids.h"

namespace citadel::testing {
namespace {

namespace token = security::token;
using std::chrono::seconds;

// Both trusted by the CSE (token.issuers). The DAS at das_ is bound to kDasIssuer; the one at
// hostile_ is bound to kHostileIssuer but signs its tokens as kAuthority, whose key it has.
constexpr const char* kDasIssuer = "das.example.com";
constexpr const char* kHostileIssuer = "das2.example.com";
constexpr const char* kAuthoritySecret =
    "6161616161616161616161616161616161616161616161616161616161616161";
constexpr const char* kDasSecret =
    "6464646464646464646464646464646464646464646464646464646464646464";


class SecurityDasTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    {
      std::ofstream issuers(dir_->file("issuers"));
      issuers << kAuthority << " HS256 hex:" << kAuthoritySecret << "\n"
              << kDasIssuer << " HS256 hex:" << kDasSecret << "\n";
    }
    ::chmod(dir_->file("issuers").c_str(), 0600);
    std::ofstream(dir_->file("tokens.policy")) << "* * R token ttl=600\n";
    das_ = startDas(kDasIssuer, kDasSecret);
    hostile_ = startDas(kAuthority, kAuthoritySecret);
    startCse({"--token.issuers=" + dir_->file("issuers"),
              "--das.tokenIssuers=" + std::string(kDasIssuer) + "=" + dasUri(*das_) + "," +
                  kHostileIssuer + "=" + dasUri(*hostile_),
              "--das.grantsPerOriginator=2", "--das.grantsTotal=4"});
  }
  static void TearDownTestSuite() {
    stopCse();
    das_.reset();
    hostile_.reset();
    dir_.reset();
  }
  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(das_->running() && hostile_->running()) << "a DAS did not start";
    client_ = makeHttpBindingClient(cse().port());
  }

  static std::unique_ptr<DasProcess> startDas(const std::string& issuer,
                                              const std::string& secret) {
    return std::make_unique<DasProcess>(std::vector<std::string>{
        "--issuer=" + issuer, "--alg=HS256", "--key=hex:" + secret,
        "--audience=" + std::string(kThisCse), "--allow=/id-in",
        "--policy=" + dir_->file("tokens.policy")});
  }
  static std::string dasUri(const DasProcess& das) { return das.httpUri() + "/das"; }

  // A DAC naming `das_uri`, and a container (the admin's, no acpi) governed by it: {path, ri}.
  std::pair<std::string, std::string> guardedContainer(const std::string& das_uri) {
    HttpResult dac = http().create(
        kAdmin, kCseBase, 34,
        {{"m2m:dac", {{"rn", uniqueName("dac")}, {"dae", true}, {"dap", {das_uri}}}}});
    EXPECT_EQ(dac.rsc, 2001) << dac;
    std::string rn = uniqueName("cnt");
    HttpResult cnt = http().create(
        kAdmin, kCseBase, 3,
        {{"m2m:cnt", {{"rn", rn}, {"daci", {dac.resource().value("ri", "")}}}}});
    EXPECT_EQ(cnt.rsc, 2001) << cnt;
    return {std::string(kCseBase) + "/" + rn, cnt.resource().value("ri", "")};
  }

  BindingReply get(const std::string& originator, const std::string& path,
                   const AccessParams& access = {}) {
    return client_->request(BindingOp::kRetrieve, originator, path, access);
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<DasProcess> das_;
  static std::unique_ptr<DasProcess> hostile_;
  std::unique_ptr<BindingClient> client_;
};

std::unique_ptr<TempDir> SecurityDasTest::dir_;
std::unique_ptr<DasProcess> SecurityDasTest::das_;
std::unique_ptr<DasProcess> SecurityDasTest::hostile_;

TEST_F(SecurityDasTest, ADasReturningAnotherIssuersTokenIsNotBelieved) {
  // Before: any trusted issuer's token that a DAS returned was adopted (2000, and an ati with
  // its local token ID): a DAS could hand out tokens in the authority's name.
  Ae ae = registerAe("dastok");
  auto [hostile_path, hostile_ri] = guardedContainer(dasUri(*hostile_));
  BindingReply refused = get(ae.id, hostile_path);
  EXPECT_EQ(refused.rsc, 4103) << refused;
  EXPECT_TRUE(refused.ati.is_null()) << "not remembered: " << refused;
  EXPECT_EQ(get(ae.id, hostile_path).rsc, 4103) << "nor used later";
  // The DAS bound to the token's issuer is believed.
  auto [path, ri] = guardedContainer(dasUri(*das_));
  BindingReply granted = get(ae.id, path);
  EXPECT_EQ(granted.rsc, 2000) << granted;
  EXPECT_TRUE(granted.ati.is_object()) << granted;
}

TEST_F(SecurityDasTest, ATokenWithoutAudienceIsRefusedByDefault) {
  // Before: a token without aud was valid at every CSE trusting its issuer (2000 here).
  Ae ae = registerAe("audtok");
  std::string rn = uniqueName("cnt");
  HttpResult cnt = http().create(kAdmin, kCseBase, 3, {{"m2m:cnt", {{"rn", rn}}}});
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  std::string ri = cnt.resource().value("ri", "");
  auto mint = [&](std::optional<std::vector<std::string>> audience) {
    model::TimePoint now = std::chrono::system_clock::now();
    token::TokenClaims claims;
    claims.version = "1";
    claims.token_id = uniqueName("tk") + "@" + kAuthority;
    claims.holder = absolute(ae.id);
    claims.issuer = kAuthority;
    claims.not_before = now - seconds(60);
    claims.not_after = now + seconds(600);
    claims.audience = std::move(audience);
    token::TokenPermission permission;
    permission.resource_ids = std::vector<std::string>{ri};
    permission.privileges = Json{{"acr", {{{"acor", {absolute(ae.id)}}, {"acop", 2}}}}};
    claims.permissions = std::vector<token::TokenPermission>{permission};
    auto key = token::JwsKey::hs256FromHex(kAuthoritySecret);
    return token::mintToken(claims, key.value()).value();
  };
  std::string path = std::string(kCseBase) + "/" + rn;
  EXPECT_EQ(get(ae.id, path, {.tokens = {mint(std::nullopt)}}).rsc, 4103);
  EXPECT_EQ(get(ae.id, path, {.tokens = {mint(std::vector<std::string>{"/id-other"})}}).rsc, 4103);
  BindingReply with_audience = get(ae.id, path, {.tokens = {mint(std::vector<std::string>{kThisCse})}});
  EXPECT_EQ(with_audience.rsc, 2000) << with_audience;
}

TEST_F(SecurityDasTest, OneOriginatorsGrantsCannotPushOutAnothers) {
  // das.grantsPerOriginator=2, das.grantsTotal=4. Before: one cache of grants, where the
  // grants that end soonest went first, whoever held them.
  TempDir dir;
  std::ofstream(dir.file("policy")) << absolute("Cdvictim*") << " * R grant pl=60\n"
                                    << absolute("Cdflood*") << " * R grant pl=600\n";
  auto das = std::make_unique<DasProcess>(
      std::vector<std::string>{"--allow=/id-in", "--policy=" + dir.file("policy")});
  ASSERT_TRUE(das->running());
  Ae victim = registerAe("dvictim");
  Ae flood = registerAe("dflood");
  auto [victim_path, victim_ri] = guardedContainer(dasUri(*das));
  ASSERT_EQ(get(victim.id, victim_path).rsc, 2000);
  std::vector<std::string> flooded;
  for (int i = 0; i < 6; ++i) {
    flooded.push_back(guardedContainer(dasUri(*das)).first);
    ASSERT_EQ(get(flood.id, flooded.back()).rsc, 2000);
  }
  das->stop();  // from now on only cached grants answer
  EXPECT_EQ(get(victim.id, victim_path).rsc, 2000) << "the victim's grant is still cached";
  int still_granted = 0;
  for (const std::string& path : flooded) {
    still_granted += get(flood.id, path).rsc == 2000 ? 1 : 0;
  }
  EXPECT_EQ(still_granted, 2) << "the flooder kept its share and gave up its own other grants";
}

}  // namespace
}  // namespace citadel::testing
