// Announcement between two real citadel processes on loopback (TS-0001 §9.6.26, §10.2.13;
// TS-0004 §7.3.3.10/.11, §7.4.26): an MN-CSE (id-mn) registered with its IN-CSE (id-in). A
// resource of the MN with announceTo (at) gets an announced variant on the IN — under the MN's
// <CSEBaseAnnc> there, or under its announced parent — kept in step when MA and aa-named
// attributes change, deleted when at drops it or the original goes. The IN lets only the MN
// (the CSE the link names) create, change and delete those resources; everyone else reads them
// under their announced acpi.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/cse_tree.h"
#include "tests/support/http_client.h"
#include "tests/support/notification_receiver.h"
#include "tests/support/test_cse.h"

namespace citadel::testing {
namespace {

// "/id-in/aeA123" (an at entry) -> "/aeA123", the IN-relative path of the announced resource.
std::string onIn(const std::string& at_entry) {
  EXPECT_TRUE(at_entry.starts_with("/id-in/")) << at_entry;
  return at_entry.substr(std::string("/id-in").size());
}

std::string onlyAt(const HttpResult& result) {
  const Json& at = result.resource().value("at", Json::array());
  EXPECT_EQ(at.size(), 1u) << result;
  return at.size() == 1 ? at[0].get<std::string>() : "";
}

class AnnouncementTest : public CseTreeTest {
 protected:
  void SetUp() override {
    CseTreeTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(waitForRegistration());
  }

  // Registers an AE "C<name>" at the IN, not announced.
  void inAe(const std::string& name) {
    HttpResult made = in_http_->create(
        "C" + name, "/cse-in", 2,
        {{"m2m:ae", {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}}}}});
    ASSERT_EQ(made.rsc, 2001) << made;
  }

  // An AE of the MN announced to the IN; returns its aeA path on the IN.
  std::string announcedAe(const std::string& name, Json extra = Json::object()) {
    Json ae = {{"rn", name}, {"api", "N" + name}, {"rr", false}, {"srv", {"3"}},
               {"at", {"/id-in"}}, {"lbl", {"kind/sensor"}}};
    ae.update(extra);
    HttpResult made = mn_http_->create("C" + name, "/cse-mn", 2, {{"m2m:ae", ae}});
    EXPECT_EQ(made.rsc, 2001) << made;
    return onIn(onlyAt(made));
  }
};

TEST_F(AnnouncementTest, AnAeIsAnnouncedUnderTheCseBaseAnncOfItsCse) {
  std::string ae_annc = announcedAe("annAe");
  HttpResult ae = in_http_->retrieve("CAdmin", ae_annc);
  ASSERT_EQ(ae.rsc, 2000) << ae;
  EXPECT_TRUE(ae.json.contains("m2m:aeA")) << ae;
  const Json& a = ae.resource();
  EXPECT_EQ(a.value("ty", 0), 10002);
  EXPECT_EQ(a.value("lnk", ""), "/id-mn/CannAe");
  EXPECT_EQ(a.value("srv", Json()), Json::array({"3"}));  // MA
  EXPECT_EQ(a.value("lbl", Json()), Json::array({"kind/sensor"}));
  EXPECT_TRUE(a.contains("et"));
  EXPECT_FALSE(a.contains("api")) << "OA, not in aa: " << ae;
  // Its parent: the MN's <CSEBaseAnnc> under the IN's <CSEBase>, linking the MN.
  HttpResult base_annc = in_http_->retrieve("CAdmin", "/" + a.value("pi", ""));
  ASSERT_EQ(base_annc.rsc, 2000) << base_annc;
  EXPECT_EQ(base_annc.resource().value("ty", 0), 10005);
  EXPECT_EQ(base_annc.resource().value("lnk", ""), "/id-mn");
  EXPECT_EQ(base_annc.resource().value("csi", ""), "/id-mn");
  EXPECT_EQ(base_annc.resource().value("pi", ""), "id-in");
  // A second AE goes under the same <CSEBaseAnnc>: one per announcing CSE.
  HttpResult second = in_http_->retrieve("CAdmin", announcedAe("annAe2"));
  EXPECT_EQ(second.resource().value("pi", ""), a.value("pi", "")) << second;
  // The original keeps the announced address in its at.
  HttpResult original = mn_http_->retrieve("CannAe", "/cse-mn/annAe");
  EXPECT_EQ(original.resource().value("at", Json()), Json::array({"/id-in" + ae_annc}));
  // Discovery at the IN finds it by type and label.
  HttpResult found = in_http_->retrieve("CAdmin", "/cse-in", "fu=1&ty=10002&lbl=kind/sensor");
  ASSERT_EQ(found.rsc, 2000) << found;
  EXPECT_EQ(found.json.value("m2m:uril", Json()).size(), 2u) << found;
}

