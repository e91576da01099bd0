// PollingChannels (cse/engine/polling/polling_channels.h): requests meet long polls in order,
// answers are matched by rqi, and every bound holds (queue length, waiting polls, deadlines).
#include "cse/engine/polling/polling_channels.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <vector>

namespace citadel::engine {
namespace {

using namespace std::chrono_literals;
using model::Response;
using model::Rsc;

model::Request request(const std::string& rqi) {
  model::Request r;
  r.operation = model::Operation::kNotify;
  r.to = "Cae";
  r.originator = "/id-in";
  r.request_id = rqi;
  return r;
}

PollingChannels::Deadline in(std::chrono::milliseconds delay) {
  return std::chrono::steady_clock::now() + delay;
}

struct Captured {
  std::promise<Response> promise;
  std::future<Response> future = promise.get_future();
  PollingChannels::Callback callback() {
    return [this](Response r) { promise.set_value(std::move(r)); };
  }
  Response get() {
    EXPECT_EQ(future.wait_for(5s), std::future_status::ready);
    return future.get();
  }
  bool ready() { return future.wait_for(0s) == std::future_status::ready; }
};

TEST(PollingChannelsTest, AWaitingPollTakesTheRequestAndTheAnswerReachesTheSender) {
  Captured poll, sent;  // before the channels: their callbacks outlive the channels' answers
  PollingChannels channels;
  channels.poll("pch1", in(5s), poll.callback());
  channels.deliver("pch1", request("r1"), in(5s), sent.callback());
  Response polled = poll.get();
  EXPECT_EQ(polled.status_code, Rsc::kOk);
  EXPECT_EQ(polled.content["m2m:rqp"].value("rqi", ""), "r1");
  EXPECT_FALSE(sent.ready());
  Response answer;
  answer.status_code = Rsc::kOk;
  answer.request_id = "r1";
  EXPECT_TRUE(channels.answer("pch1", answer).isOk());
  EXPECT_EQ(sent.get().status_code, Rsc::kOk);
  // Answered once: a second answer, or one on another channel, matches nothing.
  EXPECT_EQ(channels.answer("pch1", answer).rsc(), Rsc::kNotFound);
}

TEST(PollingChannelsTest, QueuedRequestsAreHandedToPollsInOrder) {
  Captured a, b, first, second;
  PollingChannels channels;
  channels.deliver("pch1", request("r1"), in(5s), a.callback());
  channels.deliver("pch1", request("r2"), in(5s), b.callback());
  EXPECT_EQ(channels.queued("pch1"), 2u);
  channels.poll("pch1", in(5s), first.callback());
  channels.poll("pch1", in(5s), second.callback());
  EXPECT_EQ(first.get().content["m2m:rqp"].value("rqi", ""), "r1");
  EXPECT_EQ(second.get().content["m2m:rqp"].value("rqi", ""), "r2");
  Response wrong_channel;
  wrong_channel.request_id = "r1";
  EXPECT_EQ(channels.answer("pch2", wrong_channel).rsc(), Rsc::kNotFound);
}

TEST(PollingChannelsTest, BoundsAndDeadlinesAnswerWithTheirRsc) {
  Captured kept, refused, older, newer, poll, unanswered;
  PollingLimits limits;
  limits.max_queued = 1;
  limits.max_polls = 1;
  PollingChannels channels(limits);
  channels.deliver("pch1", request("r1"), in(200ms), kept.callback());
  channels.deliver("pch1", request("r2"), in(5s), refused.callback());
  EXPECT_EQ(refused.get().status_code, Rsc::kTargetNotReachable);  // queue full
  EXPECT_EQ(kept.get().status_code, Rsc::kRequestTimeout);         // nobody polled in time
  channels.poll("pch2", in(5s), older.callback());
  channels.poll("pch2", in(200ms), newer.callback());
  EXPECT_EQ(older.get().status_code, Rsc::kRequestTimeout);  // displaced by the newer poll
  EXPECT_EQ(newer.get().status_code, Rsc::kRequestTimeout);  // its own deadline
  // A delivered request the entity never answers times out for its sender too.
  channels.poll("pch3", in(5s), poll.callback());
  channels.deliver("pch3", request("r3"), in(200ms), unanswered.callback());
  EXPECT_EQ(poll.get().status_code, Rsc::kOk);
  EXPECT_EQ(unanswered.get().status_code, Rsc::kRequestTimeout);
}

TEST(PollingChannelsTest, StoppingAnswersEverythingStillWaiting) {
  Captured queued, poll, late_poll, late_request;
  {
    PollingChannels channels;
    channels.deliver("pch1", request("r1"), in(60s), queued.callback());
    channels.poll("pch2", in(60s), poll.callback());
    channels.close();
    EXPECT_EQ(queued.get().status_code, Rsc::kTargetNotReachable);
    EXPECT_EQ(poll.get().status_code, Rsc::kTargetNotReachable);
    // After close nothing waits: a binding's worker is never held through the shutdown.
    channels.poll("pch1", in(60s), late_poll.callback());
    channels.deliver("pch1", request("r2"), in(60s), late_request.callback());
    EXPECT_TRUE(late_poll.ready());
    EXPECT_TRUE(late_request.ready());
  }
  EXPECT_EQ(late_poll.get().status_code, Rsc::kTargetNotReachable);
}

}  // namespace
}  // namespace citadel::engine
