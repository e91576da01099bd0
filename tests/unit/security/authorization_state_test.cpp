// The pieces the token, role and DAS stages share: local token IDs, cached DAS grants, the DAS
// answer reader (hostile input), token permission coverage and the token.issuers file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "security/das_exchange.h"
#include "security/dynamic_grant_cache.h"
#include "security/local_token_store.h"
#include "security/token_issuers_file.h"
#include "security/token_permissions.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::security {
namespace {

using model::Json;
using std::chrono::seconds;

const model::TimePoint kStateNow = model::TimePoint(seconds(1798761600));  // 2027-01-01
const resources::CseIdentity kCse{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};

std::shared_ptr<const token::TokenClaims> claims(std::string id, std::string holder,
                                                 seconds ttl) {
  auto c = std::make_shared<token::TokenClaims>();
  c->token_id = std::move(id);
  c->holder = std::move(holder);
  c->not_before = kStateNow;
  c->not_after = kStateNow + ttl;
  return c;
}

TEST(LocalTokenStoreTest, AssignsOneShortIdPerTokenAndHolder) {
  LocalTokenStore store;
  auto first = store.remember(claims("a@x", "//sp/id-in/C1", seconds(60)), false, kStateNow);
  EXPECT_TRUE(first.assigned_now);
  EXPECT_TRUE(first.local_token_id.starts_with("lt"));
  auto again = store.remember(claims("a@x", "//sp/id-in/C1", seconds(60)), false, kStateNow);
  EXPECT_FALSE(again.assigned_now);
  EXPECT_EQ(again.local_token_id, first.local_token_id);
  auto other_holder = store.remember(claims("a@x", "//sp/id-in/C2", seconds(60)), false, kStateNow);
  EXPECT_NE(other_holder.local_token_id, first.local_token_id);
  ASSERT_NE(store.find(first.local_token_id, kStateNow), nullptr);
  EXPECT_EQ(store.find(first.local_token_id, kStateNow)->holder, "//sp/id-in/C1");
  EXPECT_EQ(store.find("ltunknown", kStateNow), nullptr);
}

TEST(LocalTokenStoreTest, ForgetsExpiredTokens) {
  LocalTokenStore store;
  auto assigned = store.remember(claims("a@x", "//sp/id-in/C1", seconds(60)), true, kStateNow);
  EXPECT_EQ(store.heldBy("//sp/id-in/C1", kStateNow + seconds(59)).size(), 1u);
  EXPECT_EQ(store.find(assigned.local_token_id, kStateNow + seconds(60)), nullptr);
  EXPECT_TRUE(store.heldBy("//sp/id-in/C1", kStateNow + seconds(60)).empty());
}

TEST(LocalTokenStoreTest, OnlyDasTokensAreHeldForTheirHolder) {
  LocalTokenStore store;
  store.remember(claims("presented@x", "//sp/id-in/C1", seconds(60)), false, kStateNow);
  EXPECT_TRUE(store.heldBy("//sp/id-in/C1", kStateNow).empty());
  store.remember(claims("issued@x", "//sp/id-in/C1", seconds(60)), true, kStateNow);
  auto held = store.heldBy("//sp/id-in/C1", kStateNow);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0]->token_id, "issued@x");
  EXPECT_TRUE(store.heldBy("//sp/id-in/C2", kStateNow).empty());
}

TEST(LocalTokenStoreTest, StaysBoundedEvictingTheSoonestToExpire) {
  LocalTokenStore store(3);
  auto soon = store.remember(claims("soon@x", "h", seconds(10)), false, kStateNow);
  auto later = store.remember(claims("later@x", "h", seconds(100)), false, kStateNow);
  store.remember(claims("mid@x", "h", seconds(50)), false, kStateNow);
  store.remember(claims("new@x", "h", seconds(70)), false, kStateNow);
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find(soon.local_token_id, kStateNow), nullptr);
  EXPECT_NE(store.find(later.local_token_id, kStateNow), nullptr);
}

TEST(DynamicGrantCacheTest, GrantsUntilTheLifetimeEnds) {
  DynamicGrantCache cache;
  auto rules = std::make_shared<const Json>(Json{{"acr", Json::array()}});
  cache.put("//sp/id-in/C1", "cnt1", rules, kStateNow + seconds(30), kStateNow);
  EXPECT_EQ(cache.find("//sp/id-in/C1", "cnt1", kStateNow + seconds(29)), rules);
  EXPECT_EQ(cache.find("//sp/id-in/C2", "cnt1", kStateNow), nullptr) << "another originator";
  EXPECT_EQ(cache.find("//sp/id-in/C1", "cnt2", kStateNow), nullptr) << "another target";
  EXPECT_EQ(cache.find("//sp/id-in/C1", "cnt1", kStateNow + seconds(30)), nullptr);
  EXPECT_EQ(cache.size(), 0u) << "the expired grant is gone";
}

