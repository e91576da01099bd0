// Issue 24 #21, Release 1 peers: a request without X-M2M-RVI is Release 1 (TS-0004 §7.3.2.1).
// Its response carries no rvi and, in every representation, only the attributes Release 1
// defines (TS-0001 v1 §9.6: no srv, csz, disr...); Release 2+ originators still see everything,
// and the CSEBase's srv lists "1". Through HTTP to the real binary; stored state read back.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cse_fixture.h"
#include "tests/support/notification_receiver.h"

namespace citadel::testing {
namespace {

class ConformanceRelease1Test : public CseFixture {
 protected:
  // A request with no X-M2M-RVI header: Release 1.
  HttpResult release1(const std::string& method, const std::string& path,
                      const std::string& originator, const std::string& content_type = "",
                      const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"X-M2M-Origin", originator}, {"X-M2M-RI", HttpClient::nextRequestId()}};
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    return http().raw(method, path, headers, body);
  }

  // Registers an AE without rvi and srv, as a Release 1 AE does; returns it (id "" on failure).
  Ae registerRelease1Ae() {
    Ae ae;
    ae.name = uniqueName("r1ae");
    ae.id = "C" + ae.name;
    ae.path = std::string(kCseBase) + "/" + ae.name;
    Json body = {{"m2m:ae", {{"rn", ae.name}, {"api", "N" + ae.name}, {"rr", false}}}};
    HttpResult r = release1("POST", kCseBase, ae.id, "application/json;ty=2", body.dump());
    EXPECT_EQ(r.rsc, 2001) << r;
    return ae;
  }

  // Every attribute of `representation` is one of `allowed`.
  static void expectOnly(const Json& representation, std::initializer_list<std::string> allowed) {
    for (const auto& [name, value] : representation.items()) {
      EXPECT_NE(std::find(allowed.begin(), allowed.end(), name), allowed.end())
          << "'" << name << "' is not a Release 1 attribute: " << representation;
    }
  }
};

// TS-0001 v1 Table 9.6.5-3 (<AE>) with the universal/common attributes of Table 9.6.1.3.1-x.
const std::initializer_list<std::string> kRelease1Ae = {
    "ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi", "at", "aa",
    "apn", "api", "aei", "poa", "or", "nl", "rr"};

TEST_F(ConformanceRelease1Test, ARegistrationResponseCarriesNoRviAndOnlyRelease1Attributes) {
  Ae ae = registerRelease1Ae();
  HttpResult read = release1("GET", ae.path, ae.id);
  ASSERT_EQ(read.rsc, 2000) << read;
  EXPECT_FALSE(read.hasHeader("X-M2M-RVI")) << read;
  EXPECT_FALSE(read.resource().contains("srv")) << read;
  expectOnly(read.resource(), kRelease1Ae);
  // Stored as a Release 1 AE: srv ["1"] (TS-0001 Table 9.6.5-3), visible to a Release 3 reader.
  HttpResult stored = http().retrieve(ae.id, ae.path);
  ASSERT_EQ(stored.rsc, 2000) << stored;
  EXPECT_EQ(stored.header("X-M2M-RVI"), "3") << stored;
  EXPECT_EQ(stored.resource().value("srv", Json::array()), Json::array({"1"})) << stored;
}

TEST_F(ConformanceRelease1Test, TheCseBaseListsRelease1AndHidesR2AttributesFromR1) {
  Ae ae = registerRelease1Ae();
  HttpResult r3 = http().retrieve(ae.id, kCseBase);
  ASSERT_EQ(r3.rsc, 2000) << r3;
  Json srv = r3.resource().value("srv", Json::array());
  EXPECT_NE(std::find(srv.begin(), srv.end(), "1"), srv.end()) << r3;
  EXPECT_TRUE(r3.resource().contains("csz")) << r3;
  HttpResult r1 = release1("GET", kCseBase, ae.id);
  ASSERT_EQ(r1.rsc, 2000) << r1;
  expectOnly(r1.resource(), {"ty", "ri", "rn", "pi", "ct", "lt", "lbl", "acpi", "cst", "csi",
                             "srt", "poa", "nl"});
  EXPECT_EQ(r1.resource().value("csi", ""), r3.resource().value("csi", "")) << r1;
}

