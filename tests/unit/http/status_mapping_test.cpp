// rsc -> HTTP status, TS-0009 Table 6.3.2-1, transcribed independently from the spec digest
// (shared/spec/bindings.md §2) so that a typo in the production table shows up here.
#include "bindings/http/status_mapping.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace citadel::http {
namespace {

using model::Rsc;

struct StatusRow {
  int http;
  std::vector<uint16_t> rscs;
};

const std::vector<StatusRow> kSpecTable = {
    {200, {2000, 2002, 2004}},
    {201, {2001}},
    {202, {1000, 1001, 1002}},
    {400, {4000, 4102, 4110, 4120, 4122, 4123, 4143, 6010, 6022, 6023, 6024}},
    {403, {4101, 4103, 4106, 4107, 4108, 4109, 4111, 4112, 4113, 4114, 4115, 4116,
           4117, 4126, 4127, 5105, 5203, 5205, 5208, 5214, 5215, 5218, 5222}},
    {404, {4004, 4118, 4119, 4121, 5103, 5107, 6003, 6005}},
    {405, {4005}},
    {406, {5207}},
    {409, {4104, 4105, 4124, 5106, 5219, 5220, 6028, 6029}},
    {415, {4015}},
    {500, {5000, 5204, 5209, 5210, 5211, 5212, 5216, 5217, 5221, 6020, 6021, 6025, 6026}},
    {501, {4001, 4125, 5001, 5206}},
    {504, {4008, 6030, 6031}},
};

TEST(StatusMappingTest, MapsEveryCodeOfTheSpecTable) {
  size_t checked = 0;
  for (const StatusRow& row : kSpecTable) {
    for (uint16_t rsc : row.rscs) {
      EXPECT_EQ(httpStatusFor(static_cast<Rsc>(rsc)), row.http) << "rsc " << rsc;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 80u);  // guards against rows lost in editing
}

TEST(StatusMappingTest, MapsTheCodesClientsMeetMost) {
  EXPECT_EQ(httpStatusFor(Rsc::kOk), 200);
  EXPECT_EQ(httpStatusFor(Rsc::kCreated), 201);
  EXPECT_EQ(httpStatusFor(Rsc::kDeleted), 200);
  EXPECT_EQ(httpStatusFor(Rsc::kUpdated), 200);
  EXPECT_EQ(httpStatusFor(Rsc::kBadRequest), 400);
  EXPECT_EQ(httpStatusFor(Rsc::kReleaseVersionNotSupported), 501);
  EXPECT_EQ(httpStatusFor(Rsc::kNotFound), 404);
  EXPECT_EQ(httpStatusFor(Rsc::kOperationNotAllowed), 405);
  EXPECT_EQ(httpStatusFor(Rsc::kRequestTimeout), 504);
  EXPECT_EQ(httpStatusFor(Rsc::kUnsupportedMediaType), 415);
  EXPECT_EQ(httpStatusFor(Rsc::kOriginatorHasNoPrivilege), 403);
  EXPECT_EQ(httpStatusFor(Rsc::kConflict), 409);
  EXPECT_EQ(httpStatusFor(Rsc::kOriginatorHasAlreadyRegistered), 403);
  EXPECT_EQ(httpStatusFor(Rsc::kInvalidChildResourceType), 403);
  EXPECT_EQ(httpStatusFor(Rsc::kInternalServerError), 500);
  EXPECT_EQ(httpStatusFor(Rsc::kTargetNotReachable), 404);
  EXPECT_EQ(httpStatusFor(Rsc::kNotAcceptable), 406);
  EXPECT_EQ(httpStatusFor(Rsc::kMaxNumberOfMemberExceeded), 400);
}

TEST(StatusMappingTest, FallsBackByClassForUnlistedCodes) {
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(1003)), 202);
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(2003)), 200);
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(4128)), 403);  // digest: 4128 is not in the table
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(4999)), 403);
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(5999)), 500);
  EXPECT_EQ(httpStatusFor(static_cast<Rsc>(6999)), 500);
}

}  // namespace
}  // namespace citadel::http
