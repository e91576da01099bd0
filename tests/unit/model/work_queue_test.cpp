// WorkQueue (cse/model/work_queue.h): push order, the item and byte bounds, keyed lanes (FIFO,
// one at a time, isolation), replacement, concurrent producers and both stop modes. Handlers
// block on a Gate the test opens, so nothing depends on timing; every wait is bounded.
#include "cse/model/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace citadel::model {
namespace {

using namespace std::chrono_literals;

constexpr auto kWait = 5s;

// Holds handlers until opened; counts how many are waiting in it.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
    --waiting_;
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  bool waitForWaiting(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, kWait, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

// Polls `done` until it holds, at most kWait.
template <typename F>
bool waitUntil(F done) {
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

struct Job {
  std::string key;
  std::string tag;
  bool block = false;  // waits in the gate
};

// Records the order of handled tags, per key and overall, and the largest overlap per key.
class Recorder {
 public:
  void handle(Job& job, Gate& gate) {
    {
      std::lock_guard lock(mutex_);
      max_overlap_ = std::max(max_overlap_, ++active_[job.key]);
    }
    if (job.block) {
      gate.pass();
    }
    std::lock_guard lock(mutex_);
    --active_[job.key];
    all_.push_back(job.tag);
    by_key_[job.key].push_back(job.tag);
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mutex_);
    return all_;
  }
  std::vector<std::string> of(const std::string& key) {
    std::lock_guard lock(mutex_);
    return by_key_[key];
  }
  int maxOverlap() {
    std::lock_guard lock(mutex_);
    return max_overlap_;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> active_;
  std::vector<std::string> all_;
  std::map<std::string, std::vector<std::string>> by_key_;
  int max_overlap_ = 0;
};

class WorkQueueTest : public ::testing::Test {
 protected:
  std::unique_ptr<WorkQueue<Job>> make(WorkQueueOptions options,
                                       WorkQueue<Job>::SizeOf size_of = {}) {
    return std::make_unique<WorkQueue<Job>>(
        std::move(options), [this](Job& job) { recorder_.handle(job, gate_); }, std::move(size_of));
  }
  static WorkQueueOptions workers(size_t n) {
    WorkQueueOptions o;
    o.workers = n;
    return o;
  }

  Gate gate_;
  Recorder recorder_;
};

TEST_F(WorkQueueTest, HandlesUnkeyedItemsInPushOrderWithOneWorker) {
  auto queue = make(workers(1));
  std::vector<std::string> expected;
  for (int i = 0; i < 50; ++i) {
    expected.push_back("i" + std::to_string(i));
    ASSERT_EQ(queue->push({"", expected.back()}), PushResult::kAccepted);
  }
  queue->start();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(recorder_.all(), expected);
}

TEST_F(WorkQueueTest, KeepsPerKeyOrderAndOneItemPerKeyAtATime) {
  auto queue = make(workers(4));
  queue->start();
  std::map<std::string, std::vector<std::string>> expected;
  for (int i = 0; i < 40; ++i) {
    for (std::string key : {"a", "b", "c"}) {
      std::string tag = key + std::to_string(i);
      expected[key].push_back(tag);
      ASSERT_EQ(queue->push({key, tag}, key), PushResult::kAccepted);
    }
  }
  ASSERT_TRUE(queue->waitIdle(kWait));
  for (const auto& [key, tags] : expected) {
    EXPECT_EQ(recorder_.of(key), tags) << "lane " << key;
  }
  EXPECT_EQ(recorder_.maxOverlap(), 1) << "two items of one key ran at once";
}

TEST_F(WorkQueueTest, ServesOtherKeysWhileOneKeyIsBlocked) {
  auto queue = make(workers(2));
  queue->start();
  ASSERT_EQ(queue->push({"dead", "d0", true}, "dead"), PushResult::kAccepted);
  ASSERT_EQ(queue->push({"dead", "d1"}, "dead"), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(queue->push({"live", "l" + std::to_string(i)}, "live"), PushResult::kAccepted);
  }
  // The second worker serves the live lane while d0 holds the first; d1 waits behind d0.
  EXPECT_TRUE(waitUntil([&] { return recorder_.of("live").size() == 5; }))
      << "the blocked key held up the others";
  EXPECT_TRUE(recorder_.of("dead").empty()) << "d1 overtook d0";
  gate_.open();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(recorder_.of("dead"), (std::vector<std::string>{"d0", "d1"}));
}

TEST_F(WorkQueueTest, RefusesItemsBeyondTheItemBound) {
  WorkQueueOptions options = workers(1);
  options.max_items = 2;
  auto queue = make(options);
  queue->start();
  ASSERT_EQ(queue->push({"", "held", true}), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));  // the worker holds it: it no longer counts
  EXPECT_EQ(queue->push({"", "w0"}), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"", "w1"}), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"", "w2"}), PushResult::kFull);
  EXPECT_EQ(queue->size(), 2u);
  gate_.open();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(recorder_.all(), (std::vector<std::string>{"held", "w0", "w1"}));
  EXPECT_EQ(queue->push({"", "again"}), PushResult::kAccepted) << "room again once handled";
}

