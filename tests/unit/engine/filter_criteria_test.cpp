// Filter criteria (TS-0004 §6.3.5.8 / §7.3.3.17; spec digest primitives.md §6): parsing with its
// 4000s, and matching of each condition at its boundaries, OR within a tag, fo between tags,
// attribute values with '*' and text forms of numbers.
#include "cse/engine/filter_criteria.h"

#include <gtest/gtest.h>

#include "tests/support/status_macros.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Rsc;
using resources::Resource;

Resource instance() {
  Resource r;
  r.attributes = {{"ty", 4},
                  {"ri", "cin1"},
                  {"rn", "reading-7"},
                  {"cs", 10},
                  {"st", 5},
                  {"cnf", "text/plain:0"},
                  {"lbl", {"room:1", "hot"}},
                  {"ct", "20270101T000010"},
                  {"lt", "20270101T000020"},
                  {"et", "20280101T000000"},
                  {"con", "21.5"},
                  {"_p", "cse-in/ae/cnt/reading-7"}};
  return r;
}

FilterCriteria parsed(const Json& fc) {
  auto result = parseFilterCriteria(fc);
  EXPECT_TRUE(result.isOk()) << fc.dump() << ": " << (result.isOk() ? "" : result.status().dbg());
  return result.isOk() ? result.value() : FilterCriteria{};
}

bool matches(const Json& fc) { return parsed(fc).matches(instance()); }

TEST(FilterCriteriaTest, ParsesEveryMember) {
  FilterCriteria f = parsed({{"fu", 1},
                             {"fo", 2},
                             {"crb", "20270101T000000"},
                             {"cra", "20260101T000000"},
                             {"ms", "20260101T000000"},
                             {"us", "20280101T000000"},
                             {"exb", "20290101T000000"},
                             {"exa", "20260101T000000"},
                             {"sts", 9},
                             {"stb", 1},
                             {"sza", 1},
                             {"szb", 99},
                             {"lbl", {"a", "b"}},
                             {"ty", {3, 4}},
                             {"cty", {"text/plain"}},
                             {"atr", {{{"nm", "rn"}, {"val", "x"}}}},
                             {"lim", 5},
                             {"lvl", 2},
                             {"ofst", 3},
                             {"arp", "la"}});
  EXPECT_EQ(f.filter_usage, 1);
  EXPECT_TRUE(f.use_or);
  EXPECT_EQ(f.labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.resource_types, (std::vector<uint16_t>{3, 4}));
  EXPECT_EQ(f.limit, 5);
  EXPECT_EQ(f.level, 2);
  EXPECT_EQ(f.offset, 3);
  EXPECT_EQ(f.apply_relative_path, "la");
  EXPECT_TRUE(f.hasConditions());
}

// Found by the filter_criteria fuzz target (tests/fuzz/regressions/filter_criteria/): a date after
// 2262 overflowed the clock's nanosecond count; it now compares as the latest time there is.
TEST(FilterCriteriaTest, ComparesDatesBeyondTheClockRangeAsLatest) {
  EXPECT_FALSE(matches({{"cra", "60250101T000000"}}));
  EXPECT_TRUE(matches({{"crb", "60250101T000000"}}));
  EXPECT_TRUE(matches({{"exb", "99991231T235959"}}));
  EXPECT_TRUE(matches({{"cra", "00010101T000000"}}));
}

TEST(FilterCriteriaTest, TreatsPagingMembersAsNoCondition) {
  EXPECT_FALSE(parsed(Json()).hasConditions());
  EXPECT_FALSE(
      parsed({{"fu", 1}, {"lim", 2}, {"lvl", 1}, {"ofst", 1}, {"arp", "la"}}).hasConditions());
  EXPECT_EQ(parsed(Json()).filter_usage, 2) << "conditional retrieval by default";
}

TEST(FilterCriteriaTest, RejectsUnknownMembersAndWrongTypes) {
  for (const Json& fc :
       {Json{{"bogus", 1}}, Json{{"fu", 0}}, Json{{"fu", 4}},
        Json{{"fo", 3}}, Json{{"crb", "yesterday"}}, Json{{"ms", 20270101}}, Json{{"sts", -1}},
        Json{{"sza", "big"}}, Json{{"lim", -1}}, Json{{"lvl", 0}}, Json{{"ofst", 0}},
        Json{{"ty", {"container"}}}, Json{{"ty", {70000}}}, Json{{"lbl", {1, 2}}},
        Json{{"atr", {{{"nm", "rn"}}}}}, Json{{"atr", {{{"nm", "_p"}, {"val", "x"}}}}},
        Json{{"arp", 5}}, Json::array({1})}) {
    auto result = parseFilterCriteria(fc);
    ASSERT_FALSE(result.isOk()) << fc.dump();
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest) << fc.dump();
    EXPECT_FALSE(result.status().dbg().empty()) << fc.dump();
  }
}

