// Hostile inputs against the running CSE (issue 15), each driven through a real binding against
// the real binary:
//   #10 a discovery pattern that made the old '*' matcher quadratic, against large con values,
//       by the owner (linear matching) and by an originator who may not see them (privilege
//       before filter).
// No timing assertion: a request bounded by the client's timeout must complete.
#include <gtest/gtest.h>

#include "tests/support/cse_fixture.h"

namespace citadel::testing {
namespace {

using namespace std::chrono_literals;

// What came back for one raw HTTP exchange: the bytes, X-M2M-RSC (0 if absent) and the head.
struct RawAnswer {
  RawExchange exchange;
  int rsc = 0;
  std::string head;  // the status line and headers
};

RawAnswer rawRequest(uint16_t port, const std::string& request, std::chrono::milliseconds timeout) {
  RawAnswer answer;
  answer.exchange = rawExchange(port, request, timeout);
  const std::string& bytes = answer.exchange.received;
  answer.head = bytes.substr(0, bytes.find("\r\n\r\n"));
  size_t rsc = answer.head.find("X-M2M-RSC: ");
  if (rsc != std::string::npos) answer.rsc = std::atoi(answer.head.c_str() + rsc + 11);
  return answer;
}

std::string rawGet(const std::string& target, const std::string& originator,
                   const std::string& request_id) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-M2M-Origin: " + originator +
         "\r\nX-M2M-RI: " + request_id + "\r\nX-M2M-RVI: 3\r\nConnection: close\r\n\r\n";
}

class SecurityInputsTest : public CseFixture {};

// ---- #10: quadratic wildcard matching ----

// 24 instances of 200 KB of 'a' and four attribute filters con=*aaa…ab (1000 'a' each, within
// the 1024-byte bound): the old matcher made about 2·10^8 comparisons per pattern and instance;
// this discovery took 60 s against the previous binary on the development machine, far longer
// than the client waits. Linear matching answers at once.
class SecurityDiscoveryTest : public SecurityInputsTest {
 protected:
  static constexpr int kInstances = 24;

  void SetUp() override {
    SecurityInputsTest::SetUp();
    if (HasFatalFailure()) return;
    owner_ = registerAe("owner");
    std::string cnt = createContainer(owner_.id, owner_.path, {{"mni", 100}, {"mbs", 100000000}});
    ASSERT_FALSE(cnt.empty());
    const std::string con(200000, 'a');
    for (int i = 0; i < kInstances; ++i) {
      HttpResult cin = createCin(owner_.id, cnt, con);
      ASSERT_EQ(cin.rsc, 2001) << cin;
    }
    container_ = cnt;
  }

  static std::string patterns() {
    std::string pattern = "*" + std::string(1000, 'a') + "b";
    return "con=" + pattern + "&con=" + pattern + "&con=" + pattern + "&con=" + pattern;
  }

  Ae owner_;
  std::string container_;
};

TEST_F(SecurityDiscoveryTest, AnswersAPathologicalPatternAgainstLargeContentAtOnce) {
  RawAnswer answer =
      rawRequest(cse().port(),
                 rawGet(container_ + "?fu=1&" + patterns(), owner_.id, "discover-owner"), 15s);
  ASSERT_FALSE(answer.exchange.timed_out) << "the discovery did not complete within 15 s";
  EXPECT_EQ(answer.rsc, 2000) << answer.head;
  // The pattern ends in 'b': nothing matches, and the answer is an empty list.
  EXPECT_NE(answer.exchange.received.find("\"m2m:uril\":[]"), std::string::npos)
      << answer.exchange.received.substr(0, 400);
  // Still serving.
  EXPECT_EQ(http().retrieve(owner_.id, container_).rsc, 2000);
}

TEST_F(SecurityDiscoveryTest, SpendsNoMatchingOnResourcesTheOriginatorMayNotDiscover) {
  // The attacker may DISCOVER the owner's AE (an ACP on it), not the container below: before,
  // every instance was matched first and checked after.
  Ae attacker = registerAe("attacker");
  Json pv = {
      {"acr", {{{"acor", {attacker.id}}, {"acop", 32}}, {{"acor", {owner_.id}}, {"acop", 63}}}}};
  Json pvs = {{"acr", {{{"acor", {owner_.id}}, {"acop", 63}}}}};
  HttpResult acp =
      http().create(owner_.id, owner_.path, 1,
                    {{"m2m:acp", {{"rn", uniqueName("acp")}, {"pv", pv}, {"pvs", pvs}}}});
  ASSERT_EQ(acp.rsc, 2001) << acp;
  std::string acp_id = acp.resource().value("ri", "");
  HttpResult ae = http().update(owner_.id, owner_.path, {{"m2m:ae", {{"acpi", {acp_id}}}}});
  ASSERT_EQ(ae.rsc, 2004) << ae;
  RawAnswer answer = rawRequest(
      cse().port(), rawGet(owner_.path + "?fu=1&" + patterns(), attacker.id, "discover-other"),
      15s);
  ASSERT_FALSE(answer.exchange.timed_out) << "the discovery did not complete within 15 s";
  EXPECT_EQ(answer.rsc, 2000) << answer.head;
  EXPECT_NE(answer.exchange.received.find("\"m2m:uril\":[]"), std::string::npos)
      << answer.exchange.received.substr(0, 400);
}

TEST_F(SecurityInputsTest, RefusesOversizedFilterCriteriaWithActionableDbg) {
  Ae ae = registerAe();
  HttpResult too_long = http().retrieve(ae.id, ae.path, "fu=1&con=*" + std::string(1100, 'a'));
  EXPECT_EQ(too_long.rsc, 4000) << too_long;
  EXPECT_NE(too_long.dbg().find("1024"), std::string::npos) << too_long;
  std::string labels = "fu=1&lbl=";
  for (int i = 0; i < 65; ++i) labels += (i ? "+l" : "l") + std::to_string(i);
  HttpResult too_many = http().retrieve(ae.id, ae.path, labels);
  EXPECT_EQ(too_many.rsc, 4000) << too_many;
  EXPECT_NE(too_many.dbg().find("64"), std::string::npos) << too_many;
}

}  // namespace
}  // namespace citadel::testing
