// The aclr (m2m:locationRegion, TS-0004 §6.3.5.28) and acod (accessControlObjectDetails,
// TS-0003 §7.1.5) members of an access-control rule, as the <ACP> handler checks them.
#include <gtest/gtest.h>

#include <string>

#include "resources/types/access_control_policy.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;

Json withContext(Json context) {
  return {{"acr", {{{"acor", {"Cx"}}, {"acop", 2}, {"acco", Json::array({context})}}}}};
}

Json withObject(Json object) {
  return {{"acr", {{{"acor", {"Cx"}}, {"acop", 1}, {"acod", Json::array({object})}}}}};
}

void expectBad(const Json& set, std::string_view mentions) {
  model::Status status = validateSetOfAcrs(set, "pv");
  EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest) << set.dump();
  EXPECT_NE(status.dbg().find(mentions), std::string::npos) << status.dbg();
}

TEST(AcpLocationRegionTest, AcceptsCountryCodesOrACircle) {
  EXPECT_OK(validateSetOfAcrs(withContext({{"aclr", {{"accc", {"KR", "DE"}}}}}), "pv"));
  EXPECT_OK(validateSetOfAcrs(withContext({{"aclr", {{"accr", {52.52, 13.4, 1000}}}}}), "pv"));
}

TEST(AcpLocationRegionTest, RefusesMalformedRegions) {
  expectBad(withContext({{"aclr", "DE"}}), "aclr");
  expectBad(withContext({{"aclr", Json::object()}}), "exactly one");
  expectBad(withContext({{"aclr", {{"accc", {"DE"}}, {"accr", {0, 0, 1}}}}}), "exactly one");
  expectBad(withContext({{"aclr", {{"accc", "DE"}}}}), "accc");
  expectBad(withContext({{"aclr", {{"accc", Json::array()}}}}), "accc");
  expectBad(withContext({{"aclr", {{"accc", {"DEU"}}}}}), "alpha-2");
  expectBad(withContext({{"aclr", {{"accc", {"de"}}}}}), "alpha-2");
  expectBad(withContext({{"aclr", {{"accc", {7}}}}}), "alpha-2");
  expectBad(withContext({{"aclr", {{"accr", {0, 0}}}}}), "accr");
  expectBad(withContext({{"aclr", {{"accr", {91, 0, 5}}}}}), "latitude");
  expectBad(withContext({{"aclr", {{"accr", {0, 181, 5}}}}}), "longitude");
  expectBad(withContext({{"aclr", {{"accr", {0, 0, -1}}}}}), "radius");
  expectBad(withContext({{"aclr", {{"accr", {"0", 0, 1}}}}}), "accr");
  expectBad(withContext({{"aclr", {{"xyz", {"DE"}}}}}), "exactly one");
}

TEST(AcpObjectDetailsTest, AcceptsChildTypesWithOptionalTargetType) {
  EXPECT_OK(validateSetOfAcrs(withObject({{"chty", {3, 4}}}), "pv"));
  EXPECT_OK(validateSetOfAcrs(withObject({{"ty", 2}, {"chty", {3}}}), "pv"));
  EXPECT_OK(validateSetOfAcrs(withObject({{"chty", Json::array()}}), "pv"));
}

TEST(AcpObjectDetailsTest, RefusesMalformedObjectDetails) {
  expectBad(withObject({{"ty", 2}}), "chty");  // childResourceType is mandatory
  expectBad(withObject({{"chty", {"3"}}}), "chty");
  expectBad(withObject({{"chty", {-1}}}), "chty");
  expectBad(withObject({{"chty", 3}}), "chty");
  expectBad(withObject({{"ty", "2"}, {"chty", {3}}}), "acod.ty");
  expectBad(withObject({{"chty", {3}}, {"other", 1}}), "acod.other");
}

}  // namespace
}  // namespace citadel::resources
