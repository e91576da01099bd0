// Memory exhaustion (issue 15 #12), each attack driven through a real binding against the real
// binary: what one request, one subscription or one CoAP peer can make the CSE hold is bounded
// in bytes (limits.*), and the CSE's resident memory stays within a budget under each attack.
//
// Small bounds keep the attacks small and fast; the defaults scale them (BENCHMARKS.md has the
// RSS of the default build under the same attacks at full size). "Nothing more was sent" is
// never asserted by sleeping: delivery is FIFO per target, so a marker event that arrives proves
// what was (not) sent before it.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/process_memory.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

// The resident size the CSE must stay under in every attack here: its own start-up footprint
// (RocksDB, thread stacks, ~30-60 MiB) with a wide margin, far below what the unbounded
// buffers reached (BENCHMARKS.md).
constexpr size_t kRssBudgetKiB = 256 * 1024;
constexpr size_t kResponseBytes = 16384;     // limits.maxResponseBytes
constexpr size_t kTargetBytes = 65536;       // limits.notificationTargetBytes
constexpr size_t kBufferBytes = 32768;       // limits.notificationBufferBytes
constexpr size_t kBlock2PeerBytes = 32768;   // limits.coapBlock2PeerBytes

class SecurityMemoryTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    log_dir_ = std::make_unique<TempDir>("citadel-memory");
    startCse({"--limits.maxResponseBytes=" + std::to_string(kResponseBytes),
              "--limits.notificationTargetBytes=" + std::to_string(kTargetBytes),
              "--limits.notificationBufferBytes=" + std::to_string(kBufferBytes),
              "--limits.coapBlock2PeerBytes=" + std::to_string(kBlock2PeerBytes),
              "--limits.maxNotificationUriBytes=256", "--notification.workers=1",
              "--notification.timeout=30000", "--coap.enabled=true", "--coap.port=0"},
             log_dir_->file("cse.log"));
  }
  static void TearDownTestSuite() {
    stopCse();
    log_dir_.reset();
  }

  void SetUp() override {
    CseFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    receiver_ = std::make_unique<NotificationReceiver>();
    ASSERT_NE(receiver_->port(), 0);
  }
  void TearDown() override {
    if (receiver_) {
      receiver_->stop();
    }
    EXPECT_LT(residentKiB(cse().pid()), kRssBudgetKiB) << "VmRSS of the CSE after the attack";
  }

  NotificationReceiver& receiver() { return *receiver_; }

  static std::string log() {
    std::ifstream file(log_dir_->file("cse.log"));
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  // A subscription of `ae` to `cnt` for new children (net 3), full representation (nct 1).
  std::string subscribe(const Ae& ae, const std::string& cnt, const std::string& path,
                        Json extra = Json::object()) {
    extra["rn"] = uniqueName("sub");
    extra["nu"] = {receiver().url(path)};
    extra["nct"] = 1;
    extra["enc"] = {{"net", {3}}};
    HttpResult sub = http().create(ae.id, cnt, 23, {{"m2m:sub", extra}});
    EXPECT_EQ(sub.rsc, 2001) << sub;
    return sub.resource().value("ri", "");
  }

  // The con of the instance an event notification carries ("" when none).
  static std::string conOf(const ReceivedRequest& request) {
    Json sgn = request.sgn();
    if (!sgn.is_object()) return "";
    Json cin = sgn.value("/nev/rep/m2m:cin"_json_pointer, Json());
    return cin.is_object() ? cin.value("con", "") : "";
  }

 private:
  static inline std::unique_ptr<TempDir> log_dir_;
  std::unique_ptr<NotificationReceiver> receiver_;
};

TEST_F(SecurityMemoryTest, ChildListStopsAtTheByteBoundAndContinuesAtCnot) {
  // Before: rcn=4 answered every child (up to 1000) whatever their size: 1000 instances of
  // 1 MiB made one answer of ~1 GiB, built three times over in memory. Now the list stops before
  // the child that would pass limits.maxResponseBytes, with cnst=1 (PARTIAL_CONTENT) and cnot,
  // the ofst that continues (TS-0001 §8.1.2 "subject to maximum size limit that may be imposed
  // by the hosting CSE", §8.1.3 Content Status / Content Offset).
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  constexpr int kInstances = 12;
  for (int i = 0; i < kInstances; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, std::to_string(i) + ":" + std::string(3000, 'x')).rsc, 2001);
  }
  std::set<std::string> seen;
  std::string query = "rcn=4";
  int pages = 0;
  while (pages++ < kInstances + 1) {
    HttpResult page = http().retrieve(ae.id, cnt, query);
    ASSERT_EQ(page.rsc, 2000) << page;
    EXPECT_LE(page.body.size(), kResponseBytes + 1024) << "one page of the child list";
    for (const auto& cin : page.json["m2m:cnt"].value("m2m:cin", Json::array())) {
      EXPECT_TRUE(seen.insert(cin.value("con", "")).second) << "a child answered twice";
    }
    if (page.header("X-M2M-CTS") == "2") {
      break;
    }
    ASSERT_EQ(page.header("X-M2M-CTS"), "1") << page;
    ASSERT_FALSE(page.header("X-M2M-CTO").empty()) << "partial content without its offset";
    query = "rcn=4&ofst=" + page.header("X-M2M-CTO");
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kInstances)) << "the pages together hold every child";
  EXPECT_GT(pages, 2) << "the list was cut at the byte bound";
}

