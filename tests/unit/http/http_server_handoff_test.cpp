// The HTTP server's handoff (bindings/http/http_server.cpp, LoopHandoff): a handler that waits
// in a model::BlockingRegion for an answer that must first travel over another connection of
// its own I/O context. A request forwarded into a <pollingChannel> does exactly that: it answers
// the entity's parked long poll, then waits for the entity's response. With one thread the two
// connections always share the context; before the fix the long poll's answer sat in the
// waiting thread's private Asio queue until the wait timed out (CsePollingTest failed on about
// one run in four with http.threads=4).
#include "bindings/http/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "cse/model/blocking_region.h"
#include "tests/support/http_client.h"

namespace citadel::http {
namespace {

using namespace std::chrono_literals;

// "/cse-in/poll" parks (answered later); "/cse-in/forward" opens a region, answers the parked
// poll and waits until the poll's client has its answer (at most 5 s): 2000 when it had, 4008
// when not.
class ForwardingHandler final : public model::PrimitiveHandler {
 public:
  model::Response handle(model::Request) override { return {}; }
  void handleAsync(model::Request request, ResponseCallback done) override {
    if (request.to.find("poll") != std::string::npos) {
      std::lock_guard lock(mutex_);
      parked_ = std::move(done);
      parked_changed_.notify_all();
      return;
    }
    ResponseCallback poll;
    {
      std::unique_lock lock(mutex_);
      parked_changed_.wait_for(lock, 5s, [&] { return parked_ != nullptr; });
      poll = std::move(parked_);
    }
    model::Response answer;
    // As a forward does (engine::SenderRouter): the region opens, then the request is put into
    // the channel, which answers the parked poll, and the wait for the entity's response starts.
    model::BlockingRegion waiting;
    if (poll) poll(model::Response{});
    bool seen = poll_answered.wait_for(5s) == std::future_status::ready;
    answer.status_code = seen ? model::Rsc::kOk : model::Rsc::kRequestTimeout;
    done(answer);
  }

  // True once a poll is parked (within 5 s).
  bool waitForPoll() {
    std::unique_lock lock(mutex_);
    return parked_changed_.wait_for(lock, 5s, [&] { return parked_ != nullptr; });
  }

  std::shared_future<void> poll_answered;

 private:
  std::mutex mutex_;
  std::condition_variable parked_changed_;
  ResponseCallback parked_;
};

TEST(HttpServerHandoffTest, AnAnswerGivenWhileWaitingReachesItsConnectionOnTheSameContext) {
  ForwardingHandler handler;
  std::promise<void> answered;
  handler.poll_answered = answered.get_future().share();
  HttpServerOptions options;
  options.port = 0;
  options.threads = 1;  // both connections on the one context
  auto server = HttpServer::start(options, handler);
  ASSERT_TRUE(server.isOk()) << server.status().dbg();
  uint16_t port = server.value()->port();

  std::thread poller([&] {
    testing::HttpClient client(port);
    testing::HttpResult polled = client.retrieve("CAdmin", "/cse-in/poll");
    EXPECT_EQ(polled.rsc, 2000) << polled;
    answered.set_value();
  });
  ASSERT_TRUE(handler.waitForPoll());
  testing::HttpClient forwarder(port);
  testing::HttpResult forwarded = forwarder.retrieve("CAdmin", "/cse-in/forward");
  poller.join();
  EXPECT_EQ(forwarded.rsc, 2000) << "the parked poll's answer was held until the wait ended";
  server.value()->stop();
}

}  // namespace
}  // namespace citadel::http