TEST(DynamicGrantCacheTest, StaysBounded) {
  DynamicGrantCache cache(2);
  auto rules = std::make_shared<const Json>(Json::object());
  cache.put("a", "t", rules, kStateNow + seconds(10), kStateNow);
  cache.put("b", "t", rules, kStateNow + seconds(20), kStateNow);
  cache.put("c", "t", rules, kStateNow + seconds(30), kStateNow);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.find("a", "t", kStateNow), nullptr);
  EXPECT_NE(cache.find("c", "t", kStateNow), nullptr);
}

// Issue 15 #19: one originator (or the DAS answering for it) collecting grants on many targets
// gives up its own grants, never another's; at the total, the originator holding most gives
// one up.
TEST(DynamicGrantCacheTest, OneOriginatorCannotEvictAnothersGrants) {
  DynamicGrantCache cache(/*capacity=*/4, /*per_originator=*/2);
  auto rules = std::make_shared<const Json>(Json::object());
  cache.put("victim", "t0", rules, kStateNow + seconds(5), kStateNow);  // ends before every other grant
  for (int i = 0; i < 10; ++i) {
    cache.put("attacker", "t" + std::to_string(i), rules, kStateNow + seconds(100 + i), kStateNow);
  }
  EXPECT_NE(cache.find("victim", "t0", kStateNow), nullptr);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(cache.find("attacker", "t9", kStateNow), nullptr) << "its newest grants stay";
  EXPECT_NE(cache.find("attacker", "t8", kStateNow), nullptr);
  EXPECT_EQ(cache.find("attacker", "t0", kStateNow), nullptr);
  cache.put("second", "x", rules, kStateNow + seconds(50), kStateNow);  // the total is reached
  cache.put("third", "x", rules, kStateNow + seconds(50), kStateNow);   // the largest share gives one up
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_NE(cache.find("victim", "t0", kStateNow), nullptr);
  EXPECT_NE(cache.find("second", "x", kStateNow), nullptr);
  EXPECT_NE(cache.find("third", "x", kStateNow), nullptr);
  EXPECT_EQ(cache.find("attacker", "t8", kStateNow), nullptr) << "its soonest-ending grant went";
  // A grant replaced for the same pair takes no room.
  cache.put("victim", "t0", rules, kStateNow + seconds(500), kStateNow);
  EXPECT_EQ(cache.size(), 4u);
  EXPECT_NE(cache.find("victim", "t0", kStateNow + seconds(400)), nullptr);
}

TEST(DasExchangeTest, TheNotifyCarriesADynamicAuthorizationRequest) {
  DasQuery query;
  query.originator = "//citadel.example.com/id-in/Cae";
  query.target_type = 3;
  query.operation = 2;
  query.target_id = "cnt1";
  query.originator_ip = "::1";
  query.roles = {"r@aa.example.com"};
  query.preferred_lifetime = "20270101T000000";
  query.request_time = kStateNow;
  model::Request notify = makeDasNotify(query, "/id-in", "http://das/x", "das-1");
  EXPECT_EQ(notify.operation, model::Operation::kNotify);
  EXPECT_EQ(notify.to, "http://das/x");
  EXPECT_EQ(notify.originator, "/id-in");
  const Json& dreq = notify.content["m2m:seci"]["dreq"];
  EXPECT_EQ(notify.content["m2m:seci"]["sit"], 1);
  EXPECT_EQ(dreq["or"], query.originator);
  EXPECT_EQ(dreq["trt"], 3);
  EXPECT_EQ(dreq["op"], 2);
  EXPECT_EQ(dreq["trid"], "cnt1");
  EXPECT_EQ(dreq["oip"]["ip6"], "::1");
  EXPECT_EQ(dreq["orid"][0], "r@aa.example.com");
  EXPECT_EQ(dreq["ppl"], "20270101T000000");
  EXPECT_EQ(dreq["rts"], "20270101T000000");
}

model::Response answer(Json pc, model::Rsc rsc = model::Rsc::kOk) {
  model::Response response;
  response.status_code = rsc;
  response.content = std::move(pc);
  return response;
}