TEST_F(SecurityMemoryTest, DiscoveryAnswerStopsAtTheByteBound) {
  // Before: a discovery held every match's whole resource in memory (large instances included)
  // and answered up to 10000 addresses at once. Now it keeps only addresses and cuts the answer
  // at limits.maxResponseBytes, with cnst=1 and cnot as the next ofst.
  Ae ae = registerAe();
  constexpr int kContainers = 60;
  for (int i = 0; i < kContainers; ++i) {
    createContainer(ae.id, ae.path, {{"rn", "c" + std::to_string(i) + std::string(200, 'n')}});
  }
  std::set<std::string> seen;
  std::string offset;
  int pages = 0;
  while (pages++ < kContainers) {
    HttpResult page = http().retrieve(ae.id, ae.path, "fu=1&ty=3" + offset);
    ASSERT_EQ(page.rsc, 2000) << page;
    EXPECT_LE(page.body.size(), kResponseBytes) << "one page of the discovery answer";
    for (const auto& uri : page.json.value("m2m:uril", Json::array())) {
      seen.insert(uri.get<std::string>());
    }
    if (page.header("X-M2M-CTS") != "1") {
      break;
    }
    offset = "&ofst=" + page.header("X-M2M-CTO");
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kContainers));
  EXPECT_GT(pages, 1) << "the answer was cut at the byte bound";
}

TEST_F(SecurityMemoryTest, NotificationUriListIsBoundedInEntriesAndBytes) {
  // Before: nu took any number of entries of any length, each resolved, verified and sent to
  // on every event. Now limits.maxNotificationUris (64) and limits.maxNotificationUriBytes
  // (256 here) bound it on CREATE and UPDATE: 4000 with the bound in dbg.
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  Json many = Json::array();
  for (int i = 0; i < 65; ++i) many.push_back(ae.id);
  HttpResult too_many =
      http().create(ae.id, cnt, 23, {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", many}}}});
  EXPECT_EQ(too_many.rsc, 4000) << too_many;
  EXPECT_NE(too_many.dbg().find("at most 64"), std::string::npos) << too_many;

  Json long_list = Json::array();
  while (long_list.dump().size() < 400) long_list.push_back(ae.id);
  HttpResult too_long =
      http().create(ae.id, cnt, 23, {{"m2m:sub", {{"rn", uniqueName("sub")}, {"nu", long_list}}}});
  EXPECT_EQ(too_long.rsc, 4000) << too_long;
  EXPECT_NE(too_long.dbg().find("at most 256"), std::string::npos) << too_long;

  std::string sub_name = uniqueName("sub");
  HttpResult ok =
      http().create(ae.id, cnt, 23, {{"m2m:sub", {{"rn", sub_name}, {"nu", {ae.id}}}}});
  ASSERT_EQ(ok.rsc, 2001) << ok;
  HttpResult grown = http().update(ae.id, cnt + "/" + sub_name, {{"m2m:sub", {{"nu", many}}}});
  EXPECT_EQ(grown.rsc, 4000) << grown;
}

TEST_F(SecurityMemoryTest, SlowReceiverHoldsAtMostItsByteShareOfTheDeliveryQueue) {
  // Before: a receiver that never answers let every event for it wait in the delivery queue
  // (100000 items, no byte bound): a flood of 1 MiB instances held ~100 GiB in the worst case.
  // Now a target's waiting notifications are bounded by limits.notificationTargetBytes (64 KiB
  // here); beyond, new ones are dropped and logged. Before, all 40 flood events arrived.
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  subscribe(ae, cnt, "/slow");
  receiver().stall("/slow");
  constexpr int kFlood = 40;
  for (int i = 0; i < kFlood; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, "flood" + std::to_string(i) + std::string(8000, 'x')).rsc,
              2001);
  }
  ASSERT_TRUE(waitUntil([] { return log().find("delivery queue full") != std::string::npos; },
                        10s))
      << "no drop was logged";
  receiver().release("/slow");
  // A marker event behind the flood: once it arrives, everything queued before it has arrived.
  bool marker = false;
  for (int attempt = 0; attempt < 50 && !marker; ++attempt) {
    ASSERT_EQ(createCin(ae.id, cnt, "marker").rsc, 2001);
    marker = receiver().waitFor(
        [](const std::vector<ReceivedRequest>& requests) {
          for (const auto& r : requests) {
            if (conOf(r) == "marker") return true;
          }
          return false;
        },
        200ms);
  }
  ASSERT_TRUE(marker) << "the queue never drained";
  size_t flood = 0;
  for (const auto& r : receiver().eventsTo("/slow")) {
    flood += conOf(r).starts_with("flood") ? 1 : 0;
  }
  // One in flight when the stall began, and what fits in 64 KiB of ~8.5 KiB notifications.
  EXPECT_LE(flood, 1 + kTargetBytes / 8000) << "events delivered from the flood";
  EXPECT_GE(flood, 1u);
}

