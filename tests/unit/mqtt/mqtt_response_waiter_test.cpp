// ResponseWaiter: responses to this CSE's own requests matched by rqi (TS-0010 §6.4.5), and
// accepted only from the entity the request went to (issue 15 #2).
#include "bindings/mqtt/mqtt_response_waiter.h"

#include <gtest/gtest.h>

#include <thread>

namespace citadel::mqtt {
namespace {

using model::Json;
using std::chrono::milliseconds;

class MqttResponseWaiterTest : public ::testing::Test {
 protected:
  ResponseWaiter waiter_{"id-in", codec::ParseLimits{}};
};

TEST_F(MqttResponseWaiterTest, DeliversResponseWithMatchingRqi) {
  ASSERT_TRUE(waiter_.expect("r1", "Cae1"));
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/json",
                            R"({"rsc":2000,"rqi":"r1","pc":{"m2m:dbg":"x"}})"));
  auto response = waiter_.wait("r1", milliseconds(10));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status_code, model::Rsc::kOk);
  EXPECT_EQ(response->content["m2m:dbg"], "x");
}

TEST_F(MqttResponseWaiterTest, WakesWaiterFromAnotherThread) {
  ASSERT_TRUE(waiter_.expect("r2", "Cae1"));
  std::thread feeder([&] {
    std::this_thread::sleep_for(milliseconds(20));
    std::vector<uint8_t> cbor = Json::to_cbor(Json{{"rsc", 2001}, {"rqi", "r2"}});
    waiter_.offer("/oneM2M/resp/id-in/Cae1/cbor", std::string(cbor.begin(), cbor.end()));
  });
  auto response = waiter_.wait("r2", milliseconds(5000));
  feeder.join();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status_code, model::Rsc::kCreated);
}

TEST_F(MqttResponseWaiterTest, TimesOutAndForgetsTheRqi) {
  ASSERT_TRUE(waiter_.expect("r3", "Cae1"));
  EXPECT_FALSE(waiter_.wait("r3", milliseconds(20)));
  // A late response is consumed (it is for us) but matches nothing.
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/json", R"({"rsc":2000,"rqi":"r3"})"));
  EXPECT_TRUE(waiter_.expect("r3", "Cae1"));  // the rqi is free again
}

TEST_F(MqttResponseWaiterTest, RefusesDuplicateExpectation) {
  ASSERT_TRUE(waiter_.expect("r4", "Cae1"));
  EXPECT_FALSE(waiter_.expect("r4", "Cae1"));
  waiter_.cancel("r4");
  EXPECT_TRUE(waiter_.expect("r4", "Cae1"));
}

TEST_F(MqttResponseWaiterTest, LeavesOtherTopicsToTheCaller) {
  EXPECT_FALSE(waiter_.offer("/oneM2M/req/Cae1/id-in/json", R"({"op":2})"));
  EXPECT_FALSE(waiter_.offer("/oneM2M/resp/Cae1/id-in/json", R"({"rsc":2000})"));  // not ours
  EXPECT_FALSE(waiter_.offer("/oneM2M/reg_resp/id-in/x/json", R"({"rsc":2000})"));
  EXPECT_FALSE(waiter_.offer("garbage", "x"));
}

TEST_F(MqttResponseWaiterTest, DropsMalformedResponsesWithoutWakingAnyone) {
  ASSERT_TRUE(waiter_.expect("r5", "Cae1"));
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/json", "{not json"));
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/json", R"({"rqi":"r5"})"));  // no rsc
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/xml", "<m2m:rsp/>"));
  EXPECT_FALSE(waiter_.wait("r5", milliseconds(20)));
}

TEST_F(MqttResponseWaiterTest, DropsResponseFromAnotherSenderAndKeepsWaiting) {
  ASSERT_TRUE(waiter_.expect("r6", "Cdas"));
  // A participant that saw the rqi answers on its own response topic: consumed, not accepted.
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cmallory/json",
                            R"({"rsc":2000,"rqi":"r6","fr":"Cmallory"})"));
  // Lying in fr does not help either.
  EXPECT_TRUE(
      waiter_.offer("/oneM2M/resp/id-in/Cmallory/json", R"({"rsc":2000,"rqi":"r6","fr":"Cdas"})"));
  // The real answer still arrives afterwards.
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cdas/json", R"({"rsc":4103,"rqi":"r6"})"));
  auto response = waiter_.wait("r6", milliseconds(10));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status_code, model::Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(MqttResponseWaiterTest, DropsResponseWhoseFromNamesAnotherEntity) {
  ASSERT_TRUE(waiter_.expect("r7", "Cdas"));
  EXPECT_TRUE(
      waiter_.offer("/oneM2M/resp/id-in/Cdas/json", R"({"rsc":2000,"rqi":"r7","fr":"Cmallory"})"));
  EXPECT_FALSE(waiter_.wait("r7", milliseconds(20)));
}

TEST_F(MqttResponseWaiterTest, AcceptsFromInEveryFormThatNamesTheTarget) {
  for (const std::string from : {"Cae1", "/Cae1", "/id-in/Cae1"}) {
    SCOPED_TRACE(from);
    ASSERT_TRUE(waiter_.expect("r8", "Cae1"));
    EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/Cae1/json",
                              Json{{"rsc", 2000}, {"rqi", "r8"}, {"fr", from}}.dump()));
    EXPECT_TRUE(waiter_.wait("r8", milliseconds(10)));
  }
  ASSERT_TRUE(waiter_.expect("r9", "id-mn:Cae1"));
  EXPECT_TRUE(waiter_.offer("/oneM2M/resp/id-in/id-mn:Cae1/json",
                            R"({"rsc":2000,"rqi":"r9","fr":"/id-mn/Cae1"})"));
  EXPECT_TRUE(waiter_.wait("r9", milliseconds(10)));
}

}  // namespace
}  // namespace citadel::mqtt
