// <container> instance management (TS-0004 §7.4.6 / §7.4.7.2.1; spec digest resources.md
// "container"): mni/mbs trimming, 5207 for oversized instances, cni/cbs/st bookkeeping, mia.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/cse_fixture.h"
#include "tests/support/timestamps.h"

namespace citadel::testing {
namespace {

class ContainerTest : public CseFixture {
 protected:
  Json container(const std::string& originator, const std::string& path) {
    HttpResult r = http().retrieve(originator, path);
    EXPECT_EQ(r.rsc, 2000) << r;
    return r.resource();
  }
  std::string conAt(const std::string& originator, const std::string& path) {
    HttpResult r = http().retrieve(originator, path);
    EXPECT_EQ(r.rsc, 2000) << path << ": " << r;
    return r.resource().value("con", "");
  }
  // Creates cins named c<i> with content `con<i>` for i in [from, to).
  void fill(const std::string& originator, const std::string& cnt, int from, int to,
            const std::string& con = "data") {
    for (int i = from; i < to; ++i) {
      std::string rn = "c";
      rn += std::to_string(i);
      HttpResult r = createCin(originator, cnt, con + std::to_string(i), {{"rn", rn}});
      ASSERT_EQ(r.rsc, 2001) << r;
    }
  }
};

TEST_F(ContainerTest, TrimsOldestInstancesBeyondMni) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mni", 3}});
  for (int i = 0; i < 6; ++i) {
    fill(ae.id, cnt, i, i + 1);
    EXPECT_LE(container(ae.id, cnt).value("cni", -1), 3) << "after cin " << i;
  }
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 3);
  EXPECT_EQ(c.value("cbs", -1), 3 * 5);  // "data3".."data5"
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "data3");
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data5");
  for (int gone : {0, 1, 2}) {
    EXPECT_EQ(http().retrieve(ae.id, cnt + "/c" + std::to_string(gone)).rsc, 4004) << gone;
  }
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/c3").rsc, 2000);
}

// la and the eviction find the newest and oldest instance by a point read at the container's
// st and at the evicted bound when the instances' st are consecutive; gaps (a container UPDATE
// advances st, an instance deleted on its own) must fall back to a seek and still find the
// right ones (issue 25 #4).
TEST_F(ContainerTest, FindsNewestAndOldestAcrossUpdatesAndDeletedInstances) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mni", 3}});
  fill(ae.id, cnt, 0, 2);
  ASSERT_EQ(http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"x"}}}}}).rsc, 2004);
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data1");  // st moved past the newest instance
  fill(ae.id, cnt, 2, 3);
  ASSERT_EQ(http().remove(ae.id, cnt + "/c2").rsc, 2002);
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data1");  // the newest one was deleted
  fill(ae.id, cnt, 3, 6);  // c0 c1 c3 c4 c5: two over mni, evicted oldest first
  EXPECT_EQ(container(ae.id, cnt).value("cni", -1), 3);
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "data3");  // past the update's gap and deleted c2
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data5");
  for (int gone : {0, 1, 2}) {
    EXPECT_EQ(http().retrieve(ae.id, cnt + "/c" + std::to_string(gone)).rsc, 4004) << gone;
  }
  fill(ae.id, cnt, 6, 8);  // consecutive again: c3 and c4 go
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "data5");
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data7");
  EXPECT_EQ(container(ae.id, cnt).value("cni", -1), 3);
}

TEST_F(ContainerTest, RejectsInstanceLargerThanMbs) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mbs", 10}});
  HttpResult r = createCin(ae.id, cnt, "eleven-byte");
  EXPECT_EQ(r.rsc, 5207) << r;  // NOT_ACCEPTABLE, TS-0004 §7.4.7.2.1
  EXPECT_EQ(r.http_status, 406);
  EXPECT_FALSE(r.dbg().empty()) << r;
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 0);
  EXPECT_EQ(c.value("cbs", -1), 0);
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/la").rsc, 4004);
  EXPECT_EQ(createCin(ae.id, cnt, "ten-bytes!").rsc, 2001);  // exactly mbs fits
}

TEST_F(ContainerTest, TrimsOldestInstancesBeyondMbs) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mbs", 10}});
  fill(ae.id, cnt, 0, 2, "abc");  // "abc0", "abc1": 8 bytes
  fill(ae.id, cnt, 2, 3, "abc");  // 12 > 10: "abc0" goes
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 2);
  EXPECT_EQ(c.value("cbs", -1), 8);
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "abc1");
  HttpResult big = createCin(ae.id, cnt, "0123456789");  // needs every old one removed
  ASSERT_EQ(big.rsc, 2001) << big;
  c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 1);
  EXPECT_EQ(c.value("cbs", -1), 10);
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "0123456789");
}

TEST_F(ContainerTest, PrunesAtOnceWhenMniLowered) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  fill(ae.id, cnt, 0, 5);
  HttpResult u = http().update(ae.id, cnt, {{"m2m:cnt", {{"mni", 2}}}});
  ASSERT_EQ(u.rsc, 2004) << u;
  EXPECT_EQ(u.resource().value("cni", -1), 2) << u;
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 2);
  EXPECT_EQ(c.value("cbs", -1), 10);
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "data3");
  EXPECT_EQ(conAt(ae.id, cnt + "/la"), "data4");
  EXPECT_EQ(http().retrieve(ae.id, cnt + "/c2").rsc, 4004);
}

TEST_F(ContainerTest, PrunesAtOnceWhenMbsLowered) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  fill(ae.id, cnt, 0, 5);  // 5 x 5 bytes
  HttpResult u = http().update(ae.id, cnt, {{"m2m:cnt", {{"mbs", 12}}}});
  ASSERT_EQ(u.rsc, 2004) << u;
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 2);
  EXPECT_EQ(c.value("cbs", -1), 10);
  EXPECT_EQ(conAt(ae.id, cnt + "/ol"), "data3");
}

