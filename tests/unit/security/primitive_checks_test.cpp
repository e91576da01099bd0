// The request-parameter rules that do not need the tree (TS-0004 Table 7.2.1.1-1): rqi, ty,
// pc, rvi and ec in checkPrimitiveShape; rqet / rset / oet in checkRequestTiming.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "security/primitive_checks.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;

model::Request request(Operation op) {
  model::Request r;
  r.operation = op;
  r.to = "cse-in";
  r.originator = "Clamp";
  r.request_id = "rq-1";
  r.release_version_indicator = "3";
  if (op == Operation::kCreate) {
    r.resource_type = 3;
  }
  if (op == Operation::kCreate || op == Operation::kUpdate || op == Operation::kNotify) {
    r.content = {{"m2m:cnt", Json::object()}};
  }
  return r;
}

void expectShapeError(const model::Request& r, Rsc rsc, std::string_view reason) {
  model::Status status = checkPrimitiveShape(r);
  ASSERT_RSC(status, rsc);
  EXPECT_EQ(status.reason(), reason);
}

TEST(PrimitiveShapeTest, AcceptsWellFormedPrimitives) {
  for (Operation op : {Operation::kCreate, Operation::kRetrieve, Operation::kUpdate,
                       Operation::kDelete, Operation::kNotify}) {
    SCOPED_TRACE(model::operationName(op));
    EXPECT_OK(checkPrimitiveShape(request(op)));
  }
}

TEST(PrimitiveShapeTest, RequiresRequestIdentifier) {
  model::Request r = request(Operation::kRetrieve);
  r.request_id.clear();
  expectShapeError(r, Rsc::kBadRequest, "primitive.missing_rqi");
}

TEST(PrimitiveShapeTest, RequiresTyOnCreateOnly) {
  model::Request create = request(Operation::kCreate);
  create.resource_type.reset();
  expectShapeError(create, Rsc::kBadRequest, "primitive.missing_ty");
  model::Request retrieve = request(Operation::kRetrieve);
  retrieve.resource_type = 3;
  expectShapeError(retrieve, Rsc::kBadRequest, "primitive.unexpected_ty");
}

TEST(PrimitiveShapeTest, RequiresContentWhereMandatory) {
  for (Operation op : {Operation::kCreate, Operation::kUpdate, Operation::kNotify}) {
    model::Request r = request(op);
    r.content = nullptr;
    expectShapeError(r, Rsc::kBadRequest, "primitive.missing_pc");
  }
}

TEST(PrimitiveShapeTest, RejectsContentOnDeleteButAllowsItOnRetrieve) {
  model::Request del = request(Operation::kDelete);
  del.content = Json::object();
  expectShapeError(del, Rsc::kBadRequest, "primitive.unexpected_pc");
  model::Request retrieve = request(Operation::kRetrieve);
  retrieve.content = Json::object();
  EXPECT_OK(checkPrimitiveShape(retrieve));
}

TEST(PrimitiveShapeTest, AcceptsSupportedReleaseVersions) {
  for (std::string rvi : {"", "2", "2a", "3", "4", "5"}) {
    model::Request r = request(Operation::kRetrieve);
    r.release_version_indicator = rvi;
    EXPECT_OK(checkPrimitiveShape(r));
  }
}

TEST(PrimitiveShapeTest, RejectsUnsupportedReleaseVersionWith4001) {
  for (std::string rvi : {"1", "6", "3a", "x"}) {
    model::Request r = request(Operation::kRetrieve);
    r.release_version_indicator = rvi;
    expectShapeError(r, Rsc::kReleaseVersionNotSupported, "primitive.rvi_unsupported");
  }
}

TEST(PrimitiveShapeTest, ChecksEventCategory) {
  for (std::string ec : {"2", "3", "4", "100", "999"}) {
    model::Request r = request(Operation::kRetrieve);
    r.event_category = ec;
    EXPECT_OK(checkPrimitiveShape(r));
  }
  for (std::string ec : {"1", "5", "99", "1000", "abc", "-2", "2x", " 3", "100.5"}) {
    model::Request r = request(Operation::kRetrieve);
    r.event_category = ec;
    expectShapeError(r, Rsc::kBadRequest, "primitive.bad_ec");
  }
}