TEST_F(AnnouncementTest, ANodeIsAnnouncedWithItsNodeIdAndTheAttributesAaNames) {
  // TS-0001 Table 9.6.18-2: nodeID MA, the links and the management address OA.
  HttpResult made = mn_http_->create(
      "CAdmin", "/cse-mn", 14,
      {{"m2m:nod", {{"rn", "gateway"}, {"ni", "urn:dev:gw-1"}, {"mgca", "10.1.1.1"},
                    {"hael", {"/id-mn/Cx"}}, {"at", {"/id-in"}}, {"aa", {"mgca"}}}}});
  ASSERT_EQ(made.rsc, 2001) << made;
  HttpResult annc = in_http_->retrieve("CAdmin", onIn(onlyAt(made)));
  ASSERT_EQ(annc.rsc, 2000) << annc;
  const Json& n = annc.resource();
  EXPECT_EQ(n.value("ty", 0), 10014) << annc;
  EXPECT_TRUE(annc.json.contains("m2m:nodA")) << annc;
  EXPECT_EQ(n.value("ni", ""), "urn:dev:gw-1");
  EXPECT_EQ(n.value("mgca", ""), "10.1.1.1");
  EXPECT_FALSE(n.contains("hael")) << "OA, not in aa: " << annc;
  EXPECT_EQ(n.value("lnk", ""), "/id-mn/" + made.resource().value("ri", ""));
  // Kept in step: an UPDATE of nodeID reaches the announced resource.
  ASSERT_EQ(mn_http_->update("CAdmin", "/cse-mn/gateway", {{"m2m:nod", {{"ni", "urn:dev:gw-2"}}}})
                .rsc,
            2004);
  EXPECT_TRUE(waitUntil([&] {
    return in_http_->retrieve("CAdmin", onIn(onlyAt(made))).resource().value("ni", "") ==
           "urn:dev:gw-2";
  }));
}

TEST_F(AnnouncementTest, ANodesScheduleIsAnnouncedUnderTheAnnouncedNode) {
  HttpResult node = mn_http_->create(
      "CAdmin", "/cse-mn", 14,
      {{"m2m:nod", {{"rn", "plc"}, {"ni", "urn:dev:plc"}, {"at", {"/id-in"}}}}});
  ASSERT_EQ(node.rsc, 2001) << node;
  Json se = {{"sce", {"* 0-5 2 * * * *"}}};
  HttpResult schedule = mn_http_->create(
      "CAdmin", "/cse-mn/plc", 18,
      {{"m2m:sch", {{"rn", "window"}, {"se", se}, {"at", {"/id-in"}}, {"aa", {"se"}}}}});
  ASSERT_EQ(schedule.rsc, 2001) << schedule;
  HttpResult annc = in_http_->retrieve("CAdmin", onIn(onlyAt(schedule)));
  ASSERT_EQ(annc.rsc, 2000) << annc;
  EXPECT_TRUE(annc.json.contains("m2m:schA")) << annc;
  const Json& a = annc.resource();
  EXPECT_EQ(a.value("ty", 0), 10018);
  EXPECT_EQ(a["se"], se);
  EXPECT_FALSE(a.contains("acpi")) << "NA (TS-0001 Table 9.6.9-2): " << annc;
  // Its parent is the announced node.
  HttpResult parent = in_http_->retrieve("CAdmin", "/" + a.value("pi", ""));
  EXPECT_EQ(parent.resource().value("ty", 0), 10014) << parent;
}