TEST_F(WorkQueueTest, CountsItemsInFlightWhenAsked) {
  WorkQueueOptions options = workers(1);
  options.max_items = 2;
  options.counts_in_flight = true;
  auto queue = make(options);
  queue->start();
  ASSERT_EQ(queue->push({"", "held", true}), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));
  EXPECT_EQ(queue->push({"", "w0"}), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"", "w1"}), PushResult::kFull);
  gate_.open();
  ASSERT_TRUE(queue->waitIdle(kWait));
}

TEST_F(WorkQueueTest, RefusesItemsBeyondTheByteBound) {
  WorkQueueOptions options = workers(1);
  options.max_bytes = 10;
  auto queue = make(options, [](const Job& job) { return job.tag.size(); });
  // Not started: everything waits, so the bound is exact.
  EXPECT_EQ(queue->push({"", "aaaa"}), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"", "bbbbbb"}), PushResult::kAccepted);  // 10 bytes: at the bound
  EXPECT_EQ(queue->push({"", "c"}), PushResult::kFull);
  queue->start();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(queue->push({"", "0123456789"}), PushResult::kAccepted) << "bytes released";
  EXPECT_EQ(queue->push({"", "01234567890"}), PushResult::kFull) << "larger than the bound";
  ASSERT_TRUE(queue->waitIdle(kWait));
}

TEST_F(WorkQueueTest, RefusesItemsBeyondTheByteBoundOfTheirLane) {
  WorkQueueOptions options = workers(1);
  options.max_lane_bytes = 10;
  auto queue = make(options, [](const Job& job) { return job.tag.size(); });
  // Not started: everything waits. One key fills its share; another key still has its own.
  EXPECT_EQ(queue->push({"a", "aaaaaa"}, "a"), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"a", "aaaa"}, "a"), PushResult::kAccepted);  // 10 bytes: at the bound
  EXPECT_EQ(queue->push({"a", "a"}, "a"), PushResult::kFull);
  EXPECT_EQ(queue->push({"b", "bbbbbbbbbb"}, "b"), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"", "unkeyed items have no lane"}), PushResult::kAccepted);
  queue->start();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(queue->push({"a", "0123456789"}, "a"), PushResult::kAccepted) << "bytes released";
  ASSERT_TRUE(queue->waitIdle(kWait));
}

TEST_F(WorkQueueTest, ReplacesAWaitingItemButNotTheOneInFlight) {
  auto queue = make(workers(1));
  queue->start();
  auto same_slot = [](const Job& waiting) { return waiting.tag.starts_with("k"); };
  ASSERT_EQ(queue->push({"t", "k0", true}, "t", same_slot), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));  // k0 is in flight
  EXPECT_EQ(queue->push({"t", "k1"}, "t", same_slot), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"t", "other"}, "t"), PushResult::kAccepted);
  EXPECT_EQ(queue->push({"t", "k2"}, "t", same_slot), PushResult::kReplaced);
  gate_.open();
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(recorder_.of("t"), (std::vector<std::string>{"k0", "k2", "other"}));
}

