// TargetKeyDirectory: the CSE's Enrolment Target key table (security/mef_client): local keys
// first, only this MEF's KeIDs fetched, refusals and expiries remembered, retrievals rate- and
// concurrency-bounded, the table bounded. The fetcher is a fake; the clock is set by hand.
#include "security/mef_client/target_key_directory.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "security/psk_key_store.h"

namespace citadel::security::mef {
namespace {

class SettableClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return model::TimePoint(std::chrono::seconds(seconds)); }
  int64_t seconds = 1000;
};

constexpr const char* kFqdn = "mef.example.com";

std::string keyId(char digit) { return std::string(32, digit) + "@" + kFqdn; }

class TargetKeyDirectoryTest : public ::testing::Test {
 protected:
  TargetKeyDirectoryTest() {
    options_.mef_fqdn = kFqdn;
    options_.refusal_ttl = std::chrono::seconds(30);
  }
  TargetKeyDirectory& directory(const model::PskDirectory* local = nullptr) {
    directory_ = std::make_unique<TargetKeyDirectory>(
        local,
        [this](const std::string& key_id) -> model::Result<FetchAnswer> {
          asked_.push_back(key_id);
          clock_.seconds += fetch_seconds_;
          if (unreachable_) return model::Status::internal("cannot connect", "mef.unreachable");
          if (refuse_) return model::Status::badRequest("the MEF answered 404", "mef.refused");
          return FetchAnswer{key_id, 22, std::string(32, 'k'), enrolee_, lifetime_, 0};
        },
        clock_, options_);
    return *directory_;
  }

  SettableClock clock_;
  TargetKeyOptions options_;
  std::vector<std::string> asked_;
  bool refuse_ = false;
  bool unreachable_ = false;
  int64_t fetch_seconds_ = 0;  // how long the fake MEF takes to answer
  std::string enrolee_ = "Csensor1";
  int64_t lifetime_ = 600;
  std::unique_ptr<TargetKeyDirectory> directory_;
};

TEST_F(TargetKeyDirectoryTest, RecognisesOnlyThisMefsKeyIds) {
  EXPECT_TRUE(isKeyIdOf(keyId('a'), kFqdn));
  EXPECT_FALSE(isKeyIdOf(keyId('A'), kFqdn));                              // upper-case hex
  EXPECT_FALSE(isKeyIdOf(std::string(31, 'a') + "@" + kFqdn, kFqdn));     // short
  EXPECT_FALSE(isKeyIdOf(std::string(32, 'a') + "@other.example", kFqdn));
  EXPECT_FALSE(isKeyIdOf(std::string(32, 'g') + "@" + kFqdn, kFqdn));
  EXPECT_FALSE(isKeyIdOf(keyId('a'), ""));
}

TEST_F(TargetKeyDirectoryTest, LocalKeysComeFirstAndOtherIdentitiesAreNeverFetched) {
  auto local = PskKeyStore::parse(keyId('1') + " Clocal " + std::string(64, '0') + "\n", "local");
  ASSERT_TRUE(local.isOk());
  TargetKeyDirectory& d = directory(&local.value());
  EXPECT_EQ(d.find(keyId('1'))->originator, "Clocal");
  EXPECT_FALSE(d.find("ae1-key"));
  EXPECT_FALSE(d.find(std::string(32, 'a') + "@other.example"));
  EXPECT_TRUE(asked_.empty());
}

TEST_F(TargetKeyDirectoryTest, FetchesOnceAndBindsTheEnroleeIdUntilTheLifetimeEnds) {
  TargetKeyDirectory& d = directory();
  auto first = d.find(keyId('a'));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->originator, "Csensor1");
  EXPECT_EQ(first->key, std::string(32, 'k'));
  clock_.seconds += 599;
  EXPECT_TRUE(d.find(keyId('a')));
  EXPECT_EQ(asked_.size(), 1u);
  // Expired: refused, and not asked again while the refusal lasts.
  clock_.seconds += 1;
  EXPECT_FALSE(d.find(keyId('a')));
  EXPECT_FALSE(d.find(keyId('a')));
  EXPECT_EQ(asked_.size(), 1u);
}

TEST_F(TargetKeyDirectoryTest, RemembersARefusalForItsTtl) {
  refuse_ = true;
  TargetKeyDirectory& d = directory();
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(d.find(keyId('b')));
  EXPECT_EQ(asked_.size(), 1u);
  clock_.seconds += 30;
  refuse_ = false;
  EXPECT_TRUE(d.find(keyId('b')));
  EXPECT_EQ(asked_.size(), 2u);
}