TEST_F(AnnouncementTest, ContainersAndInstancesGoUnderTheirAnnouncedParents) {
  std::string ae_annc = announcedAe("annTree");
  HttpResult cnt = mn_http_->create("CannTree", "/cse-mn/annTree", 3,
                                    {{"m2m:cnt", {{"rn", "data"}, {"mni", 5}, {"at", {"/id-in"}},
                                                  {"aa", {"mni"}}}}});
  ASSERT_EQ(cnt.rsc, 2001) << cnt;
  std::string cnt_annc = onIn(onlyAt(cnt));
  HttpResult cnt_at_in = in_http_->retrieve("CAdmin", cnt_annc);
  ASSERT_EQ(cnt_at_in.rsc, 2000) << cnt_at_in;
  EXPECT_EQ(cnt_at_in.resource().value("ty", 0), 10003);
  EXPECT_EQ("/" + cnt_at_in.resource().value("pi", ""), ae_annc);
  EXPECT_EQ(cnt_at_in.resource().value("mni", 0), 5);  // OA named in aa
  EXPECT_EQ(cnt_at_in.resource().value("lnk", ""),
            "/id-mn/" + cnt.resource().value("ri", ""));
  HttpResult cin = mn_http_->create(
      "CannTree", "/cse-mn/annTree/data", 4,
      {{"m2m:cin", {{"con", "21.5"}, {"at", {"/id-in"}}, {"aa", {"con"}}}}});
  ASSERT_EQ(cin.rsc, 2001) << cin;
  HttpResult cin_at_in = in_http_->retrieve("CAdmin", onIn(onlyAt(cin)));
  ASSERT_EQ(cin_at_in.rsc, 2000) << cin_at_in;
  EXPECT_EQ(cin_at_in.resource().value("ty", 0), 10004);
  EXPECT_EQ(cin_at_in.resource().value("con", ""), "21.5");
  EXPECT_EQ("/" + cin_at_in.resource().value("pi", ""), cnt_annc);
  // An instance of a container that is not announced there cannot be (TS-0004 §7.3.3.10).
  ASSERT_EQ(mn_http_->create("CannTree", "/cse-mn/annTree", 3, {{"m2m:cnt", {{"rn", "local"}}}})
                .rsc,
            2001);
  HttpResult refused = mn_http_->create("CannTree", "/cse-mn/annTree/local", 4,
                                        {{"m2m:cin", {{"con", "x"}, {"at", {"/id-in"}}}}});
  EXPECT_EQ(refused.rsc, 4005) << refused;
  // at is bounded: every target is a wait on the request's thread.
  Json many = Json::array();
  for (int i = 0; i < 17; ++i) many.push_back("/id-x" + std::to_string(i));
  HttpResult too_many = mn_http_->create("CannTree", "/cse-mn/annTree", 3,
                                         {{"m2m:cnt", {{"rn", "many"}, {"at", many}}}});
  EXPECT_EQ(too_many.rsc, 4000) << too_many;
  // aa may name only optional announced attributes of the type.
  HttpResult bad_aa = mn_http_->create(
      "CannTree", "/cse-mn/annTree", 3,
      {{"m2m:cnt", {{"rn", "badAa"}, {"at", {"/id-in"}}, {"aa", {"cni"}}}}});
  EXPECT_EQ(bad_aa.rsc, 4000) << bad_aa;
}

