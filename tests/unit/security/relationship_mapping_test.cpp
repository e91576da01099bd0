// Authorization relationship mapping on the Hosting CSE's side (security/relationship_mapping.h,
// TS-0004 §6.3.5.58–59, §7.5.1.2.14–15): the primitives sent to a DAS, the DAS's answer read as
// another party's (hostile input), the timing-safe AuthorSign comparison, what a moved token's
// claims become, and the LocalTokenStore's DAS-issued tokens that take part.
#include "security/relationship_mapping.h"

#include <gtest/gtest.h>

#include "security/das_exchange.h"
#include "security/local_token_store.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;
using std::chrono::seconds;

const model::TimePoint kRelNow = model::TimePoint(seconds(1798761600));  // 2027-01-01
const resources::CseIdentity kRelCse{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};

model::Response answerOf(Json pc, model::Rsc rsc = model::Rsc::kOk) {
  model::Response response;
  response.status_code = rsc;
  response.content = std::move(pc);
  return response;
}

TEST(RelationshipMappingTest, TheNotifyToTheDasCarriesOnlyWhatWasGiven) {
  RelationshipQuery record{"//citadel.example.com/id-in/Cae", {"t1@das"}, {}, {"c2ln"}, false};
  model::Request notify = makeRelationshipNotify(record, "/id-in", "http://das/das", "rel-1");
  EXPECT_EQ(notify.operation, model::Operation::kNotify);
  EXPECT_EQ(notify.to, "http://das/das");
  EXPECT_EQ(notify.originator, "/id-in");
  EXPECT_EQ(notify.content,
            (Json{{"m2m:seci",
                   {{"sit", 7},
                    {"darq",
                     {{"or", "//citadel.example.com/id-in/Cae"}, {"tids", {"t1@das"}},
                      {"aus", {"c2ln"}}}}}}}));
  RelationshipQuery ask;
  ask.token_ids = {"t1@das"};
  ask.request_signature = true;
  EXPECT_EQ(makeRelationshipNotify(ask, "/id-in", "u", "r").content["m2m:seci"]["darq"],
            (Json{{"tids", {"t1@das"}}, {"asri", true}}));
}

TEST(RelationshipMappingTest, ReadsTheRecordedSignatures) {
  auto found = readRelationshipAnswer(answerOf(
      {{"m2m:seci", {{"sit", 8}, {"dars", {{"tids", {"t"}}, {"signature", {"a", "b"}}}}}}}));
  ASSERT_OK(found);
  EXPECT_EQ(found.value(), (std::vector<std::string>{"a", "b"}));
  for (const Json& none : {Json(), Json{{"m2m:seci", {{"sit", 8}}}},
                           Json{{"m2m:seci", {{"sit", 8}, {"dars", Json::object()}}}}}) {
    auto empty = readRelationshipAnswer(answerOf(none));
    ASSERT_OK(empty);
    EXPECT_TRUE(empty.value().empty());
  }
}

TEST(RelationshipMappingTest, RefusesHostileAnswersWithAReason) {
  EXPECT_REASON(readRelationshipAnswer(answerOf(nullptr, model::Rsc::kRequestTimeout)),
                "relmap.timeout");
  EXPECT_REASON(readRelationshipAnswer(answerOf(nullptr, model::Rsc::kBadRequest)),
                "relmap.refused");
  EXPECT_REASON(readRelationshipAnswer(answerOf(nullptr, model::Rsc::kTargetNotReachable)),
                "relmap.unreachable");
  Json many = Json::array();
  for (int i = 0; i < 17; ++i) many.push_back("s");
  for (const Json& pc : std::vector<Json>{
           Json::array(), Json("x"), {{"m2m:sgn", {}}}, {{"m2m:seci", 1}},
           {{"m2m:seci", {{"sit", 2}}}},  // a DAS answer, not a mapping response
           {{"m2m:seci", {{"sit", 8}, {"dars", "x"}}}},
           {{"m2m:seci", {{"sit", 8}, {"dars", {{"signature", "s"}}}}}},
           {{"m2m:seci", {{"sit", 8}, {"dars", {{"signature", many}}}}}},
           {{"m2m:seci", {{"sit", 8}, {"dars", {{"signature", {1}}}}}}},
           {{"m2m:seci", {{"sit", 8}, {"dars", {{"signature", {""}}}}}}},
           {{"m2m:seci", {{"sit", 8}, {"dars", {{"signature", {std::string(1025, 's')}}}}}}}}) {
    EXPECT_REASON(readRelationshipAnswer(answerOf(pc)), "relmap.bad_answer") << pc;
  }
}