// disableRetrieval (disr) is Release 2: stored and shown to Release 3, not sent to Release 1;
// children embedded by rcn=4 are filtered the same way.
TEST_F(ConformanceRelease1Test, ChildRepresentationsAreFilteredToo) {
  Ae ae = registerRelease1Ae();
  std::string cnt = createContainer(ae.id, ae.path, {{"disr", false}, {"mni", 5}});
  ASSERT_FALSE(cnt.empty());
  HttpResult r3 = http().retrieve(ae.id, cnt);
  EXPECT_EQ(r3.resource().value("disr", true), false) << r3;
  HttpResult direct = release1("GET", cnt, ae.id);
  ASSERT_EQ(direct.rsc, 2000) << direct;
  EXPECT_FALSE(direct.resource().contains("disr")) << direct;
  EXPECT_EQ(direct.resource().value("mni", 0), 5) << direct;
  HttpResult tree = release1("GET", ae.path + "?rcn=4", ae.id);
  ASSERT_EQ(tree.rsc, 2000) << tree;
  const Json& children = tree.resource().value("m2m:cnt", Json::array());
  ASSERT_EQ(children.size(), 1u) << tree;
  EXPECT_FALSE(children[0].contains("disr")) << tree;
  EXPECT_EQ(children[0].value("mni", 0), 5) << tree;
  expectOnly(tree.resource(), {"ty", "ri", "rn", "pi", "ct", "lt", "et", "lbl", "acpi", "at",
                               "aa", "apn", "api", "aei", "poa", "or", "nl", "rr", "m2m:cnt"});
}

// Notifications to a Release 1 AE (subscription nu = its AE-ID, sent to its poa): the
// verification request and every notification carry no X-M2M-RVI and, in the notified
// representation, only Release 1 attributes (TS-0004 §7.3.2.6). A Release 3 subscriber of the
// same container gets the full representation with its rvi.
TEST_F(ConformanceRelease1Test, NotificationsToAReleaseOneAeCarryNoRviAndOnlyRelease1Attributes) {
  NotificationReceiver receiver;
  ASSERT_NE(receiver.port(), 0);
  Ae ae;
  ae.name = uniqueName("r1sub");
  ae.id = "C" + ae.name;
  ae.path = std::string(kCseBase) + "/" + ae.name;
  Json body = {{"m2m:ae",
                {{"rn", ae.name}, {"api", "N" + ae.name}, {"rr", true},
                 {"poa", {receiver.url("/r1")}}}}};
  ASSERT_EQ(release1("POST", kCseBase, ae.id, "application/json;ty=2", body.dump()).rsc, 2001);
  std::string container = std::string(kCseBase) + "/" + uniqueName("r1cnt");
  ASSERT_EQ(http().create(kAdmin, kCseBase, 3, {{"m2m:cnt", {{"rn", container.substr(8)}}}}).rsc,
            2001);
  // The admin subscribes both: the R1 AE by its ID, a plain URL (no release known) beside it.
  Json sub = {{"m2m:sub",
               {{"rn", uniqueName("sub")},
                {"nu", {ae.id, receiver.url("/r3")}},
                {"enc", {{"net", {1}}}}}}};  // update of the container
  HttpResult created = http().create(kAdmin, container, 23, sub);
  ASSERT_EQ(created.rsc, 2001) << created;
  // disr (disableRetrieval) came with Release 2: the R1 AE must not see it.
  ASSERT_EQ(http().update(kAdmin, container, {{"m2m:cnt", {{"disr", false}, {"mni", 7}}}}).rsc,
            2004);
  ASSERT_TRUE(receiver.waitForEvents("/r1", 1, std::chrono::seconds(5)));
  ASSERT_TRUE(receiver.waitForEvents("/r3", 1, std::chrono::seconds(5)));
  for (const ReceivedRequest& r : receiver.requestsTo("/r1")) {
    EXPECT_EQ(r.headers.count("X-M2M-RVI"), 0u) << r.body;  // verification and event alike
  }
  Json r1 = receiver.eventsTo("/r1").front().sgn()["nev"]["rep"]["m2m:cnt"];
  Json r3 = receiver.eventsTo("/r3").front().sgn()["nev"]["rep"]["m2m:cnt"];
  EXPECT_EQ(r3.value("mni", 0), 7) << r3;
  EXPECT_EQ(r1.value("mni", 0), 7) << r1;
  EXPECT_TRUE(r3.contains("disr")) << r3;
  EXPECT_FALSE(r1.contains("disr")) << r1;
  EXPECT_EQ(receiver.eventsTo("/r3").front().header("X-M2M-RVI"), "3");
  // Nothing else differs but what Release 1 lacks: the R1 copy is a subset of R3's.
  for (const auto& [name, value] : r1.items()) {
    EXPECT_TRUE(r3.contains(name)) << name;
  }
}

}  // namespace
}  // namespace citadel::testing