// Members m2m:filterCriteria defines but this CSE does not evaluate: the request is valid, the
// feature missing (5001, like fu=3), never silently ignored. (The geo-query members gmty, geom
// and gsf were among them until issue 24 #18; they are evaluated now.)
TEST(FilterCriteriaTest, AnswersNotImplementedForDefinedButUnsupportedMembers) {
  for (const Json& fc : {Json{{"fu", 1}, {"smf", "SELECT ?x"}}, Json{{"lbq", "a=b"}},
                         Json{{"cfs", 1}}, Json{{"cfq", "$.x"}}, Json{{"fu", 3}}}) {
    auto result = parseFilterCriteria(fc);
    ASSERT_FALSE(result.isOk()) << fc.dump();
    EXPECT_EQ(result.status().rsc(), Rsc::kNotImplemented) << fc.dump();
  }
}

// Issue 15 #10: the values of one request bound the matching work of a discovery.
TEST(FilterCriteriaTest, RejectsTooManyOrTooLongValuesWithActionableDbg) {
  Json labels = Json::array();
  Json attributes = Json::array();
  for (size_t i = 0; i <= kMaxFilterValues; ++i) {
    labels.push_back("l" + std::to_string(i));
    attributes.push_back({{"nm", "con"}, {"val", "*" + std::to_string(i)}});
  }
  std::string long_value(kMaxFilterValueBytes + 1, 'a');
  for (const Json& fc :
       {Json{{"lbl", labels}}, Json{{"atr", attributes}},
        Json{{"lbl", {"a", "b"}}, {"atr", Json(attributes.begin(), attributes.end() - 2)}},
        Json{{"atr", {{{"nm", "con"}, {"val", "*" + long_value}}}}},
        Json{{"atr", {{{"nm", "con"}, {"val", {{"x", long_value}}}}}}}, Json{{"lbl", {long_value}}},
        Json{{"cty", long_value}}, Json{{"arp", long_value}}}) {
    auto result = parseFilterCriteria(fc);
    ASSERT_FALSE(result.isOk()) << fc.dump().substr(0, 80);
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
    EXPECT_TRUE(result.status().reason() == "fc.too_many_values" ||
                result.status().reason() == "fc.value_too_long")
        << result.status().reason();
    EXPECT_NE(result.status().dbg().find(std::to_string(
                  result.status().reason() == "fc.too_many_values" ? kMaxFilterValues
                                                                   : kMaxFilterValueBytes)),
              std::string::npos)
        << result.status().dbg();
  }
  labels.erase(labels.end() - 1);
  EXPECT_EQ(parsed({{"lbl", labels}}).labels.size(), kMaxFilterValues);
  EXPECT_EQ(parsed({{"arp", std::string(kMaxFilterValueBytes, 'a')}}).apply_relative_path.size(),
            kMaxFilterValueBytes);
}

TEST(FilterCriteriaTest, AnswersNotImplementedForIpeDiscovery) {
  auto result = parseFilterCriteria({{"fu", 3}});
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().rsc(), Rsc::kNotImplemented);
}

TEST(FilterCriteriaTest, AcceptsSingleValuesForListMembers) {
  EXPECT_EQ(parsed({{"ty", 4}}).resource_types, std::vector<uint16_t>{4});
  EXPECT_EQ(parsed({{"lbl", "hot"}}).labels, std::vector<std::string>{"hot"});
}

TEST(FilterCriteriaTest, MatchesTimestampsAtTheirBoundaries) {
  EXPECT_TRUE(matches({{"crb", "20270101T000011"}}));  // ct < crb
  EXPECT_FALSE(matches({{"crb", "20270101T000010"}}));
  EXPECT_TRUE(matches({{"cra", "20270101T000010"}}));  // cra <= ct
  EXPECT_FALSE(matches({{"cra", "20270101T000011"}}));
  EXPECT_TRUE(matches({{"ms", "20270101T000020"}}));  // ms <= lt
  EXPECT_FALSE(matches({{"ms", "20270101T000021"}}));
  EXPECT_TRUE(matches({{"us", "20270101T000021"}}));  // lt < us
  EXPECT_FALSE(matches({{"us", "20270101T000020"}}));
  EXPECT_TRUE(matches({{"exb", "20280101T000001"}}));  // et < exb
  EXPECT_FALSE(matches({{"exb", "20280101T000000"}}));
  EXPECT_TRUE(matches({{"exa", "20280101T000000"}}));  // exa <= et
  EXPECT_FALSE(matches({{"exa", "20280101T000001"}}));
}