TEST(DasExchangeTest, ReadsGrantsLifetimesAndTokens) {
  Json gp = {{"acr", {{{"acor", {"all"}}, {"acop", 2}}}}};
  auto once = readDasAnswer(answer({{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", gp}}}}}}}}),
                            kStateNow);
  ASSERT_OK(once);
  EXPECT_EQ(*once.value().privileges, gp);
  EXPECT_FALSE(once.value().until);
  auto relative = readDasAnswer(
      answer({{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", gp}, {"pl", "1500"}}}}}}}}), kStateNow);
  ASSERT_OK(relative);
  EXPECT_EQ(*relative.value().until, kStateNow + std::chrono::milliseconds(1500));
  auto absolute = readDasAnswer(
      answer({{"m2m:seci",
               {{"sit", 2}, {"dres", {{"dai", {{"gp", gp}, {"pl", "20270101T000100"}}}}}}}}),
      kStateNow);
  ASSERT_OK(absolute);
  EXPECT_EQ(*absolute.value().until, kStateNow + seconds(60));
  auto tokens = readDasAnswer(
      answer({{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {"a.b.c"}}}}}}}), kStateNow);
  ASSERT_OK(tokens);
  EXPECT_EQ(tokens.value().tokens, std::vector<std::string>{"a.b.c"});
  auto nothing = readDasAnswer(answer(nullptr), kStateNow);
  ASSERT_OK(nothing);
  EXPECT_FALSE(nothing.value().privileges);
}

TEST(DasExchangeTest, RefusesHostileAnswersWithAReason) {
  EXPECT_REASON(readDasAnswer(answer(nullptr, model::Rsc::kRequestTimeout), kStateNow), "das.timeout");
  EXPECT_REASON(readDasAnswer(answer(nullptr, model::Rsc::kTargetNotReachable), kStateNow),
                "das.unreachable");
  EXPECT_REASON(readDasAnswer(answer(nullptr, model::Rsc::kBadRequest), kStateNow), "das.refused");
  Json many = Json::array();
  for (int i = 0; i < 17; ++i) many.push_back("a.b.c");
  for (const Json& pc : std::vector<Json>{
           Json::array(), Json("x"), {{"m2m:sgn", {}}}, {{"m2m:seci", 1}},
           {{"m2m:seci", {{"sit", 5}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", "yes"}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", 1}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"pl", "1000"}}}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", {{"acr", {{{"acop", "all"}}}}}}}}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"dai", {{"gp", {{"acr", Json::array()}}}, {"pl", -5}}}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", many}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {std::string(20000, 'a')}}}}}}},
           {{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {{{"jwt", 1}}}}}}}}},
       }) {
    EXPECT_REASON(readDasAnswer(answer(pc), kStateNow), "das.bad_answer") << pc.dump();
  }
}

resources::Resource resource(std::string ri, std::string path) {
  resources::Resource r;
  r.attributes = {{"ri", ri}, {std::string(resources::kPathField), path}, {"ty", 3}};
  return r;
}

TEST(TokenPermissionsTest, AResourceIdNamesTheResourceInEveryForm) {
  auto cnt = resource("cnt123", "cse-in/ae/cnt");
  for (const char* id : {"cnt123", "/id-in/cnt123", "//citadel.example.com/id-in/cnt123",
                         "cse-in/ae/cnt", "/id-in/cse-in/ae/cnt",
                         "//citadel.example.com/id-in/cse-in/ae/cnt"}) {
    EXPECT_TRUE(resourceIdNames(id, cnt, kCse)) << id;
  }
  for (const char* id : {"", "cnt12", "cse-in/ae", "/id-mn/cnt123", "//other.example.com/id-in/cnt123",
                         "cse-in/ae/cnt/la", "/id-in/", "//citadel.example.com/id-in"}) {
    EXPECT_FALSE(resourceIdNames(id, cnt, kCse)) << id;
  }
}

TEST(TokenPermissionsTest, APermissionWithoutResourceIdsCoversEverything) {
  auto cnt = resource("cnt123", "cse-in/ae/cnt");
  token::TokenPermission any;
  EXPECT_TRUE(permissionCovers(any, cnt, kCse));
  token::TokenPermission none;
  none.resource_ids = std::vector<std::string>{};
  EXPECT_FALSE(permissionCovers(none, cnt, kCse));
  token::TokenPermission listed;
  listed.resource_ids = std::vector<std::string>{"other", "cnt123"};
  EXPECT_TRUE(permissionCovers(listed, cnt, kCse));
}

TEST(TokenIssuersFileTest, LoadsIssuersAndGuardsSecrets) {
  testing::TempDir dir;
  std::string path = dir.file("issuers");
  std::ofstream(path) << "# comment\n\naa.example.com HS256 hex:"
                      << std::string(64, 'a') << "\n";
  ::chmod(path.c_str(), 0644);
  auto open = loadTrustedIssuers(path);
  ASSERT_FALSE(open.isOk());
  EXPECT_NE(open.status().dbg().find("chmod 600"), std::string::npos) << open.status().dbg();
  EXPECT_EQ(open.status().dbg().find(std::string(64, 'a')), std::string::npos)
      << "the secret never appears in a message";
  ::chmod(path.c_str(), 0600);
  auto loaded = loadTrustedIssuers(path);
  ASSERT_OK(loaded);
  EXPECT_EQ(loaded.value().size(), 1u);
  EXPECT_NE(loaded.value().find("aa.example.com"), nullptr);
}

TEST(TokenIssuersFileTest, RefusesMalformedLinesNamingTheLine) {
  testing::TempDir dir;
  for (const std::string& text : std::vector<std::string>{
           "only-two HS256\n", "x RS256 key.pem\n", "x ES256 missing.pem\n",
        "x HS256 hex:abcd\n", std::string("x HS256 hex:") + std::string(64, 'a') + " extra\n"}) {
    std::string path = dir.file("bad");
    std::ofstream(path, std::ios::trunc) << "# header\n" << text;
    ::chmod(path.c_str(), 0600);
    auto loaded = loadTrustedIssuers(path);
    ASSERT_FALSE(loaded.isOk()) << text;
    EXPECT_NE(loaded.status().dbg().find("line 2"), std::string::npos) << loaded.status().dbg();
  }
  EXPECT_FALSE(loadTrustedIssuers(dir.file("absent")).isOk());
}

}  // namespace
}  // namespace citadel::security