TEST_F(WorkQueueTest, AcceptsEveryItemFromConcurrentProducers) {
  auto queue = make(workers(3));
  queue->start();
  constexpr int kProducers = 4;
  constexpr int kItems = 200;
  std::vector<std::thread> producers;
  std::atomic<int> refused{0};
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      std::string key = "p" + std::to_string(p);
      for (int i = 0; i < kItems; ++i) {
        // Even items keyed by producer (ordered), odd ones unkeyed.
        std::string tag = key + "-" + std::to_string(i);
        PushResult r = i % 2 == 0 ? queue->push({key, tag}, key) : queue->push({"", tag});
        refused += r == PushResult::kAccepted ? 0 : 1;
      }
    });
  }
  for (auto& producer : producers) {
    producer.join();
  }
  ASSERT_TRUE(queue->waitIdle(kWait));
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(recorder_.all().size(), size_t{kProducers * kItems});
  for (int p = 0; p < kProducers; ++p) {
    std::string key = "p" + std::to_string(p);
    std::vector<std::string> expected;
    for (int i = 0; i < kItems; i += 2) {
      expected.push_back(key + "-" + std::to_string(i));
    }
    EXPECT_EQ(recorder_.of(key), expected) << key;
  }
}

TEST_F(WorkQueueTest, StopFinishesItemsInFlightAndDropsWaitingOnes) {
  auto queue = make(workers(1));
  queue->start();
  ASSERT_EQ(queue->push({"", "busy", true}), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));
  ASSERT_EQ(queue->push({"", "w0"}), PushResult::kAccepted);
  ASSERT_EQ(queue->push({"k", "w1"}, "k"), PushResult::kAccepted);
  size_t dropped = 0;
  std::thread stopper([&] { dropped = queue->stop(StopMode::kDropQueued); });
  // stop() waits for the item in flight; open the gate only once pushes are refused. The probe
  // replaces w1 while the queue runs, so it never changes what stop() drops.
  auto any = [](const Job&) { return true; };
  while (queue->push({"k", "w1"}, "k", any) != PushResult::kStopped) {
    std::this_thread::yield();
  }
  gate_.open();
  stopper.join();
  EXPECT_EQ(dropped, 2u);
  EXPECT_EQ(recorder_.all(), std::vector<std::string>{"busy"});
  EXPECT_EQ(queue->size(), 0u);
}

TEST_F(WorkQueueTest, StopDrainsWaitingItemsWhenAsked) {
  auto queue = make(workers(2));
  queue->start();
  ASSERT_EQ(queue->push({"", "busy", true}), PushResult::kAccepted);
  ASSERT_TRUE(gate_.waitForWaiting(1));
  ASSERT_EQ(queue->push({"k", "k0"}, "k"), PushResult::kAccepted);
  ASSERT_EQ(queue->push({"k", "k1"}, "k"), PushResult::kAccepted);
  ASSERT_EQ(queue->push({"", "u0"}), PushResult::kAccepted);
  gate_.open();
  EXPECT_EQ(queue->stop(StopMode::kDrainQueued), 0u);
  EXPECT_EQ(recorder_.all().size(), 4u);
  EXPECT_EQ(recorder_.of("k"), (std::vector<std::string>{"k0", "k1"}));
  EXPECT_EQ(queue->push({"", "late"}), PushResult::kStopped);
}

TEST_F(WorkQueueTest, KeepsWorkingAfterAHandlerThrows) {
  std::atomic<int> handled{0};
  WorkQueue<int> queue(workers(1), [&](int& n) {
    if (n == 0) {
      throw std::runtime_error("boom");
    }
    ++handled;
  });
  queue.start();
  ASSERT_EQ(queue.push(0), PushResult::kAccepted);
  ASSERT_EQ(queue.push(1), PushResult::kAccepted);
  ASSERT_TRUE(queue.waitIdle(kWait));
  EXPECT_EQ(handled.load(), 1);
}

TEST_F(WorkQueueTest, HandlesItemsPushedByItsOwnHandler) {
  std::atomic<int> handled{0};
  WorkQueue<int>* self = nullptr;
  WorkQueue<int> queue(workers(1), [&](int& n) {
    ++handled;
    if (n > 0) {
      EXPECT_EQ(self->push(n - 1), PushResult::kAccepted);
    }
  });
  self = &queue;
  queue.start();
  ASSERT_EQ(queue.push(3), PushResult::kAccepted);
  ASSERT_TRUE(queue.waitIdle(kWait));
  EXPECT_EQ(handled.load(), 4);
}

}  // namespace
}  // namespace citadel::model
