// TimerQueue: due-time order, an earlier task overtaking a waiting one, and dropping on stop.
#include "cse/engine/timer_queue.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <mutex>
#include <vector>

namespace citadel::engine {
namespace {

using namespace std::chrono_literals;

TEST(TimerQueueTest, RunsTasksInDueTimeOrderOnItsOwnThread) {
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> last;
  std::thread::id runner;
  {
    TimerQueue timers;
    auto now = TimerQueue::Clock::now();
    timers.runAt(now + 150ms, [&] {
      std::lock_guard lock(mutex);
      order.push_back(3);
      last.set_value();
    });
    timers.runAt(now + 100ms, [&] {
      std::lock_guard lock(mutex);
      order.push_back(2);
    });
    timers.runAt(now - 1s, [&] {  // already due
      std::lock_guard lock(mutex);
      order.push_back(1);
      runner = std::this_thread::get_id();
    });
    ASSERT_EQ(last.get_future().wait_for(10s), std::future_status::ready);
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_NE(runner, std::this_thread::get_id());
}

TEST(TimerQueueTest, DropsTasksNotYetDueWhenDestroyed) {
  auto witness = std::make_shared<int>(0);
  bool ran = false;
  {
    TimerQueue timers;
    timers.runAt(TimerQueue::Clock::now() + 1h, [&ran, witness] { ran = true; });
    EXPECT_EQ(timers.pending(), 1u);
  }
  EXPECT_FALSE(ran);
  EXPECT_EQ(witness.use_count(), 1) << "the dropped task's captures were released";
}

}  // namespace
}  // namespace citadel::engine