TEST_F(AnnouncementTest, UpdatesAreSynchronisedAndAtRemovalDeAnnounces) {
  std::string ae_annc = announcedAe("annSync", {{"apn", "first"}});
  // An MA attribute (labels) follows the original.
  ASSERT_EQ(mn_http_->update("CannSync", "/cse-mn/annSync",
                             {{"m2m:ae", {{"lbl", {"kind/actuator"}}}}})
                .rsc,
            2004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", ae_annc).resource().value("lbl", Json()),
            Json::array({"kind/actuator"}));
  // aa gains apn: announced with its value; then apn changes: followed; aa loses it: removed.
  ASSERT_EQ(mn_http_->update("CannSync", "/cse-mn/annSync", {{"m2m:ae", {{"aa", {"apn"}}}}}).rsc,
            2004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", ae_annc).resource().value("apn", ""), "first");
  ASSERT_EQ(
      mn_http_->update("CannSync", "/cse-mn/annSync", {{"m2m:ae", {{"apn", "second"}}}}).rsc,
      2004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", ae_annc).resource().value("apn", ""), "second");
  ASSERT_EQ(mn_http_->update("CannSync", "/cse-mn/annSync", {{"m2m:ae", {{"aa", nullptr}}}}).rsc,
            2004);
  EXPECT_FALSE(in_http_->retrieve("CAdmin", ae_annc).resource().contains("apn"));
  // A container announced, then at removed: its announced variant is deleted there.
  HttpResult cnt = mn_http_->create("CannSync", "/cse-mn/annSync", 3,
                                    {{"m2m:cnt", {{"rn", "c"}, {"at", {"/id-in"}}}}});
  std::string cnt_annc = onIn(onlyAt(cnt));
  ASSERT_EQ(in_http_->retrieve("CAdmin", cnt_annc).rsc, 2000);
  HttpResult dropped =
      mn_http_->update("CannSync", "/cse-mn/annSync/c", {{"m2m:cnt", {{"at", nullptr}}}});
  ASSERT_EQ(dropped.rsc, 2004) << dropped;
  EXPECT_FALSE(dropped.resource().contains("at")) << dropped;
  EXPECT_EQ(in_http_->retrieve("CAdmin", cnt_annc).rsc, 4004);
  // ...and announced again by an UPDATE that lists the CSE-ID.
  HttpResult again =
      mn_http_->update("CannSync", "/cse-mn/annSync/c", {{"m2m:cnt", {{"at", {"/id-in"}}}}});
  ASSERT_EQ(again.rsc, 2004) << again;
  std::string cnt_annc_again = onIn(onlyAt(again));
  EXPECT_EQ(in_http_->retrieve("CAdmin", cnt_annc_again).rsc, 2000);
  // Deleting the original de-announces it (and the announced subtree with it).
  ASSERT_EQ(mn_http_->remove("CannSync", "/cse-mn/annSync").rsc, 2002);
  EXPECT_EQ(in_http_->retrieve("CAdmin", ae_annc).rsc, 4004);
  EXPECT_EQ(in_http_->retrieve("CAdmin", cnt_annc_again).rsc, 4004);
}

TEST_F(AnnouncementTest, OnlyTheOriginalsCseWritesAnnouncedResources) {
  std::string ae_annc = announcedAe("annGuard");
  inAe("in");
  std::string base_annc = "/" + in_http_->retrieve("CAdmin", ae_annc).resource().value("pi", "");
  // An AE of the IN can neither change nor delete it, nor add announced resources.
  EXPECT_EQ(in_http_->update("Cin", ae_annc, {{"m2m:aeA", {{"lbl", {"x"}}}}}).rsc, 4103);
  EXPECT_EQ(in_http_->remove("Cin", ae_annc).rsc, 4103);
  HttpResult forged = in_http_->create(
      "Cin", base_annc, 10002,
      {{"m2m:aeA", {{"lnk", "/id-mn/Cfake"}, {"et", "20991231T000000"}, {"srv", {"3"}}}}});
  EXPECT_EQ(forged.rsc, 4103) << forged;
  // The MN itself (From /id-mn, admitted as a registered CSE) may not announce on behalf of
  // another CSE, nor into the IN's <CSEBase> with a link to itself named by another CSE.
  HttpResult other_link = in_http_->raw(
      "POST", "/~/id-in" + base_annc,
      {{"X-M2M-Origin", "/id-mn"}, {"X-M2M-RI", "annc-forge"}, {"X-M2M-RVI", "3"},
       {"Content-Type", "application/json;ty=10002"}},
      R"({"m2m:aeA": {"lnk": "/id-other/Cx", "et": "20991231T000000", "srv": ["3"]}})");
  EXPECT_EQ(other_link.rsc, 4103) << other_link;
  HttpResult bad_link = in_http_->raw(
      "POST", "/~/id-in" + base_annc,
      {{"X-M2M-Origin", "/id-mn"}, {"X-M2M-RI", "annc-bad"}, {"X-M2M-RVI", "3"},
       {"Content-Type", "application/json;ty=10002"}},
      R"({"m2m:aeA": {"lnk": "Cx", "et": "20991231T000000", "srv": ["3"]}})");
  EXPECT_EQ(bad_link.rsc, 4103) << bad_link;  // a CSE-relative link names no CSE
  // The announced AE is readable only under its announced acpi: none here.
  EXPECT_EQ(in_http_->retrieve("Cin", ae_annc).rsc, 4103);
  // An ordinary container under the announced AE, by the MN's admin forwarded? No: by the IN's
  // admin, is an ordinary child (TS-0001 §9.6.26.1).
  HttpResult local = in_http_->create("CAdmin", ae_annc, 3, {{"m2m:cnt", {{"rn", "localCnt"}}}});
  EXPECT_EQ(local.rsc, 2001) << local;
}

TEST_F(AnnouncementTest, AnAddressInAtMustBeAnAnnouncedAncestorOfTheResource) {
  std::string victim_annc = announcedAe("annVictim");
  std::string own_annc = announcedAe("annOwn");
  // The MN creates announced resources as itself: an AE naming another AE's announced address
  // would have the MN place its container there. Refused before anything is sent.
  HttpResult foreign = mn_http_->create(
      "CannOwn", "/cse-mn/annOwn", 3,
      {{"m2m:cnt", {{"rn", "intruder"}, {"at", {"/id-in" + victim_annc}}}}});
  EXPECT_EQ(foreign.rsc, 4000) << foreign;
  EXPECT_EQ(mn_http_->retrieve("CannOwn", "/cse-mn/annOwn/intruder").rsc, 4004);
  // Its own parent's announced address is a valid place.
  HttpResult own = mn_http_->create(
      "CannOwn", "/cse-mn/annOwn", 3,
      {{"m2m:cnt", {{"rn", "mine"}, {"at", {"/id-in" + own_annc}}}}});
  ASSERT_EQ(own.rsc, 2001) << own;
  HttpResult own_at_in = in_http_->retrieve("CAdmin", onIn(onlyAt(own)));
  EXPECT_EQ("/" + own_at_in.resource().value("pi", ""), own_annc) << own_at_in;
  // An UPDATE that repeats the at it read changes nothing.
  HttpResult same = mn_http_->update("CannOwn", "/cse-mn/annOwn",
                                     {{"m2m:ae", {{"at", {"/id-in" + own_annc}}}}});
  ASSERT_EQ(same.rsc, 2004) << same;
  EXPECT_EQ(same.resource().value("at", Json()), Json::array({"/id-in" + own_annc}));
  EXPECT_EQ(in_http_->retrieve("CAdmin", own_annc).rsc, 2000);
}

TEST_F(AnnouncementTest, AnAnnouncedPolicyDecidesForTheAnnouncedResource) {
  inAe("reader");
  // A policy of the MN granting RETRIEVE to an AE of the IN (SP-relative), announced first.
  Json acp = {{"m2m:acp",
               {{"rn", "annAcp"},
                {"pv", {{"acr", {{{"acor", {"/id-in/Creader"}}, {"acop", 2}}}}}},
                {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}},
                {"at", {"/id-in"}}}}};
  HttpResult policy = mn_http_->create("CAdmin", "/cse-mn", 1, acp);
  ASSERT_EQ(policy.rsc, 2001) << policy;
  std::string acp_annc = onIn(onlyAt(policy));
  HttpResult acp_at_in = in_http_->retrieve("CAdmin", acp_annc);
  ASSERT_EQ(acp_at_in.rsc, 2000) << acp_at_in;
  EXPECT_EQ(acp_at_in.resource().value("ty", 0), 10001);
  EXPECT_TRUE(acp_at_in.resource().contains("pv")) << acp_at_in;  // MA
  // An AE governed by it: its announced acpi names the announced policy.
  std::string ae_annc =
      announcedAe("annRead", {{"acpi", {policy.resource().value("ri", "")}}});
  HttpResult ae = in_http_->retrieve("CAdmin", ae_annc);
  EXPECT_EQ(ae.resource().value("acpi", Json()), Json::array({"/id-in" + acp_annc})) << ae;
  EXPECT_EQ(in_http_->retrieve("Creader", ae_annc).rsc, 2000);
  inAe("nobody");
  EXPECT_EQ(in_http_->retrieve("Cnobody", ae_annc).rsc, 4103);
}

TEST_F(AnnouncementTest, OriginalResourceIsReadThroughTheLinkAsTheOriginator) {
  // rcn=7 on the announced resource (TS-0004 §7.4.26.2.3): once the originator may read the
  // announced resource (its announced policy, here), the IN reads the original at the MN as
  // that originator; the MN's policies decide there.
  inAe("friend");
  Json acp = {{"m2m:acp",
               {{"rn", "origAcp"},
                {"pv", {{"acr", {{{"acor", {"/id-in/Cfriend"}}, {"acop", 2}}}}}},
                {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}},
                {"at", {"/id-in"}}}}};
  HttpResult policy = mn_http_->create("CAdmin", "/cse-mn", 1, acp);
  ASSERT_EQ(policy.rsc, 2001) << policy;
  std::string ae_annc = announcedAe(
      "annOrig", {{"apn", "only-at-the-original"}, {"acpi", {policy.resource().value("ri", "")}}});
  HttpResult original = in_http_->retrieve("Cfriend", ae_annc, "rcn=7");
  ASSERT_EQ(original.rsc, 2000) << original;
  EXPECT_TRUE(original.json.contains("m2m:ae")) << original;
  EXPECT_EQ(original.resource().value("apn", ""), "only-at-the-original");
  EXPECT_EQ(original.resource().value("aei", ""), "CannOrig");
  HttpResult announced = in_http_->retrieve("Cfriend", ae_annc);
  ASSERT_EQ(announced.rsc, 2000) << announced;
  EXPECT_FALSE(announced.resource().contains("apn")) << "OA, not in aa: " << announced;
  // The IN's admin is an ordinary AE-ID at the MN ("/id-in/CAdmin"), which the policy does not
  // name: refused there.
  EXPECT_EQ(in_http_->retrieve("CAdmin", ae_annc, "rcn=7").rsc, 4103);
}