TEST_F(SecurityMemoryTest, BatchIsSentEarlyAtItsByteBound) {
  // Before: a batch (bn num 1000, dur 1 h) held every event until num or dur, without a byte
  // bound. Now one subscription's batch holds at most limits.notificationBufferBytes (32 KiB
  // here): what it holds is sent when the next event would pass the bound (early, not lost).
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  subscribe(ae, cnt, "/batch", {{"bn", {{"num", 1000}, {"dur", "PT3600S"}}}});
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, std::string(8000, 'b')).rsc, 2001);
  }
  ASSERT_TRUE(receiver().waitForEvents("/batch", 1, 5s)) << "the batch was not sent early";
  ReceivedRequest first = receiver().eventsTo("/batch").front();
  const Json& aggregate = first.json["m2m:agn"]["m2m:sgn"];
  ASSERT_TRUE(aggregate.is_array()) << first.body.substr(0, 200);
  EXPECT_GE(aggregate.size(), 1u);
  EXPECT_LE(aggregate.size(), kBufferBytes / 8000);
  EXPECT_LE(first.body.size(), kBufferBytes + 4096);
}

TEST_F(SecurityMemoryTest, PendingRateLimitedNotificationsLoseTheOldestAtTheByteBound) {
  // Before: with rl (1 per hour) and pn=2 (sendAllPending) every held-back event was kept, with
  // no bound. Now they hold at most limits.notificationBufferBytes; the oldest go, logged.
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  subscribe(ae, cnt, "/rate", {{"rl", {{"mnn", 1}, {"tww", 3600}}}, {"pn", 2}});
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, std::string(8000, 'r')).rsc, 2001);
  }
  EXPECT_TRUE(waitUntil(
      [] { return log().find("oldest pending notification(s) dropped") != std::string::npos; },
      5s))
      << "no pending notification was dropped at the bound";
  EXPECT_TRUE(receiver().waitForEvents("/rate", 1, 5s)) << "the first event within the rate";
}

TEST_F(SecurityMemoryTest, CoapBlock2StoreRefusesAResponseLargerThanAPeersShare) {
  // Before: the Block2 store kept the 64 newest responses whatever their size (an rcn=4 list
  // included). Now it is bounded in bytes in all (limits.coapBlock2Bytes) and per peer
  // (limits.coapBlock2PeerBytes, 32 KiB here); older responses make room, and one that alone is
  // larger than a peer's share is answered 5.03 instead of being kept (RFC 7252 §5.9.3.4).
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult fits = createCin(ae.id, cnt, std::string(20000, 'f'));
  HttpResult too_large = createCin(ae.id, cnt, std::string(40000, 'L'));
  ASSERT_EQ(fits.rsc, 2001);
  ASSERT_EQ(too_large.rsc, 2001);
  CoapClient coap(pointOfAccessPort("coap"));
  CoapResult small = coap.retrieve(ae.id, cnt + "/" + fits.resource().value("rn", ""));
  EXPECT_EQ(small.code, 205) << small;
  EXPECT_GE(small.payload.size(), 20000u) << "the blocks of a response within the bound";
  CoapResult large = coap.retrieve(ae.id, cnt + "/" + too_large.resource().value("rn", ""));
  EXPECT_EQ(large.code, 503) << large;
}

class DefaultQuotaTest : public CseFixture {
 protected:
  static void SetUpTestSuite() { startCse({"--limits.defaultMni=3", "--limits.defaultMbs=10000"}); }
};

TEST_F(DefaultQuotaTest, AContainerWithoutQuotasGetsTheConfiguredOnes) {
  // Before: a container created without mni/mbs kept every instance until the disk was full.
  // Now limits.defaultMni / limits.defaultMbs become its own mni/mbs at CREATE (TS-0001 §9.6.7:
  // the platform's retention policies are represented by these attributes), so the oldest
  // instances go as for any container that set them; a quota the originator sets is kept.
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  HttpResult created = http().retrieve(ae.id, cnt);
  EXPECT_EQ(created.resource().value("mni", 0), 3) << created;
  EXPECT_EQ(created.resource().value("mbs", 0), 10000) << created;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(createCin(ae.id, cnt, std::to_string(i)).rsc, 2001);
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt).resource().value("cni", 0), 3);

  std::string own = createContainer(ae.id, ae.path, {{"mni", 10}});
  HttpResult kept = http().retrieve(ae.id, own);
  EXPECT_EQ(kept.resource().value("mni", 0), 10) << kept;
  EXPECT_EQ(kept.resource().value("mbs", 0), 10000) << "the one it did not set is the default";
}

}  // namespace
}  // namespace citadel::testing