TEST(RelationshipMappingTest, AnAuthorSignMatchesOnlyExactly) {
  EXPECT_TRUE(authorSignMatches({"x", "abc"}, {"abc"}));
  EXPECT_FALSE(authorSignMatches({"abd"}, {"abc"}));
  EXPECT_FALSE(authorSignMatches({"ab"}, {"abc"}));
  EXPECT_FALSE(authorSignMatches({"abcd"}, {"abc"}));
  EXPECT_FALSE(authorSignMatches({}, {"abc"}));
  EXPECT_FALSE(authorSignMatches({"abc"}, {}));
}

TEST(RelationshipMappingTest, AMovedTokensPrivilegesFollowTheHolder) {
  token::TokenClaims claims;
  claims.holder = "//citadel.example.com/id-in/Cold";
  token::TokenPermission permission;
  permission.privileges = Json{{"acr",
                                {{{"acor", {"/id-in/Cold", "Cother"}}, {"acop", 2}},
                                 {{"acor", {"//citadel.example.com/id-in/Cold"}}, {"acop", 4}}}}};
  claims.permissions = std::vector<token::TokenPermission>{permission};
  moveToHolder(claims, "//citadel.example.com/id-in/Cnew", kRelCse);
  EXPECT_EQ(claims.holder, "//citadel.example.com/id-in/Cnew");
  const Json& acr = (*claims.permissions)[0].privileges->at("acr");
  EXPECT_EQ(acr[0]["acor"],
            (Json{"//citadel.example.com/id-in/Cnew", "Cother"}));  // another AE stays
  EXPECT_EQ(acr[1]["acor"], Json{"//citadel.example.com/id-in/Cnew"});
}

std::shared_ptr<const token::TokenClaims> held(std::string id, std::string holder) {
  auto c = std::make_shared<token::TokenClaims>();
  c->token_id = std::move(id);
  c->holder = std::move(holder);
  c->not_before = kRelNow;
  c->not_after = kRelNow + seconds(60);
  return c;
}

TEST(RelationshipMappingTest, OnlyDasIssuedTokensCanMoveAndTheOldHolderLosesThem) {
  LocalTokenStore store;
  store.remember(held("presented@x", "//sp/id-in/C1"), false, kRelNow);
  EXPECT_FALSE(store.dasToken("presented@x", kRelNow));
  auto lti = store.remember(held("issued@x", "//sp/id-in/C1"), true, kRelNow, "http://das/das");
  auto token = store.dasToken("issued@x", kRelNow);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->das_uri, "http://das/das");
  // The holder presenting the same token itself does not take the DAS's entry's place.
  store.remember(held("issued@x", "//sp/id-in/C1"), false, kRelNow);
  EXPECT_EQ(store.dasToken("issued@x", kRelNow)->das_uri, "http://das/das");

  auto moved = store.rebind("issued@x", kRelNow, [](token::TokenClaims& claims) {
    claims.holder = "//sp/id-in/C2";
  });
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(store.heldBy("//sp/id-in/C2", kRelNow).size(), 1u);
  EXPECT_TRUE(store.heldBy("//sp/id-in/C1", kRelNow).empty());
  EXPECT_EQ(store.find(lti.local_token_id, kRelNow)->holder, "//sp/id-in/C2");
  // Expired: neither found nor moved.
  EXPECT_FALSE(store.dasToken("issued@x", kRelNow + seconds(60)));
  EXPECT_EQ(store.rebind("issued@x", kRelNow + seconds(60), [](token::TokenClaims&) {}), nullptr);
}

TEST(RelationshipMappingTest, TheDasAnswerCarriesAsriAndTheQueryAsi) {
  auto asked = readDasAnswer(
      answerOf({{"m2m:seci", {{"sit", 2}, {"dres", {{"tkns", {"a.b.c"}}, {"asri", true}}}}}}),
      kRelNow);
  ASSERT_OK(asked);
  EXPECT_TRUE(asked.value().author_sign_requested);
  EXPECT_REASON(readDasAnswer(answerOf({{"m2m:seci", {{"sit", 2}, {"dres", {{"asri", 1}}}}}}),
                              kRelNow),
                "das.bad_answer");
  DasQuery query;
  query.author_sign_indicator = true;
  EXPECT_EQ(makeDasNotify(query, "/id-in", "u", "r").content["m2m:seci"]["dreq"]["asi"], true);
  query.author_sign_indicator = false;
  EXPECT_FALSE(
      makeDasNotify(query, "/id-in", "u", "r").content["m2m:seci"]["dreq"].contains("asi"));
}

}  // namespace
}  // namespace citadel::security
