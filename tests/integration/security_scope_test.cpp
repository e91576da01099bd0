// Grants leak to children (issue 15 #8), over HTTP against the real binary: a DAS grant (once,
// or cached with a lifetime) and a role carried by a token permission cover the resource they
// were given for, decided per resource, so an rcn=4 child list or a discovery under that
// resource shows only the children the originator may see by their own policies.
// The DAS is the reference citadel-das (tools/das) for RETRIEVE grants; for a discovery grant
// (acop 32, which the reference DAS never grants: it grants the operation asked about) a
// NotificationReceiver answers as a DAS that grants everything on the target. Tokens come from
// citadel-token (tools/token_cli).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>

#include "tests/support/cse_fixture.h"
#include "tests/support/das_process.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_dir.h"
#include "tests/support/security_ids.h"

namespace citadel::testing {
namespace {

constexpr int kRetrieveAndDiscover = 2 | 32;


// Every "rn" anywhere in `json` (an rcn=4 answer nests the children under their type names).
void collectNames(const Json& json, std::set<std::string>& names) {
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key() == "rn" && it->is_string()) names.insert(it->get<std::string>());
      collectNames(*it, names);
    }
  } else if (json.is_array()) {
    for (const auto& item : json) collectNames(item, names);
  }
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += name + " ";
  return out;
}

class SecurityScopeTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>("citadel-scope-it");
    ProcessOutput keygen =
        runProcess({DasProcess::tokenBinary(), "keygen", "--alg=ES256", "--out=" + dir_->path()});
    ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
    std::ofstream(dir_->file("issuers")) << kAuthority << " ES256 issuer.pub.pem\n";
    ::chmod(dir_->file("issuers").c_str(), 0600);
    // First match wins; originators are matched in absolute form.
    std::ofstream(dir_->file("das.policy")) << absolute("Conce*") << " * R grant-once\n"
                                            << absolute("Ckept*") << " * R grant pl=60\n"
                                            << "* * * deny\n";
    das_ = std::make_unique<DasProcess>(
        std::vector<std::string>{"--policy=" + dir_->file("das.policy"), "--allow=/id-in"});
    generous_das_ = std::make_unique<NotificationReceiver>();
    startCse({"--token.issuers=" + dir_->file("issuers"), "--das.timeout=2000"});
  }
  static void TearDownTestSuite() {
    stopCse();
    generous_das_.reset();
    das_.reset();
    dir_.reset();
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(das_ && das_->running()) << "the DAS did not start";
  }

  // A container named `rn` under `parent`, created by the admin with `extra` (acpi, daci);
  // without acpi only the admin may use it. Returns its path.
  std::string container(const std::string& parent, const std::string& rn,
                        Json extra = Json::object()) {
    extra["rn"] = rn;
    HttpResult r = http().create(kAdmin, parent, 3, {{"m2m:cnt", extra}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return parent + "/" + rn;
  }

  std::string resourceId(const std::string& path) {
    HttpResult r = http().retrieve(kAdmin, path);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource().value("ri", "");
  }

  // An ACP whose pv grants `acor` the operations `acop` (the admin keeps pvs); returns its ri.
  std::string acp(const Json& acor, int acop) {
    Json pv = {{"acr", {{{"acor", acor}, {"acop", acop}}}}};
    Json pvs = {{"acr", {{{"acor", {kAdmin}}, {"acop", 63}}}}};
    HttpResult r = http().create(
        kAdmin, kCseBase, 1, {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv}, {"pvs", pvs}}}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.resource().value("ri", "");
  }

  // A <dynamicAuthorizationConsultation> naming `das_uri`; returns its ri.
  std::string dac(const std::string& das_uri) {
    HttpResult r = http().create(
        kAdmin, kCseBase, 34,
        {{"m2m:dac", {{"rn", uniqueName("dac")}, {"dae", true}, {"dap", {das_uri}}}}});
    EXPECT_EQ(r.rsc, 2001) << r;
    return r.resource().value("ri", "");
  }

  // C (consulting the DAS at `das_uri`, no ACP: only the admin by policy) with two children:
  // `open`, whose ACP lets `reader` RETRIEVE and DISCOVER, and `secret`, the admin's alone,
  // which has a child of its own. Returns C's path.
  std::string tree(const std::string& das_uri, const std::string& reader) {
    std::string c = container(kCseBase, uniqueName("c"), {{"daci", {dac(das_uri)}}});
    container(c, "open", {{"acpi", {acp({reader}, kRetrieveAndDiscover)}}});
    container(container(c, "secret"), "deep");
    return c;
  }

  // RETRIEVE with rcn=4 (attributes and child resources): the names of everything returned.
  std::set<std::string> childList(const std::string& originator, const std::string& path,
                                  const HeaderList& extra = {}) {
    HttpResult r = get(originator, path + "?rcn=4", extra);
    EXPECT_EQ(r.rsc, 2000) << r;
    std::set<std::string> names;
    collectNames(r.json, names);
    return names;
  }

  // Discovery (fu=1) under `path`: the last segment of each URI found.
  std::set<std::string> discovered(const std::string& originator, const std::string& path,
                                   const HeaderList& extra = {}) {
    HttpResult r = get(originator, path + "?fu=1", extra);
    EXPECT_EQ(r.rsc, 2000) << r;
    std::set<std::string> names;
    for (const auto& uri : r.json.value("m2m:uril", Json::array())) {
      std::string text = uri.get<std::string>();
      names.insert(text.substr(text.rfind('/') + 1));
    }
    return names;
  }

  HttpResult get(const std::string& originator, const std::string& target,
                 const HeaderList& extra = {}) {
    HeaderList headers = {{"X-M2M-Origin", originator},
                          {"X-M2M-RI", HttpClient::nextRequestId()},
                          {"X-M2M-RVI", "3"},
                          {"Accept", "application/json"}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http().raw("GET", target, headers);
  }

  // citadel-token: a token for `holder` whose one permission names `resource_id` with the role
  // `role` and privileges for NOTIFY only (so that only the role can grant RETRIEVE).
  std::string mint(const std::string& holder, const std::string& resource_id,
                   const std::string& role) {
    ProcessOutput minted =
        runProcess({DasProcess::tokenBinary(), "--issuer=" + std::string(kAuthority), "--alg=ES256",
                    "--key=" + dir_->file("issuer.key.pem"), "--holder=" + absolute(holder),
                    "--audience=" + std::string(kThisCse), "--ris=" + resource_id, "--op=N",
                    "--role=" + role, "--not-before=-60", "--ttl=600"});
    EXPECT_EQ(minted.exit_code, 0) << minted.err;
    std::string token = minted.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<DasProcess> das_;
  static inline std::unique_ptr<NotificationReceiver> generous_das_;
};

TEST_F(SecurityScopeTest, AGrantOnceForAContainerDoesNotShowItsChildren) {
  // Before: the grant-once the DAS gave for C was applied to every resource decided in the
  // request, so rcn=4 on C also returned `secret`, which only the admin may see.
  Ae ae = registerAe("once");
  std::string c = tree(das_->httpUri() + "/das", ae.id);
  HttpResult cin = createCin(kAdmin, c, "reading");
  ASSERT_EQ(cin.rsc, 2001) << cin;
  std::string instance = cin.resource().value("rn", "");
  EXPECT_EQ(get(ae.id, c + "/secret").rsc, 2000)
      << "addressed itself, `secret` is a target: the DAS is consulted for it and grants";
  std::set<std::string> names = childList(ae.id, c);
  EXPECT_EQ(names.count(c.substr(c.rfind('/') + 1)), 1u) << joined(names);
  EXPECT_EQ(names.count("open"), 1u) << joined(names);
  EXPECT_EQ(names.count("secret"), 0u) << "leaked: " << joined(names);
  // The instance is governed by C's ACPs (the admin's alone); the grant is for C itself, so
  // the child list leaves it out, while C/la, which the spec decides as C, is granted.
  EXPECT_EQ(names.count(instance), 0u) << joined(names);
  HttpResult latest = get(ae.id, c + "/la");
  EXPECT_EQ(latest.rsc, 2000) << latest;
  EXPECT_EQ(latest.resource().value("rn", ""), instance) << latest;
}

TEST_F(SecurityScopeTest, ACachedGrantForAContainerDoesNotShowItsChildren) {
  // A grant with a lifetime is cached for C; it was already scoped to C (kept as a guard).
  Ae ae = registerAe("kept");
  std::string c = tree(das_->httpUri() + "/das", ae.id);
  for (int round = 0; round < 2; ++round) {  // the consultation, then the cached grant
    std::set<std::string> names = childList(ae.id, c);
    EXPECT_EQ(names.count("open"), 1u) << round << ": " << joined(names);
    EXPECT_EQ(names.count("secret"), 0u) << round << ": leaked: " << joined(names);
  }
}

TEST_F(SecurityScopeTest, ADiscoveryGrantForAContainerDoesNotDiscoverItsChildren) {
  // A DAS grants the originator everything on C, for this request. Before: every resource
  // under C was discovered (`secret` and `deep` included); the grant is for C alone.
  Ae ae = registerAe("disc");
  std::string das_path = "/" + uniqueName("das");
  generous_das_->setBody(
      das_path,
      {{"m2m:seci",
        {{"sit", 2},
         {"dres",
          {{"dai", {{"gp", {{"acr", {{{"acor", {absolute(ae.id)}}, {"acop", 63}}}}}}}}}}}}});
  std::string c = tree(generous_das_->url(das_path), ae.id);
  std::set<std::string> names = discovered(ae.id, c);
  EXPECT_EQ(names.count("open"), 1u) << joined(names);
  EXPECT_EQ(names.count("secret"), 0u) << "leaked: " << joined(names);
  EXPECT_EQ(names.count("deep"), 0u) << "leaked: " << joined(names);
  EXPECT_GE(generous_das_->requestsTo(das_path).size(), 1u) << "the DAS was consulted";
}

TEST_F(SecurityScopeTest, ARoleFromATokenPermissionCountsOnTheResourceItNamesOnly) {
  // The token's permission names R with the role `reader`; an ACP lets `reader` RETRIEVE and
  // DISCOVER, and R, its child and its sibling all use that ACP. Before: RETRIEVE of R made
  // `reader` a role of the whole request, so rcn=4 and discovery under R showed the child.
  Ae ae = registerAe("holder");
  std::string role = uniqueName("reader") + "@" + kAuthority;
  std::string by_role = acp({role}, kRetrieveAndDiscover);
  std::string r = container(kCseBase, uniqueName("r"), {{"acpi", {by_role}}});
  container(r, "child", {{"acpi", {by_role}}});
  std::string sibling = container(kCseBase, uniqueName("sibling"), {{"acpi", {by_role}}});
  HeaderList with_token = {{"Authorization", mint(ae.id, resourceId(r), role)}};

  EXPECT_EQ(get(ae.id, r).rsc, 4103) << "without the token";
  HttpResult on_r = get(ae.id, r, with_token);
  EXPECT_EQ(on_r.rsc, 2000) << "on R the role counts: " << on_r;
  EXPECT_EQ(get(ae.id, sibling, with_token).rsc, 4103) << "not on a sibling";
  EXPECT_EQ(get(ae.id, r + "/child", with_token).rsc, 4103) << "not on a child";

  std::set<std::string> listed = childList(ae.id, r, with_token);
  EXPECT_EQ(listed.count(r.substr(r.rfind('/') + 1)), 1u) << joined(listed);
  EXPECT_EQ(listed.count("child"), 0u) << "leaked by rcn=4: " << joined(listed);
  // Discovery under R answers (the role gives DISCOVER on R), without the child.
  std::set<std::string> found = discovered(ae.id, r, with_token);
  EXPECT_EQ(found.count("child"), 0u) << "leaked by discovery: " << joined(found);
}

}  // namespace
}  // namespace citadel::testing
