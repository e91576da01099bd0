// The Release 1 filter: what a Release 1 peer is sent (TS-0001 v1 §9.6, TS-0004 v1 §7.5.1).
#include "cse/codec/release1_filter.h"

#include <gtest/gtest.h>

namespace citadel::codec {
namespace {

using model::Json;

TEST(Release1FilterTest, DropsLaterAttributesOfAnAe) {
  Json content = {{"m2m:ae", {{"ri", "Cx"}, {"api", "Nx"}, {"rr", true}, {"srv", {"1"}},
                              {"csz", {"application/json"}}, {"cstn", "Cy"}}}};
  restrictToRelease1(content);
  EXPECT_EQ(content, (Json{{"m2m:ae", {{"ri", "Cx"}, {"api", "Nx"}, {"rr", true}}}}));
}

TEST(Release1FilterTest, FiltersEmbeddedChildrenAndKeepsTheirRoots) {
  Json content = {{"m2m:ae", {{"ri", "Cx"}, {"m2m:cnt", {{{"ri", "c1"}, {"disr", false}}}}}}};
  restrictToRelease1(content);
  EXPECT_EQ(content, (Json{{"m2m:ae", {{"ri", "Cx"}, {"m2m:cnt", {{{"ri", "c1"}}}}}}}));
}

TEST(Release1FilterTest, FiltersTheRepresentationInANotification) {
  Json content = {{"m2m:sgn", {{"nev", {{"net", 3}, {"rep", {{"m2m:cin", {{"con", "x"},
                                                                         {"dgt", "h"}}}}}}},
                               {"sur", "/id-in/sub1"}, {"nsi", 1}}}};
  restrictToRelease1(content);
  EXPECT_EQ(content, (Json{{"m2m:sgn", {{"nev", {{"net", 3}, {"rep", {{"m2m:cin", {{"con", "x"}}}}}}},
                                        {"sur", "/id-in/sub1"}}}}));
}

TEST(Release1FilterTest, LeavesOtherContentAlone) {
  Json uril = {{"m2m:uril", {"cse-in/a"}}};
  Json role = {{"m2m:rol", {{"rlid", "r@x"}}}};
  Json dbg = {{"m2m:dbg", "text"}};
  for (Json content : {uril, role, dbg, Json(), Json("s")}) {
    Json before = content;
    restrictToRelease1(content);
    EXPECT_EQ(content, before);
  }
}

}  // namespace
}  // namespace citadel::codec