TEST_F(AnnouncementTest, ANotifyToTheAnnouncedAeReachesTheOriginalAe) {
  // TS-0001 §10.2.13.12: the IN sends it on to the original <AE>, whose Hosting CSE (the MN)
  // re-targets it to the AE's poa. Each CSE decides by its copy of the policy.
  NotificationReceiver receiver;
  inAe("notifier");
  Json acp = {{"m2m:acp",
               {{"rn", "notifyAcp"},
                {"pv", {{"acr", {{{"acor", {"/id-in/Cnotifier"}}, {"acop", 16}}}}}},
                {"pvs", {{"acr", {{{"acor", {"CAdmin"}}, {"acop", 63}}}}}},
                {"at", {"/id-in"}}}}};
  HttpResult policy = mn_http_->create("CAdmin", "/cse-mn", 1, acp);
  ASSERT_EQ(policy.rsc, 2001) << policy;
  std::string ae_annc = announcedAe(
      "annNotified", {{"rr", true}, {"poa", {receiver.url("/ae")}},
                      {"acpi", {policy.resource().value("ri", "")}}});
  Json notification = {{"m2m:sgn", {{"sur", "/id-in/sub1"}, {"nev", {{"net", 1}}}}}};
  HttpResult sent = in_http_->raw(
      "POST", ae_annc,
      {{"X-M2M-Origin", "Cnotifier"}, {"X-M2M-RI", "n1"}, {"X-M2M-RVI", "3"},
       {"Content-Type", "application/json"}},
      notification.dump());
  ASSERT_EQ(sent.rsc, 2000) << sent;
  EXPECT_EQ(sent.header("X-M2M-RI"), "n1");
  ASSERT_TRUE(receiver.waitForRequests("/ae", 1, std::chrono::seconds(5)));
  // Someone the policy does not name is stopped at the IN already.
  inAe("silent");
  HttpResult refused = in_http_->raw(
      "POST", ae_annc,
      {{"X-M2M-Origin", "Csilent"}, {"X-M2M-RI", "n2"}, {"X-M2M-RVI", "3"},
       {"Content-Type", "application/json"}},
      notification.dump());
  EXPECT_EQ(refused.rsc, 4103) << refused;
  EXPECT_EQ(receiver.requestsTo("/ae").size(), 1u);
}

