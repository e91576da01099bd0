// blockingUpdateOutcome (TS-0004 §7.3.2.9, TS-0001 Table 9.6.8-2 notificationEventType 7): the
// rsc of a blocked UPDATE for each kind of answer of the Notification Target.
#include <gtest/gtest.h>

#include "cse/engine/notification/blocking_update.h"

namespace citadel::engine {
namespace {

using model::Rsc;

model::Response answer(Rsc rsc) {
  model::Response response;
  response.status_code = rsc;
  return response;
}

TEST(BlockingUpdateOutcomeTest, SuccessLetsTheUpdateCommit) {
  EXPECT_TRUE(blockingUpdateOutcome(answer(Rsc::kOk), "CAE1").isOk());
}

TEST(BlockingUpdateOutcomeTest, TargetNotReachableOrNoAnswerIsRemoteEntityNotReachable) {
  EXPECT_EQ(blockingUpdateOutcome(answer(Rsc::kTargetNotReachable), "CAE1").rsc(),
            Rsc::kRemoteEntityNotReachable);
  EXPECT_EQ(blockingUpdateOutcome(answer(Rsc::kRequestTimeout), "CAE1").rsc(),
            Rsc::kRemoteEntityNotReachable);
  EXPECT_EQ(blockingTargetUnreachable("CAE1").rsc(), Rsc::kRemoteEntityNotReachable);
}

TEST(BlockingUpdateOutcomeTest, OperationNotAllowedAndOtherErrorsAreDeniedByRemoteEntity) {
  EXPECT_EQ(blockingUpdateOutcome(answer(Rsc::kOperationNotAllowed), "CAE1").rsc(),
            Rsc::kOperationDeniedByRemoteEntity);
  model::Status other = blockingUpdateOutcome(answer(Rsc::kInternalServerError), "CAE\n1");
  EXPECT_EQ(other.rsc(), Rsc::kOperationDeniedByRemoteEntity);
  EXPECT_EQ(other.dbg().find('\n'), std::string::npos) << "the target is echoed log-safe";
}

}  // namespace
}  // namespace citadel::engine
