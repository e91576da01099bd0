// RequestType and checkRecall (TS-0004 §7.4.12): a <request> is never created or updated through
// the API (4005), and a DELETE recalls it only while its operation waits or after it ended.
#include "resources/types/request.h"

#include <gtest/gtest.h>

#include "resources/attribute_policy.h"
#include "tests/support/status_macros.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Rsc;

Resource requestWith(RequestStatus status, bool running) {
  Resource r;
  r.attributes = {{"ty", 17}, {"ri", "req1"}, {"rs", static_cast<int>(status)}};
  if (running) r.attributes[std::string(kRequestRunningField)] = true;
  return r;
}

TEST(RequestTypeTest, RefusesEveryCreateAndUpdateThroughTheApi) {
  RequestType type;
  ASSERT_RSC(type.validateCreate(Json::object()), Rsc::kOperationNotAllowed);
  ASSERT_RSC(type.validateUpdate({{"m2m:req", {{"acpi", {"x"}}}}}), Rsc::kOperationNotAllowed);
}

TEST(RequestTypeTest, AllowsARecallWhileWaitingOrOnceFinished) {
  EXPECT_OK(checkRecall(requestWith(RequestStatus::kPending, false)));
  EXPECT_OK(checkRecall(requestWith(RequestStatus::kCompleted, false)));
  EXPECT_OK(checkRecall(requestWith(RequestStatus::kFailed, false)));
}

TEST(RequestTypeTest, RefusesARecallWhileRunningOrForwarded) {
  ASSERT_RSC(checkRecall(requestWith(RequestStatus::kPending, true)),
             Rsc::kUnableToRecallRequest);
  ASSERT_RSC(checkRecall(requestWith(RequestStatus::kForwarded, false)),
             Rsc::kUnableToRecallRequest);
  ASSERT_RSC(checkRecall(requestWith(RequestStatus::kPartiallyCompleted, false)),
             Rsc::kUnableToRecallRequest);
}

TEST(RequestTypeTest, PolicyRowsAreNotPermittedOnCreateAndUpdate) {
  for (const char* name : {"op", "tg", "org", "rid", "mi", "pc", "rs", "ors"}) {
    const AttributePolicy* row = findPolicy(model::ResourceType::kRequest, name);
    ASSERT_NE(row, nullptr) << name;
    EXPECT_EQ(row->on_create, Optionality::kNotPermitted) << name;
    EXPECT_EQ(row->on_update, Optionality::kNotPermitted) << name;
  }
}

}  // namespace
}  // namespace citadel::resources