TEST_F(ContainerTest, KeepsCountersExactAfterCreatesAndDeletes) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  const std::vector<std::string> contents = {"a", "bb", "ccc", "h\xC3\xA9llo", ""};
  size_t total = 0;
  for (size_t i = 0; i < contents.size(); ++i) {
    std::string rn = "c";
    rn += std::to_string(i);
    HttpResult r = createCin(ae.id, cnt, contents[i], {{"rn", rn}});
    ASSERT_EQ(r.rsc, 2001) << r;
    EXPECT_EQ(r.resource().value("cs", -1), static_cast<int>(contents[i].size())) << r;
    total += contents[i].size();
  }
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 5);
  EXPECT_EQ(c.value("cbs", -1), static_cast<int>(total));

  ASSERT_EQ(http().remove(ae.id, cnt + "/c2").rsc, 2002);
  ASSERT_EQ(http().remove(ae.id, cnt + "/c3").rsc, 2002);
  total -= contents[2].size() + contents[3].size();
  c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 3);
  EXPECT_EQ(c.value("cbs", -1), static_cast<int>(total));
  EXPECT_EQ(http().remove(ae.id, cnt + "/c2").rsc, 4004);  // a second delete changes nothing
  EXPECT_EQ(container(ae.id, cnt).value("cni", -1), 3);
}

TEST_F(ContainerTest, KeepsCountersExactUnderConcurrentCreates) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mni", 150}});
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(cse().port());  // one keep-alive connection per thread
      for (int i = 0; i < kEach; ++i) {
        std::string con(static_cast<size_t>(t + 1), 'x');  // sizes 1..4
        HttpResult r = client.create(ae.id, cnt, 4, {{"m2m:cin", {{"con", con}}}});
        if (r.rsc == 2001) {
          ++created;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  ASSERT_EQ(created.load(), kThreads * kEach);
  Json c = container(ae.id, cnt);
  EXPECT_EQ(c.value("cni", -1), 150) << c;
  EXPECT_EQ(c.value("st", -1), kThreads * kEach) << c;
  HttpResult children = http().retrieve(ae.id, cnt, "rcn=8");
  ASSERT_EQ(children.rsc, 2000) << children;
  const Json& cins = children.json["m2m:cnt"]["m2m:cin"];
  ASSERT_EQ(cins.size(), 150u) << "cni disagrees with the stored instances";
  int bytes = 0;
  for (const auto& cin : cins) {
    bytes += cin.value("cs", 0);
  }
  EXPECT_EQ(c.value("cbs", -1), bytes) << "cbs disagrees with the stored instances";
}

TEST_F(ContainerTest, IncrementsStateTagOnEachInstanceAndUpdate) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  EXPECT_EQ(container(ae.id, cnt).value("st", -1), 0);
  fill(ae.id, cnt, 0, 1);
  EXPECT_EQ(container(ae.id, cnt).value("st", -1), 1);
  fill(ae.id, cnt, 1, 2);
  EXPECT_EQ(container(ae.id, cnt).value("st", -1), 2);
  HttpResult u = http().update(ae.id, cnt, {{"m2m:cnt", {{"lbl", {"x"}}}}});
  ASSERT_EQ(u.rsc, 2004) << u;
  EXPECT_EQ(u.resource().value("st", -1), 3);
  EXPECT_EQ(container(ae.id, cnt).value("st", -1), 3);
}

TEST_F(ContainerTest, InstanceCopiesContainerStateTag) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path);
  for (int i = 0; i < 3; ++i) {
    HttpResult r = createCin(ae.id, cnt, "v");
    ASSERT_EQ(r.rsc, 2001) << r;
    // TS-0001 §9.6.7: the cin's stateTag is the parent container's stateTag after the create.
    EXPECT_EQ(r.resource().value("st", -1), container(ae.id, cnt).value("st", -2)) << r;
  }
}

TEST_F(ContainerTest, LimitsInstanceExpirationByMia) {
  Ae ae = registerAe();
  std::string cnt = createContainer(ae.id, ae.path, {{"mia", 60}});
  HttpResult r = createCin(ae.id, cnt, "short-lived");
  ASSERT_EQ(r.rsc, 2001) << r;
  auto ct = parseTimestamp(r.resource().value("ct", ""));
  auto et = parseTimestamp(r.resource().value("et", ""));
  ASSERT_TRUE(ct && et) << r;
  EXPECT_LE(*et, *ct + std::chrono::seconds(61)) << r;
  EXPECT_GT(*et, *ct) << r;

  HttpResult asked = createCin(ae.id, cnt, "x", {{"et", timestampFromNow(std::chrono::hours(48))}});
  ASSERT_EQ(asked.rsc, 2001) << asked;
  auto asked_ct = parseTimestamp(asked.resource().value("ct", ""));
  auto asked_et = parseTimestamp(asked.resource().value("et", ""));
  ASSERT_TRUE(asked_ct && asked_et) << asked;
  EXPECT_LE(*asked_et, *asked_ct + std::chrono::seconds(61)) << asked;
}

TEST_F(ContainerTest, RejectsNegativeLimits) {
  Ae ae = registerAe();
  for (const char* name : {"mni", "mbs", "mia"}) {
    HttpResult r = http().create(ae.id, ae.path, 3, {{"m2m:cnt", {{name, -1}}}});
    EXPECT_EQ(r.rsc, 4000) << name << ": " << r;
    EXPECT_FALSE(r.dbg().empty()) << r;
  }
}

}  // namespace
}  // namespace citadel::testing