// 2024-02-29T12:34:56Z.
const model::TimePoint kChecksNow = model::TimePoint(std::chrono::seconds(1709210096));

model::Status timing(model::Request r, std::optional<model::TimePoint>* oet) {
  return checkRequestTiming(r, kChecksNow, oet);
}

TEST(RequestTimingTest, AcceptsAbsentTimestamps) {
  std::optional<model::TimePoint> oet;
  EXPECT_OK(timing(request(Operation::kRetrieve), &oet));
  EXPECT_FALSE(oet.has_value());
}

TEST(RequestTimingTest, RejectsMalformedTimestamps) {
  for (std::string text : {"tomorrow", "--5", "-", "20241301T000000", "12.5"}) {
    model::Request r = request(Operation::kRetrieve);
    r.request_expiration_timestamp = text;
    std::optional<model::TimePoint> oet;
    model::Status status = timing(r, &oet);
    ASSERT_RSC(status, Rsc::kBadRequest);
    EXPECT_EQ(status.reason(), "primitive.bad_timestamp") << text;
  }
}

TEST(RequestTimingTest, AnswersRequestTimeoutWhenAlreadyExpired) {
  model::Request r = request(Operation::kRetrieve);
  r.request_expiration_timestamp = "20240229T123455";
  std::optional<model::TimePoint> oet;
  model::Status status = timing(r, &oet);
  ASSERT_RSC(status, Rsc::kRequestTimeout);
  EXPECT_EQ(status.reason(), "primitive.expired");
  r.request_expiration_timestamp = "5000";  // 5 s from now: fine
  EXPECT_OK(timing(r, &oet));
}

// m2m:absRelTimestamp is a union with xs:long: a negative relative rqet or rset lies in the
// past, so the request has expired (TS-0004 §7.3.2.1): 4008, not 4000.
TEST(RequestTimingTest, NegativeRelativeExpirationHasExpired) {
  std::optional<model::TimePoint> oet;
  model::Request r = request(Operation::kRetrieve);
  r.request_expiration_timestamp = "-1000";
  model::Status rqet = timing(r, &oet);
  ASSERT_RSC(rqet, Rsc::kRequestTimeout);
  EXPECT_EQ(rqet.reason(), "primitive.expired");
  r = request(Operation::kRetrieve);
  r.result_expiration_timestamp = "-1000";
  model::Status rset = timing(r, &oet);
  ASSERT_RSC(rset, Rsc::kRequestTimeout);
  EXPECT_EQ(rset.reason(), "primitive.result_expired");
  r.result_expiration_timestamp = "20240229T123455";  // an absolute one in the past alike
  ASSERT_RSC(timing(r, &oet), Rsc::kRequestTimeout);
  r.result_expiration_timestamp = "5000";
  EXPECT_OK(timing(r, &oet));
}

TEST(RequestTimingTest, RejectsRequestExpirationAfterResultExpiration) {
  model::Request r = request(Operation::kRetrieve);
  r.request_expiration_timestamp = "20240229T130000";
  r.result_expiration_timestamp = "20240229T125959";
  std::optional<model::TimePoint> oet;
  model::Status status = timing(r, &oet);
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "primitive.rqet_after_rset");
}

TEST(RequestTimingTest, ReturnsFutureExecutionTimeOnly) {
  model::Request r = request(Operation::kRetrieve);
  r.operation_execution_time = "2000";
  std::optional<model::TimePoint> oet;
  ASSERT_OK(timing(r, &oet));
  ASSERT_TRUE(oet.has_value());
  EXPECT_EQ(*oet, kChecksNow + std::chrono::seconds(2));
  r.operation_execution_time = "20240229T120000";  // already passed: run at once
  std::optional<model::TimePoint> past;
  ASSERT_OK(timing(r, &past));
  EXPECT_FALSE(past.has_value());
}

TEST(RequestTimingTest, RejectsExecutionAfterRequestExpiration) {
  model::Request r = request(Operation::kRetrieve);
  r.request_expiration_timestamp = "1000";
  r.operation_execution_time = "2000";
  std::optional<model::TimePoint> oet;
  model::Status status = timing(r, &oet);
  ASSERT_RSC(status, Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "primitive.oet_after_rqet");
}

}  // namespace
}  // namespace citadel::security