TEST_F(TargetKeyDirectoryTest, BacksOffFromAnUnreachableOrSlowMef) {
  // Unreachable; or answering every invented KeID with a refusal, but slower than slow_fetch.
  for (bool slow : {false, true}) {
    asked_.clear();
    unreachable_ = !slow;
    refuse_ = slow;
    fetch_seconds_ = slow ? 2 : 0;
    TargetKeyDirectory& d = directory();
    EXPECT_FALSE(d.find(keyId('1')));
    for (char c : {'2', '3', '4'}) EXPECT_FALSE(d.find(keyId(c)));  // not asked: backing off
    EXPECT_EQ(asked_.size(), 1u);
    clock_.seconds += 5;
    unreachable_ = refuse_ = false;
    fetch_seconds_ = 0;
    EXPECT_TRUE(d.find(keyId('2')));
    EXPECT_EQ(asked_.size(), 2u);
  }
}

TEST_F(TargetKeyDirectoryTest, RefusesAnswersThatCannotBeBound) {
  enrolee_ = "Cs\x01";
  EXPECT_FALSE(directory().find(keyId('c')));
  enrolee_ = "Csensor1";
  lifetime_ = 0;
  EXPECT_FALSE(directory().find(keyId('c')));
}

TEST_F(TargetKeyDirectoryTest, StartsAtMostMaxFetchesPerSecond) {
  options_.max_fetches_per_second = 2;
  refuse_ = true;
  TargetKeyDirectory& d = directory();
  for (char c : {'1', '2', '3', '4', '5'}) EXPECT_FALSE(d.find(keyId(c)));
  EXPECT_EQ(asked_.size(), 2u);
  // A KeID refused for the rate alone is not remembered: it is asked for in the next second.
  clock_.seconds += 1;
  refuse_ = false;
  EXPECT_TRUE(d.find(keyId('3')));
  EXPECT_EQ(d.fetchesStarted(), 3u);
}

TEST_F(TargetKeyDirectoryTest, TheKeyTableIsBounded) {
  options_.max_keys = 2;
  TargetKeyDirectory& d = directory();
  lifetime_ = 100;
  ASSERT_TRUE(d.find(keyId('1')));  // expires soonest
  lifetime_ = 600;
  ASSERT_TRUE(d.find(keyId('2')));
  ASSERT_TRUE(d.find(keyId('3')));  // evicts '1'
  EXPECT_TRUE(d.find(keyId('2')));
  EXPECT_TRUE(d.find(keyId('3')));
  EXPECT_EQ(asked_.size(), 3u);
  EXPECT_TRUE(d.find(keyId('1')));
  EXPECT_EQ(asked_.size(), 4u);
}

// A fake MEF that holds every retrieval until release(); entered() once the first began.
class HeldFetcher {
 public:
  KeyFetcher fetcher() {
    return [this](const std::string& key_id) -> model::Result<FetchAnswer> {
      if (calls_++ == 0) entered_.set_value();
      released_.wait();
      return FetchAnswer{key_id, 22, std::string(32, 'k'), "Csensor1", 600, 0};
    };
  }
  void waitUntilEntered() { entered_.get_future().wait(); }
  void release() { release_.set_value(); }
  int calls() const { return calls_.load(); }

 private:
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
  std::promise<void> entered_;
  std::atomic<int> calls_{0};
};

TEST_F(TargetKeyDirectoryTest, ConcurrentHandshakesForOneKeyIdShareOneRetrieval) {
  HeldFetcher mef;
  TargetKeyDirectory d(nullptr, mef.fetcher(), clock_, options_);
  std::optional<model::PskCredential> a, b;
  std::thread first([&] { a = d.find(keyId('d')); });
  mef.waitUntilEntered();
  std::thread second([&] { b = d.find(keyId('d')); });
  // The second handshake is waiting on the first's retrieval (or has not begun): either way
  // it must not start its own. Release the fetch and join both.
  mef.release();
  first.join();
  second.join();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(b->originator, "Csensor1");
  EXPECT_EQ(mef.calls(), 1);
}

TEST_F(TargetKeyDirectoryTest, BoundsConcurrentRetrievals) {
  options_.max_concurrent_fetches = 1;
  HeldFetcher mef;
  TargetKeyDirectory d(nullptr, mef.fetcher(), clock_, options_);
  std::thread slow([&] { EXPECT_TRUE(d.find(keyId('e'))); });
  mef.waitUntilEntered();
  EXPECT_FALSE(d.find(keyId('f')));  // refused at once: one retrieval is running
  mef.release();
  slow.join();
  EXPECT_EQ(mef.calls(), 1);
  EXPECT_TRUE(d.find(keyId('f')));  // not remembered as refused
}

}  // namespace
}  // namespace citadel::security::mef