TEST(FilterCriteriaTest, MatchesNumbersAtTheirBoundaries) {
  EXPECT_TRUE(matches({{"sts", 6}}));  // st < sts
  EXPECT_FALSE(matches({{"sts", 5}}));
  EXPECT_TRUE(matches({{"stb", 5}}));  // stb <= st
  EXPECT_FALSE(matches({{"stb", 6}}));
  EXPECT_TRUE(matches({{"sza", 10}}));  // sza <= cs
  EXPECT_FALSE(matches({{"sza", 11}}));
  EXPECT_TRUE(matches({{"szb", 11}}));  // cs < szb
  EXPECT_FALSE(matches({{"szb", 10}}));
  Resource no_size;
  no_size.attributes = {{"ty", 3}};
  EXPECT_FALSE(parsed({{"sza", 0}}).matches(no_size)) << "no cs: a size filter cannot hold";
}

TEST(FilterCriteriaTest, OrsValuesOfOneTag) {
  EXPECT_TRUE(matches({{"lbl", {"cold", "hot"}}}));
  EXPECT_FALSE(matches({{"lbl", {"cold", "room:2"}}}));
  EXPECT_TRUE(matches({{"ty", {3, 4}}}));
  EXPECT_FALSE(matches({{"ty", {2, 3}}}));
  EXPECT_TRUE(matches({{"cty", {"application/json", "text/plain"}}}));
  EXPECT_FALSE(matches({{"cty", {"text/plain:0"}}})) << "cty compares the media type only";
}

TEST(FilterCriteriaTest, CombinesDifferentTagsByFilterOperation) {
  Json and_fc = {{"ty", {4}}, {"lbl", {"cold"}}};
  EXPECT_FALSE(matches(and_fc));
  Json or_fc = and_fc;
  or_fc["fo"] = 2;
  EXPECT_TRUE(matches(or_fc));
  EXPECT_FALSE(matches({{"ty", {3}}, {"lbl", {"cold"}}, {"fo", 2}}));
  EXPECT_TRUE(matches({{"ty", {4}}, {"lbl", {"hot"}}, {"sza", 10}}));
}

TEST(FilterCriteriaTest, MatchesAttributeValues) {
  EXPECT_TRUE(matches({{"atr", {{{"nm", "rn"}, {"val", "reading-7"}}}}}));
  EXPECT_FALSE(matches({{"atr", {{{"nm", "rn"}, {"val", "reading-8"}}}}}));
  EXPECT_TRUE(matches({{"atr", {{{"nm", "rn"}, {"val", "reading-*"}}}}}));
  EXPECT_TRUE(matches({{"atr", {{{"nm", "rn"}, {"val", "*-7"}}}}}));
  EXPECT_FALSE(matches({{"atr", {{{"nm", "rn"}, {"val", "*-8"}}}}}));
  // Query strings carry numbers as text ("mni=10").
  Resource container;
  container.attributes = {{"ty", 3}, {"mni", 10}};
  EXPECT_TRUE(parsed({{"atr", {{{"nm", "mni"}, {"val", "10"}}}}}).matches(container));
  EXPECT_TRUE(parsed({{"atr", {{{"nm", "mni"}, {"val", 10}}}}}).matches(container));
  EXPECT_FALSE(parsed({{"atr", {{{"nm", "mni"}, {"val", 11}}}}}).matches(container));
  EXPECT_FALSE(matches({{"atr", {{{"nm", "mni"}, {"val", "*"}}}}})) << "absent attribute";
  // Entries with one name are ORed; different names are separate tags (AND by default).
  EXPECT_TRUE(
      matches({{"atr", {{{"nm", "rn"}, {"val", "x"}}, {{"nm", "rn"}, {"val", "reading-7"}}}}}));
  EXPECT_FALSE(
      matches({{"atr", {{{"nm", "rn"}, {"val", "reading-7"}}, {{"nm", "con"}, {"val", "1"}}}}}));
}

