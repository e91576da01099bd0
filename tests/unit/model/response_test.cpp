// Response::fromStatus, rsc names, operation names and the Status / Result currency.
#include "cse/model/response.h"

#include <gtest/gtest.h>

#include <string>

#include "cse/model/rsc.h"
#include "cse/model/status.h"
#include "cse/model/types.h"
#include "tests/support/status_macros.h"

namespace citadel::model {
namespace {

TEST(ResponseTest, BuildsDebugContentFromStatus) {
  Status status = Status::notFound("resource 'x' does not exist", "target.not_found");
  Response response = Response::fromStatus(status, "req-1");
  EXPECT_EQ(response.status_code, Rsc::kNotFound);
  EXPECT_EQ(response.request_id, "req-1");
  EXPECT_EQ(response.reason, "target.not_found");
  EXPECT_EQ(response.content, Json({{"m2m:dbg", "resource 'x' does not exist"}}));
}

TEST(ResponseTest, NeverEchoesARequestIdWithControlCharacters) {
  // Issue 15 #14: the binding would put the rqi into a response header raw.
  for (const std::string& rqi : {std::string("r\r\nX-Injected: 1"), std::string("r\x01"),
                                 std::string("r\x7f"), std::string("r\0x", 3)}) {
    Response response = Response::fromStatus(Status::badRequest("bad"), rqi);
    EXPECT_EQ(response.request_id, "") << rqi;
  }
  EXPECT_EQ(Response::fromStatus(Status::badRequest("bad"), "r-1~").request_id, "r-1~");
}

TEST(ResponseTest, OmitsContentWhenStatusHasNoDebugText) {
  Response response = Response::fromStatus(Status(Rsc::kConflict, "", "x.y"), "req-2");
  EXPECT_EQ(response.status_code, Rsc::kConflict);
  EXPECT_TRUE(response.content.is_null());
}

TEST(ResponseTest, DenialDebugTextDoesNotRevealReason) {
  Response response = Response::fromStatus(Status::noPrivilege("acp.no_matching_rule"), "req-3");
  EXPECT_EQ(response.status_code, Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(response.reason, "acp.no_matching_rule");
  ASSERT_TRUE(response.content.contains("m2m:dbg"));
  EXPECT_EQ(response.content["m2m:dbg"].get<std::string>().find("acp."), std::string::npos);
}

TEST(RscTest, NamesSpecConstants) {
  EXPECT_EQ(rscName(Rsc::kOk), "OK");
  EXPECT_EQ(rscName(Rsc::kCreated), "CREATED");
  EXPECT_EQ(rscName(Rsc::kBadRequest), "BAD_REQUEST");
  EXPECT_EQ(rscName(Rsc::kNotFound), "NOT_FOUND");
  EXPECT_EQ(rscName(Rsc::kOriginatorHasNoPrivilege), "ORIGINATOR_HAS_NO_PRIVILEGE");
  EXPECT_EQ(rscName(Rsc::kOriginatorHasAlreadyRegistered), "ORIGINATOR_HAS_ALREADY_REGISTERED");
  EXPECT_EQ(rscName(Rsc::kTargetNotReachable), "TARGET_NOT_REACHABLE");
  EXPECT_EQ(rscName(Rsc::kNotAcceptable), "NOT_ACCEPTABLE");
  EXPECT_EQ(rscName(Rsc::kMaxNumberOfMemberExceeded), "MAX_NUMBER_OF_MEMBER_EXCEEDED");
}

TEST(RscTest, NamesUnknownValueUnknown) {
  EXPECT_EQ(rscName(static_cast<Rsc>(4999)), "UNKNOWN");
  EXPECT_EQ(rscName(static_cast<Rsc>(0)), "UNKNOWN");
}

TEST(RscTest, ClassifiesSuccessCodes) {
  EXPECT_TRUE(isSuccess(Rsc::kAccepted));
  EXPECT_TRUE(isSuccess(Rsc::kOk));
  EXPECT_TRUE(isSuccess(Rsc::kUpdated));
  EXPECT_FALSE(isSuccess(Rsc::kBadRequest));
  EXPECT_FALSE(isSuccess(Rsc::kInternalServerError));
}

TEST(TypesTest, MapsOperationsToAndFromIntegers) {
  EXPECT_EQ(operationFromInt(1), Operation::kCreate);
  EXPECT_EQ(operationFromInt(5), Operation::kNotify);
  EXPECT_FALSE(operationFromInt(0).has_value());
  EXPECT_FALSE(operationFromInt(6).has_value());
  EXPECT_FALSE(operationFromInt(-1).has_value());
  EXPECT_EQ(operationName(Operation::kUpdate), "UPDATE");
  EXPECT_EQ(operationName(static_cast<Operation>(9)), "UNKNOWN");
}

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.isOk());
  EXPECT_EQ(status.rsc(), Rsc::kOk);
  EXPECT_TRUE(status.dbg().empty());
}

TEST(StatusTest, FactoriesSetCodeAndReason) {
  EXPECT_EQ(Status::badRequest("x").reason(), "request.bad");
  EXPECT_EQ(Status::badRequest("x", "custom").reason(), "custom");
  EXPECT_EQ(Status::operationNotAllowed("x").rsc(), Rsc::kOperationNotAllowed);
  EXPECT_EQ(Status::conflict("x").rsc(), Rsc::kConflict);
  EXPECT_EQ(Status::internal("x").rsc(), Rsc::kInternalServerError);
  Status denied = Status::noPrivilege("acp.no_rules");
  EXPECT_EQ(denied.rsc(), Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(denied.dbg(), "originator has no privilege");
}

Result<int> half(int value) {
  if (value % 2 != 0) {
    return Status::badRequest("odd", "test.odd");
  }
  return value / 2;
}

Result<int> quarter(int value) {
  CITADEL_ASSIGN_OR_RETURN(int h, half(value));
  CITADEL_ASSIGN_OR_RETURN(int q, half(h));
  return q;
}

TEST(StatusTest, AssignOrReturnPropagatesFirstError) {
  Result<int> ok = quarter(12);
  ASSERT_OK(ok);
  EXPECT_EQ(ok.value(), 3);
  Result<int> bad = quarter(6);  // 6 -> 3 -> odd
  ASSERT_RSC(bad, Rsc::kBadRequest);
  EXPECT_EQ(bad.status().reason(), "test.odd");
}

}  // namespace
}  // namespace citadel::model
