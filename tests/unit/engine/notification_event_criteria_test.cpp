// eventMatches (TS-0004 §7.5.1.2.2 Step 1.0, eventNotificationCriteria; spec digest
// primitives.md §3 net table and resources.md "subscription"): which events concern a
// subscription, for net, chty, atr, each condition tag at its boundary, and fo.
#include <gtest/gtest.h>

#include "cse/engine/notification/event_criteria.h"

namespace citadel::engine {
namespace {

using model::Json;
using resources::Resource;

Resource criteriaInstance() {
  Resource r;
  r.attributes = {{"ty", 4},
                  {"ri", "cin1"},
                  {"cs", 10},
                  {"st", 5},
                  {"ct", "20270101T000010"},
                  {"lt", "20270101T000020"},
                  {"et", "20280101T000000"}};
  return r;
}

Resource containerResource() {
  Resource r;
  r.attributes = {{"ty", 3}, {"ri", "cnt1"}, {"st", 2}, {"ct", "20270101T000000"}};
  return r;
}

bool matches(const Json& enc, int net, const Resource& resource, const Json* changes = nullptr) {
  return eventMatches(enc, ResourceEvent{net, resource, changes});
}

TEST(EventCriteriaTest, SelectsOnlyUpdatesWithoutEnc) {
  Resource r = containerResource();
  Json changes = {{"lbl", {"x"}}};
  EXPECT_TRUE(matches(Json(), 1, r, &changes));
  for (int net : {2, 3, 4, 5}) {
    EXPECT_FALSE(matches(Json(), net, r)) << net;
  }
  EXPECT_TRUE(matches(Json::object(), 1, r, &changes)) << "enc without net: updates only";
  EXPECT_FALSE(matches(Json::object(), 3, r));
  EXPECT_FALSE(matches({{"net", Json::array()}}, 3, r)) << "an empty net list is the default";
}

TEST(EventCriteriaTest, SelectsListedEventTypes) {
  Resource r = criteriaInstance();
  Json enc = {{"net", {2, 3}}};
  EXPECT_TRUE(matches(enc, 2, r));
  EXPECT_TRUE(matches(enc, 3, r));
  EXPECT_FALSE(matches(enc, 1, r));
  EXPECT_FALSE(matches(enc, 4, r));
}

TEST(EventCriteriaTest, FiltersChildEventsByChildResourceType) {
  Json enc = {{"net", {3, 4}}, {"chty", {4}}};
  EXPECT_TRUE(matches(enc, 3, criteriaInstance()));
  EXPECT_TRUE(matches(enc, 4, criteriaInstance()));
  EXPECT_FALSE(matches(enc, 3, containerResource()));
  EXPECT_FALSE(matches(enc, 4, containerResource()));
  Json several = {{"net", {3}}, {"chty", {3, 4}}};
  EXPECT_TRUE(matches(several, 3, containerResource()));
}

TEST(EventCriteriaTest, FiltersUpdatesByChangedAttributes) {
  Resource r = containerResource();
  Json enc = {{"net", {1}}, {"atr", {"lbl", "mni"}}};
  Json lbl = {{"lbl", {"a"}}};
  Json mbs = {{"mbs", 10}};
  Json both = {{"mbs", 10}, {"mni", 3}};
  EXPECT_TRUE(matches(enc, 1, r, &lbl));
  EXPECT_FALSE(matches(enc, 1, r, &mbs));
  EXPECT_TRUE(matches(enc, 1, r, &both)) << "any one listed attribute is enough";
}

// TS-0004 §7.5.1.2.19: a Blocking_Update subscription's atr is checked as for net 1.
TEST(EventCriteriaTest, FiltersBlockingUpdatesByChangedAttributes) {
  Resource r = containerResource();
  Json enc = {{"net", {7}}, {"atr", {"lbl"}}};
  Json lbl = {{"lbl", {"a"}}};
  Json mbs = {{"mbs", 10}};
  EXPECT_TRUE(matches(enc, 7, r, &lbl));
  EXPECT_FALSE(matches(enc, 7, r, &mbs));
  EXPECT_FALSE(matches(enc, 1, r, &lbl)) << "an ordinary update event does not concern it";
}

TEST(EventCriteriaTest, TestsTimestampConditionsAtTheirBoundaries) {
  Resource r = criteriaInstance();  // ct ...0010, lt ...0020, et 20280101T000000
  Json net = {3};
  auto with = [&](const char* tag, const char* value) {
    return matches({{"net", net}, {tag, value}}, 3, r);
  };
  EXPECT_TRUE(with("crb", "20270101T000011"));  // ct < crb
  EXPECT_FALSE(with("crb", "20270101T000010"));
  EXPECT_TRUE(with("cra", "20270101T000010"));  // cra <= ct
  EXPECT_FALSE(with("cra", "20270101T000011"));
  EXPECT_TRUE(with("ms", "20270101T000020"));  // ms <= lt
  EXPECT_FALSE(with("ms", "20270101T000021"));
  EXPECT_TRUE(with("us", "20270101T000021"));  // lt < us
  EXPECT_FALSE(with("us", "20270101T000020"));
  EXPECT_TRUE(with("exb", "20280101T000001"));  // et < exb
  EXPECT_FALSE(with("exb", "20280101T000000"));
  EXPECT_TRUE(with("exa", "20280101T000000"));  // exa <= et
  EXPECT_FALSE(with("exa", "20280101T000001"));
}

TEST(EventCriteriaTest, TestsNumericConditionsAtTheirBoundaries) {
  Resource r = criteriaInstance();  // cs 10, st 5
  auto with = [&](const char* tag, int value) {
    return matches({{"net", {3}}, {tag, value}}, 3, r);
  };
  EXPECT_TRUE(with("sza", 10));  // sza <= cs
  EXPECT_FALSE(with("sza", 11));
  EXPECT_TRUE(with("szb", 11));  // cs < szb
  EXPECT_FALSE(with("szb", 10));
  EXPECT_TRUE(with("sts", 6));  // st < sts
  EXPECT_FALSE(with("sts", 5));
  EXPECT_TRUE(with("stb", 5));  // stb <= st
  EXPECT_FALSE(with("stb", 6));
}

TEST(EventCriteriaTest, RequiresSizeConditionsToHaveASize) {
  // A container has no contentSize: size conditions cannot hold for it.
  EXPECT_FALSE(matches({{"net", {3}}, {"sza", 0}}, 3, containerResource()));
  EXPECT_FALSE(matches({{"net", {3}}, {"szb", 100}}, 3, containerResource()));
}

TEST(EventCriteriaTest, CombinesConditionsWithAndOrOr) {
  Resource r = criteriaInstance();                                // cs 10, st 5
  Json and_enc = {{"net", {3}}, {"sza", 5}, {"stb", 9}};  // true, false
  EXPECT_FALSE(matches(and_enc, 3, r));
  Json explicit_and = and_enc;
  explicit_and["fo"] = 1;
  EXPECT_FALSE(matches(explicit_and, 3, r));
  Json or_enc = and_enc;
  or_enc["fo"] = 2;
  EXPECT_TRUE(matches(or_enc, 3, r));
  Json none = {{"net", {3}}, {"sza", 50}, {"stb", 9}, {"fo", 2}};
  EXPECT_FALSE(matches(none, 3, r));
  // net and chty are not conditions combined by fo: they always apply.
  Json wrong_type = {{"net", {3}}, {"chty", {3}}, {"sza", 5}, {"fo", 2}};
  EXPECT_FALSE(matches(wrong_type, 3, r));
}

// operationMonitor (TS-0004 Table 6.3.5.57-1): ops is an m2m:accessControlOperations bit set,
// an absent ops or or matches any; entries are alternatives. With om and no net, the
// Update_of_Resource default does not apply.
TEST(EventCriteriaTest, OperationMonitorMatchesListedOperationsAndOriginators) {
  Json enc = {{"om", {{{"ops", 2 | 8}, {"or", "Ca"}}, {{"ops", 16}}}}};
  EXPECT_TRUE(operationMatches(enc, 2, "Ca"));
  EXPECT_TRUE(operationMatches(enc, 8, "Ca"));
  EXPECT_FALSE(operationMatches(enc, 4, "Ca"));
  EXPECT_FALSE(operationMatches(enc, 2, "Cb"));
  EXPECT_TRUE(operationMatches(enc, 16, "Cb"));
  EXPECT_TRUE(operationMatches({{"om", {{{"or", "Ca"}}}}}, 32, "Ca"));
  EXPECT_TRUE(operationMatches({{"om", {{{"ops", 1}}}}}, 1, "anyone"));
  EXPECT_FALSE(operationMatches({{"om", Json::array()}}, 1, "Ca"));
  EXPECT_FALSE(operationMatches({{"net", {1}}}, 1, "Ca"));
  EXPECT_FALSE(operationMatches(Json(), 1, "Ca"));
  Json changes = {{"lbl", {"x"}}};
  EXPECT_FALSE(matches(enc, 1, containerResource(), &changes));
  EXPECT_TRUE(matches({{"om", Json::array()}}, 1, containerResource(), &changes));
}

}  // namespace
}  // namespace citadel::engine