// TS-0004 §7.3.3.17.9 and TS-0009 §6.2.2.2: attribute conditions name attributes (of the
// types in ty), never one with its own condition tag.
TEST(FilterCriteriaTest, RefusesAttributeNamesThatAreNoAttributeCondition) {
  for (const char* name : {"ct", "lt", "st", "et", "lbl", "ty", "cs", "cnf", "foo", "_p"}) {
    auto result = parseFilterCriteria({{"atr", {{{"nm", name}, {"val", "1"}}}}});
    ASSERT_FALSE(result.isOk()) << name;
    EXPECT_EQ(result.status().rsc(), model::Rsc::kBadRequest) << name;
  }
  EXPECT_TRUE(parseFilterCriteria({{"ty", 3}, {"atr", {{{"nm", "mni"}, {"val", "1"}}}}}).isOk());
  EXPECT_FALSE(parseFilterCriteria({{"ty", 4}, {"atr", {{{"nm", "mni"}, {"val", "1"}}}}}).isOk());
}

// Issue 24 #18, geo-query (Release 4 m2m:filterCriteria gmty/geom/gsf): the three go together,
// each is validated, and a resource matches by its location (loc).
TEST(FilterCriteriaTest, GeoQueryNeedsAllThreeMembers) {
  const Json complete = {{"gmty", 1}, {"geom", "[1,2]"}, {"gsf", 3}};
  EXPECT_TRUE(parsed(complete).geo_query.has_value());
  EXPECT_TRUE(parsed(complete).hasConditions());
  for (const char* missing : {"gmty", "geom", "gsf"}) {
    Json fc = complete;
    fc.erase(missing);
    auto result = parseFilterCriteria(fc);
    ASSERT_FALSE(result.isOk()) << fc.dump();
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest);
    EXPECT_EQ(result.status().reason(), "fc.geo_incomplete");
    EXPECT_NE(result.status().dbg().find(missing), std::string::npos) << result.status().dbg();
  }
}

TEST(FilterCriteriaTest, GeoQueryMembersAreValidated) {
  for (const Json& fc : {Json{{"gmty", 0}, {"geom", "[1,2]"}, {"gsf", 1}},
                         Json{{"gmty", 7}, {"geom", "[1,2]"}, {"gsf", 1}},
                         Json{{"gmty", "1"}, {"geom", "[1,2]"}, {"gsf", 1}},
                         Json{{"gmty", 1}, {"geom", "[1,2]"}, {"gsf", 0}},
                         Json{{"gmty", 1}, {"geom", "[1,2]"}, {"gsf", 4}},
                         Json{{"gmty", 1}, {"geom", Json::array({1, 2})}, {"gsf", 1}},
                         Json{{"gmty", 1}, {"geom", "[1]"}, {"gsf", 1}},
                         Json{{"gmty", 3}, {"geom", "[[[0,0],[1,0],[1,1],[0,1]]]"}, {"gsf", 1}},
                         Json{{"gmty", 3}, {"geom", "[1,2]"}, {"gsf", 1}}}) {
    auto result = parseFilterCriteria(fc);
    ASSERT_FALSE(result.isOk()) << fc.dump();
    EXPECT_EQ(result.status().rsc(), Rsc::kBadRequest) << fc.dump();
    EXPECT_FALSE(result.status().dbg().empty());
  }
}

TEST(FilterCriteriaTest, GeoQueryMatchesTheLocation) {
  Resource located = instance();
  located.attributes["loc"] = {{"typ", 1}, {"crd", "[5, 5]"}};
  const std::string square = "[[[0,0],[10,0],[10,10],[0,10],[0,0]]]";
  auto query = [](int gmty, const std::string& geom, int gsf) {
    return parsed({{"gmty", gmty}, {"geom", geom}, {"gsf", gsf}});
  };
  EXPECT_TRUE(query(3, square, 1).matches(located));   // within the square
  EXPECT_FALSE(query(3, square, 2).matches(located));  // a point contains no square
  EXPECT_TRUE(query(3, square, 3).matches(located));
  EXPECT_TRUE(query(1, "[5,5]", 2).matches(located));
  EXPECT_FALSE(query(1, "[6,5]", 3).matches(located));
  // Without loc nothing matches, whatever the relation.
  for (int gsf : {1, 2, 3}) EXPECT_FALSE(query(3, square, gsf).matches(instance()));
  // With other conditions: AND by default, OR with fo=2.
  Json fc = {{"gmty", 1}, {"geom", "[6,5]"}, {"gsf", 3}, {"lbl", {"hot"}}};
  EXPECT_FALSE(parsed(fc).matches(located));
  fc["fo"] = 2;
  EXPECT_TRUE(parsed(fc).matches(located));
}

}  // namespace
}  // namespace citadel::engine
