// ESPrim objects (TS-0004 §7.6.2; issue 16, slice 2) against the real binary: an AE holding a
// pre-provisioned pairwise key (esprim.keyFile, written here with mode 0600) asks for a rand
// object (NOTIFY sit 3), then sends CREATE and RETRIEVE as ESPrim objects in a NOTIFY to the
// <CSEBase> (sit 5) and reads the protected answer, with security/esprim/esprim_originator.h.
// The inner request is authorized on its own `fr` (an unprivileged one gets 4103 INSIDE the
// encrypted answer); every crafted object gets the outer rsc of Table 7.6.2-1 and leaves the
// tree unchanged. Over HTTP; the main exchanges also over CoAP and MQTT.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "security/esprim/esprim_object.h"
#include "security/esprim/esprim_originator.h"
#include "security/token/base64url.h"
#include "tests/support/coap_client.h"
#include "tests/support/cse_fixture.h"
#include "tests/support/status_macros.h"
#include "tests/support/temp_dir.h"

namespace citadel::testing {
namespace {

using security::esprim::OriginatorSession;

const std::string kAliceKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const std::string kBobKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
const std::string kCarolKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

std::string unhex(const std::string& text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// What came back for an outer NOTIFY, whichever binding carried it.
struct Outer {
  int rsc = 0;
  Json content;
  std::string wire;
};

std::ostream& operator<<(std::ostream& out, const Outer& outer) { return out << outer.wire; }

class SecurityEsprimTest : public CseFixture {
 protected:
  static void SetUpTestSuite() {
    keys_ = std::make_unique<TempDir>();
    std::string path = keys_->file("esprim.keys");
    std::ofstream(path) << "k-alice Cesalice " << kAliceKey << "\n"
                        << "k-bob Cesbob " << kBobKey << "\n"
                        << "k-carol Cescarol " << kCarolKey << "\n";
    ::chmod(path.c_str(), 0600);
    std::vector<std::string> args = {"--esprim.enabled=true", "--esprim.keyFile=" + path,
                                     "--esprim.sharedRandLifetime=86400", "--coap.enabled=true",
                                     "--coap.port=0"};
    if (mosquittoAvailable()) {
      broker_ = &MosquittoBroker::shared();
      for (const auto& arg : broker_->cseArgs("esprim")) args.push_back(arg);
    }
    startCse(args);
    HttpClient http(cse().port());
    for (const char* name : {"esalice", "esbob", "escarol"}) http.registerAe(name);
    // Alice and Bob may ask for unique rand objects (NOTIFY on the <CSEBase>); Carol may not,
    // and uses the shared one (esi.esro).
    const std::string acp = std::string(kCseBase) + "/acpCSEBase";
    HttpResult current = http.retrieve(kAdmin, acp);
    Json pv = current.resource()["pv"];
    pv["acr"].push_back({{"acor", {"Cesalice", "Cesbob"}}, {"acop", 16}});
    http.update(kAdmin, acp, {{"m2m:acp", {{"pv", pv}}}});
  }
  static void TearDownTestSuite() {
    stopCse();
    keys_.reset();
  }

  Outer notifyHttp(const std::string& from, const Json& content,
                   const std::string& to = kCseBase) {
    HttpResult r = http().raw("POST", to,
                              {{"X-M2M-Origin", from},
                               {"X-M2M-RI", HttpClient::nextRequestId()},
                               {"X-M2M-RVI", "3"},
                               {"Content-Type", "application/json"}},
                              content.dump());
    std::ostringstream wire;
    wire << r;
    return {r.rsc, r.json, wire.str()};
  }

  Outer notifyOver(const std::string& binding, const std::string& from, const Json& content) {
    if (binding == "coap") {
      CoapClient coap(pointOfAccessPort("coap"));
      CoapResult r = coap.notify(from, kCseBase, content);
      std::ostringstream wire;
      wire << r;
      return {r.rsc, r.json, wire.str()};
    }
    if (binding == "mqtt") {
      MqttClient mqtt(broker_->uri(), from);
      EXPECT_TRUE(mqtt.connected()) << mqtt.error();
      // The CSE connects to the broker in the background: wait until it answers.
      EXPECT_TRUE(waitUntil([&] { return mqtt.retrieve("cse-in").received; },
                            std::chrono::seconds(20)));
      MqttResult r = mqtt.send({{"op", 5}, {"to", "cse-in"}, {"pc", content}});
      std::ostringstream wire;
      wire << r;
      return {r.rsc, r.json.value("pc", Json()), wire.str()};
    }
    return notifyHttp(from, content);
  }

  // Phase B (TS-0003 §8.4.2): a unique receiver rand object for `from`, and a fresh session.
  OriginatorSession openSession(const std::string& from, const std::string& kid,
                                const std::string& key_hex, std::string enc = "A256GCM") {
    Outer rand = notifyHttp(from, {{"m2m:seci", {{"sit", 3}}}});
    EXPECT_EQ(rand.rsc, 2000) << rand;
    auto receiver = security::esprim::parseReceiverRandObject(rand.content["m2m:seci"]["ero"]);
    EXPECT_OK(receiver);
    auto originator = security::esprim::makeOriginatorRandObject(receiver.value(), enc);
    auto session = security::esprim::openSession(kid, unhex(key_hex), receiver.value(),
                                                 originator, enc);
    EXPECT_OK(session);
    return session.value();
  }

  static model::Request inner(model::Operation op, std::string to, std::string from) {
    model::Request request;
    request.operation = op;
    request.to = std::move(to);
    request.originator = std::move(from);
    request.request_id = "inner-" + HttpClient::nextRequestId();
    request.release_version_indicator = "3";
    return request;
  }

  model::Request createContainer(const std::string& from, const std::string& parent,
                                 const std::string& rn) {
    model::Request create = inner(model::Operation::kCreate, parent, from);
    create.resource_type = 3;
    create.content = {{"m2m:cnt", {{"rn", rn}}}};
    return create;
  }

  std::string wrap(const OriginatorSession& session, const model::Request& request,
                   bool with_oro = true) {
    auto epo = security::esprim::wrapRequest(session, request, with_oro);
    EXPECT_OK(epo);
    return epo.value();
  }

  // Sends `request` as an ESPrim object and returns the decrypted inner response.
  model::Response exchange(const std::string& binding, const std::string& from,
                           const OriginatorSession& session, const model::Request& request) {
    Outer outer =
        notifyOver(binding, from, security::esprim::esprimContent(wrap(session, request)));
    EXPECT_EQ(outer.rsc, 2000) << outer;
    auto response = security::esprim::unwrapResponse(session, outer.content);
    EXPECT_OK(response);
    return response.isOk() ? response.value() : model::Response{};
  }

  int rscInClear(const std::string& from, const std::string& path) {
    return http().retrieve(from, path).rsc;
  }

  // The CRUD checks of one binding: CREATE and RETRIEVE succeed on the inner originator, an
  // unprivileged inner originator gets 4103 inside, a tampered object is 4115 outside.
  void crudOver(const std::string& binding) {
    OriginatorSession alice = openSession("Cesalice", "k-alice", kAliceKey);
    std::string rn = uniqueName("cnt");
    model::Request create = createContainer("Cesalice", "cse-in/esalice", rn);
    create.content["m2m:cnt"]["cr"] = nullptr;  // the creator is recorded: the inner originator
    model::Response created = exchange(binding, "Cesalice", alice, create);
    EXPECT_EQ(created.status_code, model::Rsc::kCreated) << created.content;
    EXPECT_EQ(created.content["m2m:cnt"].value("cr", ""), "Cesalice") << created.content;
    std::string path = "cse-in/esalice/" + rn;
    EXPECT_EQ(rscInClear("Cesalice", "/" + path), 2000);
    model::Response read =
        exchange(binding, "Cesalice", alice, inner(model::Operation::kRetrieve, path, "Cesalice"));
    EXPECT_EQ(read.status_code, model::Rsc::kOk);
    EXPECT_EQ(read.content["m2m:cnt"].value("rn", ""), rn) << read.content;
    OriginatorSession bob = openSession("Cesbob", "k-bob", kBobKey);
    model::Response denied =
        exchange(binding, "Cesbob", bob, inner(model::Operation::kRetrieve, path, "Cesbob"));
    EXPECT_EQ(denied.status_code, model::Rsc::kOriginatorHasNoPrivilege) << denied.content;
    std::string epo = wrap(alice, createContainer("Cesalice", "cse-in/esalice", rn + "x"));
    epo.back() = epo.back() == 'A' ? 'Q' : 'A';
    Outer tampered = notifyOver(binding, "Cesalice", security::esprim::esprimContent(epo));
    EXPECT_EQ(tampered.rsc, 4115) << tampered;
    EXPECT_EQ(rscInClear("Cesalice", "/" + path + "x"), 4004);
  }

  static inline std::unique_ptr<TempDir> keys_;
  static inline MosquittoBroker* broker_ = nullptr;
};

TEST_F(SecurityEsprimTest, CrudAsEsprimObjectsOverHttp) { crudOver("http"); }

TEST_F(SecurityEsprimTest, CrudAsEsprimObjectsOverCoap) { crudOver("coap"); }

TEST_F(SecurityEsprimTest, CrudAsEsprimObjectsOverMqtt) {
  if (broker_ == nullptr) GTEST_SKIP() << "/usr/sbin/mosquitto is not installed";
  crudOver("mqtt");
}

TEST_F(SecurityEsprimTest, TheCseBaseAdvertisesSuid13) {
  HttpResult cb = http().retrieve("Cesalice", kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  EXPECT_EQ(cb.resource()["esi"]["esf"], Json::parse("[13]")) << cb;
}

// Each crafted object gets its Table 7.6.2-1 code as the outer rsc, and nothing is created.
TEST_F(SecurityEsprimTest, CraftedObjectsGetEachErrorAndLeaveTheTreeUnchanged) {
  OriginatorSession alice = openSession("Cesalice", "k-alice", kAliceKey);
  std::string rn = uniqueName("ghost");
  model::Request create = createContainer("Cesalice", "cse-in/esalice", rn);
  auto expect = [&](const std::string& from, const std::string& epo, int rsc,
                    const std::string& what) {
    Outer outer = notifyHttp(from, security::esprim::esprimContent(epo));
    EXPECT_EQ(outer.rsc, rsc) << what << ": " << outer;
    EXPECT_FALSE(outer.content.contains("m2m:seci")) << what;
  };
  expect("Cesalice", "not.a.jwe", 4000, "malformed JWE");
  expect("Cesalice", "a.b.c.d.e", 4000, "malformed base64url");
  OriginatorSession unknown_kid = alice;
  unknown_kid.key_id = "k-nobody";
  expect("Cesalice", wrap(unknown_kid, create), 4112, "unknown kid");
  OriginatorSession unknown_rri = alice;
  unknown_rri.receiver.id = "u00000000000000000000000000000000";
  expect("Cesalice", wrap(unknown_rri, create), 4114, "unknown rri");
  OriginatorSession bobs_rand = openSession("Cesbob", "k-alice", kAliceKey);  // bob's rri
  expect("Cesalice", wrap(bobs_rand, create), 4114, "a rand object issued to another");
  OriginatorSession expired_ori = alice;
  expired_ori.originator.id = "oexpired";
  expired_ori.originator.expiry = "20200101T000000";
  expect("Cesalice", wrap(expired_ori, create), 4113, "expired oro");
  OriginatorSession no_oro = openSession("Cesalice", "k-alice", kAliceKey);
  expect("Cesalice", wrap(no_oro, create, /*with_oro=*/false), 4113, "unknown ori");
  // An enc this CSE does not support, in an otherwise intact object.
  std::string epo = wrap(alice, create);
  size_t dot = epo.find('.');
  Json header = Json::parse(*security::token::decodeBase64Url(epo.substr(0, dot)));
  header["enc"] = "A256CBC-HS512";
  expect("Cesalice", security::token::encodeBase64Url(header.dump()) + epo.substr(dot), 4111,
         "unsupported enc");
  // Another base64url letter in the tag's second character (all six bits significant, so the
  // part stays canonical): flipping a bit could make a character outside the alphabet (4000).
  std::string tampered = wrap(alice, create);
  char& letter = tampered[tampered.rfind('.') + 2];
  letter = letter == 'A' ? 'B' : 'A';
  expect("Cesalice", tampered, 4115, "tampered tag");
  // Key confusion: Alice's key with Bob as the inner fr, or in a NOTIFY from Bob.
  expect("Cesalice", wrap(alice, createContainer("Cesbob", "cse-in/esalice", rn)), 4116,
         "inner fr is not the key's identity");
  expect("Cesbob", wrap(alice, create), 4116, "outer fr is not the key's identity");
  // An oversized epo: refused before anything is decoded (the binding's body limit or the
  // JWE parser's 1 MiB bound, whichever comes first).
  Outer huge = notifyHttp("Cesalice", security::esprim::esprimContent(
                                          std::string(security::esprim::kMaxObjectBytes + 8, 'A')));
  EXPECT_EQ(huge.rsc, 4000) << huge.wire.substr(0, 200);
  // A sit 5 NOTIFY to anything but the <CSEBase> or an <AE> is not opened.
  Outer elsewhere = notifyHttp("Cesalice", security::esprim::esprimContent(wrap(alice, create)),
                               std::string(kCseBase) + "/acpCSEBase");
  EXPECT_NE(elsewhere.rsc, 2000) << elsewhere;
  EXPECT_EQ(rscInClear("Cesalice", "/cse-in/esalice/" + rn), 4004);
}

TEST_F(SecurityEsprimTest, AReplayedObjectIsRefused) {
  OriginatorSession alice = openSession("Cesalice", "k-alice", kAliceKey);
  std::string rn = uniqueName("once");
  Json content = security::esprim::esprimContent(
      wrap(alice, createContainer("Cesalice", "cse-in/esalice", rn)));
  Outer first = notifyHttp("Cesalice", content);
  ASSERT_EQ(first.rsc, 2000) << first;
  EXPECT_OK(security::esprim::unwrapResponse(alice, first.content));
  HttpResult removed = http().remove("Cesalice", "/cse-in/esalice/" + rn);
  ASSERT_EQ(removed.rsc, 2002) << removed;
  Outer replay = notifyHttp("Cesalice", content);
  EXPECT_EQ(replay.rsc, 4113) << replay;
  EXPECT_EQ(rscInClear("Cesalice", "/cse-in/esalice/" + rn), 4004);
}

// Pipeline order through the binary: the outer NOTIFY is not decided by ACP (Carol may not
// NOTIFY the <CSEBase>, yet her ESPrim object with the shared rand object is opened); the shape
// checks and the resolution judge the inner primitive, and answer inside.
TEST_F(SecurityEsprimTest, UnwrapPrecedesShapeChecksResolutionAndAcp) {
  HttpResult cb = http().retrieve("Cescarol", kCseBase);
  ASSERT_EQ(cb.rsc, 2000) << cb;
  auto shared = security::esprim::parseReceiverRandObject(cb.resource()["esi"]["esro"]);
  ASSERT_OK(shared);
  auto carol = security::esprim::openSession(
      "k-carol", unhex(kCarolKey), shared.value(),
      security::esprim::makeOriginatorRandObject(shared.value(), "A128GCM"), "A128GCM");
  ASSERT_OK(carol);
  Outer plain_notify = notifyHttp("Cescarol", {{"m2m:seci", {{"sit", 3}}}});
  EXPECT_EQ(plain_notify.rsc, 4103) << plain_notify;
  model::Request no_ty = inner(model::Operation::kCreate, "cse-in/escarol", "Cescarol");
  no_ty.content = {{"m2m:cnt", Json::object()}};
  model::Response shape = exchange("http", "Cescarol", carol.value(), no_ty);
  EXPECT_EQ(shape.status_code, model::Rsc::kBadRequest) << shape.content;
  model::Response missing = exchange(
      "http", "Cescarol", carol.value(),
      inner(model::Operation::kRetrieve, "cse-in/escarol/nothing-here", "Cescarol"));
  EXPECT_EQ(missing.status_code, model::Rsc::kNotFound) << missing.content;
  model::Response own = exchange("http", "Cescarol", carol.value(),
                                 inner(model::Operation::kRetrieve, "cse-in/escarol", "Cescarol"));
  EXPECT_EQ(own.status_code, model::Rsc::kOk) << own.content;
}

// Issue 16 "Done means": a hostile JWE corpus over every binding. Each malformed ESPrim object
// (and seci around it) is a 4000 in clear, the CSE keeps answering, and nothing reaches the tree.
TEST_F(SecurityEsprimTest, AHostileJweCorpusGets4000OverEveryBinding) {
  using security::token::encodeBase64Url;
  const Json good_header = {{"alg", "dir"}, {"enc", "A256GCM"}, {"kid", "k-alice"},
                            {"ori", "o1"},   {"rri", "u1"}};
  const std::string iv = "AAAAAAAAAAAAAAAA";         // 12 bytes
  const std::string tag = "AAAAAAAAAAAAAAAAAAAAAA";  // 16 bytes
  auto jwe = [&](const std::string& header_text, const std::string& key = "",
                 const std::string& iv_part = "AAAAAAAAAAAAAAAA",
                 const std::string& tag_part = "AAAAAAAAAAAAAAAAAAAAAA") {
    return encodeBase64Url(header_text) + "." + key + "." + iv_part + ".AA." + tag_part;
  };
  std::string deep = "1";
  for (int i = 0; i < 60; ++i) deep = "[" + deep + "]";
  Json nested_oro = good_header;
  nested_oro["oro"] = Json::parse(deep);
  const std::vector<Json> corpus = {
      Json(""),
      Json("...."),
      Json("a.b.c.d.e.f"),
      Json(encodeBase64Url(good_header.dump()) + "=..AAAAAAAAAAAAAAAA.AA." + tag),
      Json(jwe("[1,2]")),
      Json(jwe(R"({"alg":"dir","enc":"A256GCM","kid":"k-alice","kid":"k-bob","ori":"o1",)"
               R"("rri":"u1"})")),
      Json(jwe(nested_oro.dump())),
      Json(jwe(good_header.dump(), "", "AAAAAAAAAAA")),               // an 8-byte IV
      Json(jwe(good_header.dump(), "", iv, "AAAAAAAAAAAAAAAAAAAA")),  // a 15-byte tag
      Json(jwe(good_header.dump(), "AAAA")),                         // an encrypted key with dir
      Json(jwe(std::string("{\"alg\":\"dir\",\"kid\":\"\xff\xfe\"}"))),
      Json(jwe(R"({"alg":"none","enc":"A256GCM","kid":"k-alice","ori":"o1","rri":"u1"})")),
      Json(42),
      Json::object(),
  };
  auto containers = [&] {
    HttpResult found = http().retrieve("Cesalice", "cse-in/esalice", "fu=1&ty=3");
    EXPECT_EQ(found.rsc, 2000) << found;
    return found.json.value("m2m:uril", Json::array()).size();
  };
  size_t before = containers();
  std::vector<std::string> bindings = {"http", "coap"};
  if (broker_ != nullptr) bindings.push_back("mqtt");
  for (const std::string& binding : bindings) {
    SCOPED_TRACE(binding);
    for (size_t i = 0; i < corpus.size(); ++i) {
      Json content = {{"m2m:seci", {{"sit", 5}, {"epo", corpus[i]}}}};
      Outer outer = notifyOver(binding, "Cesalice", content);
      EXPECT_EQ(outer.rsc, 4000) << "corpus entry " << i << ": " << outer;
      EXPECT_FALSE(outer.content.contains("m2m:seci")) << "corpus entry " << i;
    }
    // The seci around a good object: an extra member.
    OriginatorSession alice = openSession("Cesalice", "k-alice", kAliceKey);
    Json extra = security::esprim::esprimContent(
        wrap(alice, createContainer("Cesalice", "cse-in/esalice", uniqueName("x"))));
    extra["m2m:seci"]["dres"] = Json::object();
    EXPECT_EQ(notifyOver(binding, "Cesalice", extra).rsc, 4000);
  }
  // Still serving, and nothing was created by any of it.
  EXPECT_EQ(containers(), before);
}

}  // namespace
}  // namespace citadel::testing
