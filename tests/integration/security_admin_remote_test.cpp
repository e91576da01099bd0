// Issue 15 #5, the remote part: `From: CAdmin` sent by a client on another host is not the
// admin unless cse.adminFrom=any. The "other host" is a network namespace joined to this one by
// a veth pair (10.231.<n>.0/24): the real `citadel` listens on the root side's address, curl
// sends from inside the namespace, so the CSE sees a non-loopback peer on a real interface.
// Needs root and `ip netns` (CI runs as root); skipped with the reason otherwise. The namespace
// and the veth pair are removed whatever happens (RAII).
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "tests/support/shell.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

// A namespace "citadel-<pid>" with one end of a veth pair; the other end stays here. Names
// carry the PID so that parallel test processes do not collide (interface names: 15 bytes).
class VethNamespace {
 public:
  VethNamespace() {
    std::string pid = std::to_string(::getpid());
    name_ = "citadel-" + pid;
    outer_ = "cvo" + pid;
    int subnet = static_cast<int>(::getpid() % 250) + 1;
    std::string prefix = "10.231." + std::to_string(subnet) + ".";
    outer_address_ = prefix + "1";
    inner_address_ = prefix + "2";
    const std::string inner = "cvi" + pid;
    // Each step must succeed; the first failure is kept for the skip message.
    for (const std::string& step : {
             "ip netns add " + name_,
             "ip link add " + outer_ + " type veth peer name " + inner,
             "ip link set " + inner + " netns " + name_,
             "ip addr add " + outer_address_ + "/24 dev " + outer_,
             "ip link set " + outer_ + " up",
             "ip netns exec " + name_ + " ip addr add " + inner_address_ + "/24 dev " + inner,
             "ip netns exec " + name_ + " ip link set " + inner + " up",
             "ip netns exec " + name_ + " ip link set lo up",
         }) {
      int code = -1;
      std::string output = runShell(step + " 2>&1", &code, 10);
      if (code != 0) {
        error_ = step + ": " + output;
        return;
      }
    }
  }
  ~VethNamespace() {
    // Deleting the namespace deletes its veth end, and with it the pair; the explicit delete
    // covers a failure before the move.
    runShell("ip link del " + outer_ + " 2>/dev/null", nullptr, 10);
    runShell("ip netns del " + name_ + " 2>/dev/null", nullptr, 10);
  }
  VethNamespace(const VethNamespace&) = delete;
  VethNamespace& operator=(const VethNamespace&) = delete;

  const std::string& error() const { return error_; }  // "" when the setup worked
  const std::string& outerAddress() const { return outer_address_; }

  // RETRIEVE of `path` from inside the namespace with `From: originator`: the X-M2M-RSC value,
  // or -1 with the output in *output when there is none.
  int retrieve(uint16_t port, const std::string& path, const std::string& originator,
               std::string* output) const {
    int code = -1;
    *output = runShell("ip netns exec " + name_ + " curl -s -m 5 -D - -o /dev/null -H 'X-M2M-Origin: " +
                           originator + "' -H 'X-M2M-RI: remote-1' -H 'X-M2M-RVI: 3' 'http://" +
                           outer_address_ + ":" + std::to_string(port) + path + "' 2>&1",
                       &code, 10);
    size_t header = output->find("X-M2M-RSC: ");
    if (header == std::string::npos) return -1;
    return std::stoi(output->substr(header + 11, 4));
  }

 private:
  std::string name_;
  std::string outer_;
  std::string outer_address_;
  std::string inner_address_;
  std::string error_;
};

class RemoteAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace";
    int code = -1;
    runShell("ip netns list >/dev/null 2>&1", &code, 10);
    if (code != 0) GTEST_SKIP() << "`ip netns` is not available";
    network_ = std::make_unique<VethNamespace>();
    if (!network_->error().empty()) GTEST_SKIP() << "no veth namespace: " << network_->error();
  }

  std::unique_ptr<VethNamespace> network_;
};

TEST_F(RemoteAdminTest, TheAdminOriginatorFromAnotherHostIsRefusedByDefault) {
  // Before cse.adminFrom: 2000, the CSEBase (and every resource) to anyone on the network.
  // The transport identity stage answers ORIGINATOR_NOT_AUTHENTICATED (4106,
  // origin.admin_not_local): the claim is refused before any privilege is looked at.
  TestCse cse({"--http.address=" + network_->outerAddress()});
  ASSERT_TRUE(cse.running());
  std::string output;
  EXPECT_EQ(network_->retrieve(cse.port(), "/cse-in", "CAdmin", &output), 4106) << output;
  EXPECT_EQ(network_->retrieve(cse.port(), "/cse-in", "/id-in/CAdmin", &output), 4106)
      << "in any ID form: " << output;
}

TEST_F(RemoteAdminTest, TheAdminOriginatorFromAnotherHostIsHonouredWithAdminFromAny) {
  TestCse cse({"--http.address=" + network_->outerAddress(), "--cse.adminFrom=any"});
  ASSERT_TRUE(cse.running());
  std::string output;
  EXPECT_EQ(network_->retrieve(cse.port(), "/cse-in", "CAdmin", &output), 2000) << output;
}

}  // namespace
}  // namespace citadel::testing