TEST_F(AnnouncementTest, ARemoteCseIsAnnouncedWithItsMaAndAaAttributes) {
  // The IN's admin announces the <remoteCSE> of the MN (TS-0001 Table 9.6.4-2): to the MN here,
  // the only other CSE of this tree; a <remoteCSEAnnc> (10016) under the IN's <CSEBaseAnnc>.
  HttpResult updated = in_http_->update(
      "CAdmin", "/cse-in/id-mn", {{"m2m:csr", {{"at", {"/id-mn"}}, {"aa", {"cst", "csi"}}}}});
  ASSERT_EQ(updated.rsc, 2004) << updated;
  std::string at = onlyAt(updated);
  ASSERT_TRUE(at.starts_with("/id-mn/")) << updated;
  std::string on_mn = at.substr(std::string("/id-mn").size());
  HttpResult annc = mn_http_->retrieve("CAdmin", on_mn);
  ASSERT_EQ(annc.rsc, 2000) << annc;
  ASSERT_TRUE(annc.json.contains("m2m:csrA")) << annc;
  const Json& a = annc.resource();
  EXPECT_EQ(a.value("ty", 0), 10016);
  EXPECT_EQ(a.value("lnk", ""), "/id-in/id-mn");  // the original's SP-relative resource ID
  EXPECT_EQ(a.value("csi", ""), "/id-mn");  // OA, in aa
  EXPECT_EQ(a.value("cst", 0), 2);           // OA, in aa
  EXPECT_EQ(a.value("srv", Json()), updated.resource().value("srv", Json()));  // MA
  EXPECT_FALSE(a.contains("poa")) << "OA, not in aa: " << annc;
  EXPECT_EQ(mn_http_->retrieve("CAdmin", "/" + a.value("pi", "")).resource().value("ty", 0),
            10005);
  // A label change (MA) follows; dropping at de-announces.
  ASSERT_EQ(in_http_->update("CAdmin", "/cse-in/id-mn", {{"m2m:csr", {{"lbl", {"site/a"}}}}}).rsc,
            2004);
  EXPECT_EQ(mn_http_->retrieve("CAdmin", on_mn).resource().value("lbl", Json()),
            Json::array({"site/a"}));
  ASSERT_EQ(in_http_->update("CAdmin", "/cse-in/id-mn", {{"m2m:csr", {{"at", nullptr}}}}).rsc,
            2004);
  EXPECT_EQ(mn_http_->retrieve("CAdmin", on_mn).rsc, 4004);
}

TEST_F(AnnouncementTest, AResourceOfTheInIsAnnouncedDownToTheMn) {
  ASSERT_EQ(in_http_->create("Cdown", "/cse-in", 2,
                             {{"m2m:ae", {{"rn", "down"}, {"api", "Ndown"}, {"rr", false},
                                          {"srv", {"3"}}, {"at", {"/id-mn"}}}}})
                .rsc,
            2001);
  HttpResult ae = in_http_->retrieve("Cdown", "/cse-in/down");
  std::string at = onlyAt(ae);
  ASSERT_TRUE(at.starts_with("/id-mn/")) << ae;
  HttpResult at_mn = mn_http_->retrieve("CAdmin", at.substr(std::string("/id-mn").size()));
  ASSERT_EQ(at_mn.rsc, 2000) << at_mn;
  EXPECT_EQ(at_mn.resource().value("lnk", ""), "/id-in/Cdown");
  ASSERT_EQ(in_http_->remove("Cdown", "/cse-in/down").rsc, 2002);
  EXPECT_EQ(mn_http_->retrieve("CAdmin", at.substr(std::string("/id-mn").size())).rsc, 4004);
}

}  // namespace
}  // namespace citadel::testing
