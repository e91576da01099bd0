// The EsprimUnwrapStage inside the default pipeline (TS-0004 §7.6.2), on a MemoryStore tree with
// two AEs holding pairwise keys: a good ESPrim object is replaced by its inner primitive, which
// the later stages (shape checks, resolution, ACP) then judge; the answer is protected with the
// session key; every ESPrim-layer error of Table 7.6.2-1 is the outer rsc; inner errors travel
// encrypted. The originator side is security/esprim/esprim_originator.h.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "security/esprim/esprim_object.h"
#include "security/esprim/esprim_originator.h"
#include "security/esprim/pairwise_key_store.h"
#include "security/esprim/rand_object_issuer.h"
#include "security/esprim_unwrap_stage.h"
#include "security/token/base64url.h"
#include "storage/memory_store.h"
#include "tests/support/seed_resource.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using esprim::OriginatorSession;
using model::Json;
using model::Operation;
using model::Rsc;

class StepClock final : public model::Clock {
 public:
  model::TimePoint now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  model::TimePoint now_ = model::TimePoint(std::chrono::seconds(1798761600));  // 2027-01-01
};

const std::string kLampKey = "0123456789abcdef0123456789abcdef";  // 32 raw bytes
const std::string kOtherKey = "fedcba9876543210fedcba9876543210";

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

//   cse-in (id-in)
//   ├── lamp (AE Clamp)   └── priv (container, creator Clamp, default policy: Clamp only)
//   └── other (AE Cother)
// Keys: k-lamp for Clamp, k-other for Cother, k-old for Clamp (expired).
class EsprimUnwrapStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::registerBuiltinTypes(types_, identity_);
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}, {"_cr", "CAdmin"}});
    add({{"ty", 2}, {"ri", "Clamp"}, {"rn", "lamp"}, {"pi", "id-in"}, {"_cr", "Clamp"}});
    add({{"ty", 2}, {"ri", "Cother"}, {"rn", "other"}, {"pi", "id-in"}, {"_cr", "Cother"}});
    add({{"ty", 3}, {"ri", "cntPriv"}, {"rn", "priv"}, {"pi", "Clamp"}, {"_cr", "Clamp"}});
    auto keys = esprim::PairwiseKeyStore::parse("k-lamp Clamp " + hex(kLampKey) +
                                                    "\nk-other /id-in/Cother " + hex(kOtherKey) +
                                                    "\nk-old Clamp " + hex(kLampKey) +
                                                    " 20261231T000000\n",
                                                "test");
    ASSERT_OK(keys);
    keys_ = std::move(keys.value());
    services_ = std::make_unique<EsprimReceiverServices>(
        EsprimReceiverServices{keys_, issuer_, codec::ParseLimits{}});
    deps_.esprim = services_.get();
    pipeline_ = makeDefaultPipeline(deps_, access_);
  }

  void add(Json attributes) { ASSERT_OK(testing::seedResource(repository_, std::move(attributes))); }

  // A session for `owner` with a receiver object this CSE issued to `rand_owner`.
  OriginatorSession session(const std::string& kid, const std::string& key,
                            const std::string& rand_owner, std::string enc = "A256GCM") {
    esprim::ReceiverRandObject receiver = issuer_.issue(rand_owner);
    auto opened = esprim::openSession(kid, key, receiver,
                                      esprim::makeOriginatorRandObject(receiver, enc), enc);
    EXPECT_OK(opened);
    return opened.value();
  }

  static model::Request inner(Operation op, std::string to, std::string from) {
    model::Request request;
    request.operation = op;
    request.to = std::move(to);
    request.originator = std::move(from);
    request.request_id = "inner-1";
    request.release_version_indicator = "3";
    return request;
  }

  std::string wrap(const OriginatorSession& s, const model::Request& request,
                   bool with_oro = true) {
    auto epo = esprim::wrapRequest(s, request, with_oro);
    EXPECT_OK(epo);
    return epo.value();
  }

  RequestContext outer(const std::string& from, const std::string& epo,
                       std::string to = "cse-in") {
    RequestContext ctx;
    ctx.request = esprim::outerNotify(std::move(to), from, "outer-1", epo);
    ctx.request.transport.binding = model::Binding::kHttp;
    ctx.request.transport.peer_address = "10.1.2.3";
    return ctx;
  }

  model::Status run(RequestContext& ctx) {
    auto authorized = pipeline_->authorize(ctx);
    return authorized.isOk() ? model::Status::ok() : authorized.status();
  }

  // Runs the pipeline; a refusal becomes the response (as RequestProcessor does) and the stages
  // see it on the way out.
  model::Response respond(RequestContext& ctx, model::Response granted) {
    model::Status status = run(ctx);
    model::Response response =
        status.isOk() ? std::move(granted) : model::Response::fromStatus(status, "");
    response.request_id = ctx.request.request_id;
    pipeline_->finish(ctx, response);
    return response;
  }

  void expectOuterError(RequestContext ctx, Rsc rsc, std::string_view reason) {
    model::Status status = run(ctx);
    EXPECT_EQ(status.rsc(), rsc) << status.dbg();
    EXPECT_EQ(status.reason(), reason) << status.dbg();
    EXPECT_EQ(ctx.esprim, nullptr);
    model::Response response = model::Response::fromStatus(status, "outer-1");
    pipeline_->finish(ctx, response);
    EXPECT_EQ(response.status_code, rsc);  // not wrapped
    EXPECT_FALSE(response.content.contains("m2m:seci"));
  }

  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  StepClock clock_;
  esprim::PairwiseKeyStore keys_;
  esprim::RandObjectIssuer issuer_{clock_, {}};
  std::unique_ptr<EsprimReceiverServices> services_;
  SecurityDependencies deps_{repository_, resolver_, identity_, types_, clock_};
  AccessDecider access_{deps_};
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(EsprimUnwrapStageTest, UnwrapsBeforeTheShapeChecksResolutionAndAcp) {
  ASSERT_EQ(pipeline_->stages()[1]->name(), "esprim_unwrap");
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  RequestContext ctx = outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv",
                                                     "Clamp")));
  // Clamp has no NOTIFY privilege on the <CSEBase>: the outer NOTIFY is never decided by ACP;
  // the inner RETRIEVE is, on the container the inner `to` names.
  ASSERT_OK(run(ctx));
  EXPECT_EQ(ctx.request.operation, Operation::kRetrieve);
  EXPECT_EQ(ctx.request.to, "cse-in/lamp/priv");
  EXPECT_EQ(ctx.request.request_id, "inner-1");
  EXPECT_EQ(ctx.originator, "Clamp");
  EXPECT_TRUE(ctx.originator_authenticated);
  ASSERT_TRUE(ctx.target.has_value());
  EXPECT_EQ(ctx.target->resource().ri(), "cntPriv");
  EXPECT_TRUE(ctx.decision.granted);
  ASSERT_NE(ctx.esprim, nullptr);
  EXPECT_EQ(ctx.request.transport.peer_address, "10.1.2.3");
}

TEST_F(EsprimUnwrapStageTest, TheAnswerIsTheInnerResponseUnderTheSessionKey) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  RequestContext ctx = outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv",
                                                     "Clamp")));
  model::Response granted;
  granted.status_code = Rsc::kOk;
  granted.content = {{"m2m:cnt", {{"rn", "priv"}}}};
  granted.content_location = "/id-in/cntPriv";
  model::Response response = respond(ctx, granted);
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(response.request_id, "outer-1");
  EXPECT_TRUE(response.content_location.empty());  // nothing of the inner answer in clear
  auto unwrapped = esprim::unwrapResponse(s, response.content);
  ASSERT_OK(unwrapped);
  EXPECT_EQ(unwrapped.value().status_code, Rsc::kOk);
  EXPECT_EQ(unwrapped.value().request_id, "inner-1");
  EXPECT_EQ(unwrapped.value().content, granted.content);
}

TEST_F(EsprimUnwrapStageTest, AnInnerOriginatorWithoutPrivilegeGets4103Inside) {
  OriginatorSession s = session("k-other", kOtherKey, "Cother");
  RequestContext ctx = outer("Cother", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv",
                                                      "Cother")));
  model::Response response = respond(ctx, {});
  EXPECT_EQ(response.status_code, Rsc::kOk);
  auto unwrapped = esprim::unwrapResponse(s, response.content);
  ASSERT_OK(unwrapped);
  EXPECT_EQ(unwrapped.value().status_code, Rsc::kOriginatorHasNoPrivilege);
}

TEST_F(EsprimUnwrapStageTest, ShapeChecksAndResolutionJudgeTheInnerPrimitive) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  model::Request no_ty = inner(Operation::kCreate, "cse-in/lamp", "Clamp");
  no_ty.content = {{"m2m:cnt", Json::object()}};  // CREATE without ty: the shape check's 4000
  RequestContext shape = outer("Clamp", wrap(s, no_ty));
  auto answer = esprim::unwrapResponse(s, respond(shape, {}).content);
  ASSERT_OK(answer);
  EXPECT_EQ(answer.value().status_code, Rsc::kBadRequest);
  RequestContext missing =
      outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/nothing", "Clamp")));
  answer = esprim::unwrapResponse(s, respond(missing, {}).content);
  ASSERT_OK(answer);
  EXPECT_EQ(answer.value().status_code, Rsc::kNotFound);
  model::Request control = inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp");
  control.request_id = "bad\nid";
  RequestContext characters = outer("Clamp", wrap(s, control));
  answer = esprim::unwrapResponse(s, respond(characters, {}).content);
  ASSERT_OK(answer);
  EXPECT_EQ(answer.value().status_code, Rsc::kBadRequest);
  // An <AE> registers in clear: a CREATE <AE> inside is refused, inside.
  model::Request registration = inner(Operation::kCreate, "cse-in", "Clamp");
  registration.resource_type = 2;
  registration.content = {{"m2m:ae", {{"api", "Nx"}, {"rr", false}}}};
  RequestContext inner_registration = outer("Clamp", wrap(s, registration));
  EXPECT_EQ(run(inner_registration).reason(), "esprim.inner_registration");
  RequestContext again = outer("Clamp", wrap(s, registration));
  answer = esprim::unwrapResponse(s, respond(again, {}).content);
  ASSERT_OK(answer);
  EXPECT_EQ(answer.value().status_code, Rsc::kBadRequest);
}

TEST_F(EsprimUnwrapStageTest, OtherRequestsPassUntouched) {
  RequestContext retrieve;
  retrieve.request = inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp");
  retrieve.request.transport.binding = model::Binding::kHttp;
  ASSERT_OK(run(retrieve));
  EXPECT_EQ(retrieve.esprim, nullptr);
  // sit 3 (a rand object request) and a sit 5 NOTIFY to an <AE> (which decrypts it itself)
  // are the dispatcher's: the stage leaves them as they are.
  RequestContext rand = outer("Clamp", "x");
  rand.request.content = {{"m2m:seci", {{"sit", 3}}}};
  EXPECT_EQ(run(rand).rsc(), Rsc::kOriginatorHasNoPrivilege);  // NOTIFY on the CSEBase: ACP
  EXPECT_EQ(rand.request.operation, Operation::kNotify);
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  RequestContext to_ae =
      outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp")),
            "cse-in/other");
  (void)run(to_ae);
  EXPECT_EQ(to_ae.request.operation, Operation::kNotify);
  EXPECT_EQ(to_ae.esprim, nullptr);
  EXPECT_EQ(s.content_key.size(), 32u);
}

TEST_F(EsprimUnwrapStageTest, EachEsprimErrorIsTheOuterRsc) {
  model::Request get = inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp");
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  // Malformed JWE, a seci with other members, an oversized epo.
  expectOuterError(outer("Clamp", "a.b.c"), Rsc::kBadRequest, "esprim.malformed");
  RequestContext extra = outer("Clamp", wrap(s, get));
  extra.request.content["m2m:seci"]["x"] = 1;
  expectOuterError(std::move(extra), Rsc::kBadRequest, "esprim.bad_seci");
  expectOuterError(outer("Clamp", std::string(esprim::kMaxObjectBytes + 1, 'A')),
                   Rsc::kBadRequest, "esprim.malformed");
  // Unknown kid, and an expired key.
  OriginatorSession unknown = s;
  unknown.key_id = "k-nobody";
  expectOuterError(outer("Clamp", wrap(unknown, get)), Rsc::kEsprimUnknownKeyId,
                   "esprim.unknown_kid");
  OriginatorSession old = session("k-old", kLampKey, "Clamp");
  expectOuterError(outer("Clamp", wrap(old, get)), Rsc::kEsprimUnknownKeyId,
                   "esprim.unknown_kid");
  // Key confusion: Clamp's kid in a NOTIFY from Cother; inner fr Cother under Clamp's key.
  expectOuterError(outer("Cother", wrap(s, get)), Rsc::kEsprimImpersonationError,
                   "esprim.outer_fr_not_key_owner");
  expectOuterError(
      outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Cother"))),
      Rsc::kEsprimImpersonationError, "esprim.inner_fr_not_key_owner");
  // A receiver rand object unknown, or issued to another originator.
  OriginatorSession unknown_rri = s;
  unknown_rri.receiver.id = "u0000";
  expectOuterError(outer("Clamp", wrap(unknown_rri, get)), Rsc::kEsprimUnknownRecvRandId,
                   "esprim.unknown_rri");
  OriginatorSession borrowed = session("k-lamp", kLampKey, "Cother");
  expectOuterError(outer("Clamp", wrap(borrowed, get)), Rsc::kEsprimUnknownRecvRandId,
                   "esprim.unknown_rri");
  // ori named without oro and never seen (the 4116 above came after decryption, which cached
  // the oro of `s`: a fresh session here).
  OriginatorSession fresh = session("k-lamp", kLampKey, "Clamp");
  expectOuterError(outer("Clamp", wrap(fresh, get, /*with_oro=*/false)),
                   Rsc::kEsprimUnknownOrigRandId, "esprim.unknown_ori");
  // An enc outside the agreed espa.
  OriginatorSession a128 = session("k-lamp", kLampKey, "Clamp", "A128GCM");
  a128.originator.protocol_algs = {12};
  expectOuterError(outer("Clamp", wrap(a128, get)), Rsc::kEsprimUnsupportedOption,
                   "esprim.unsupported_option");
  // A tampered tag.
  std::string epo = wrap(s, get);
  epo.back() = epo.back() == 'A' ? 'Q' : 'A';
  expectOuterError(outer("Clamp", epo), Rsc::kEsprimBadMac, "esprim.bad_mac");
}

TEST_F(EsprimUnwrapStageTest, AnUnsupportedEncIs4111) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  std::string epo = wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp"));
  size_t dot = epo.find('.');
  auto header = Json::parse(*token::decodeBase64Url(epo.substr(0, dot)));
  header["enc"] = "A256CBC-HS512";
  epo = token::encodeBase64Url(header.dump()) + epo.substr(dot);
  expectOuterError(outer("Clamp", epo), Rsc::kEsprimUnsupportedOption,
                   "esprim.unsupported_option");
}

TEST_F(EsprimUnwrapStageTest, AReplayedIvIsRefusedAndACachedOriServesLaterObjects) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  std::string epo = wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp"));
  RequestContext first = outer("Clamp", epo);
  ASSERT_OK(run(first));
  expectOuterError(outer("Clamp", epo), Rsc::kEsprimUnknownOrigRandId, "esprim.replayed_iv");
  // C.6b.2: the oro of the first object is cached, so the next may name it by ori alone.
  RequestContext by_id = outer(
      "Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp"), false));
  ASSERT_OK(run(by_id));
  auto* stage = dynamic_cast<const EsprimUnwrapStage*>(pipeline_->stages()[1].get());
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(stage->sessions().ivs(), 2u);
}

TEST_F(EsprimUnwrapStageTest, AnExpiredReceiverRandObjectIs4114) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  clock_.advance(std::chrono::seconds(3601));
  expectOuterError(
      outer("Clamp", wrap(s, inner(Operation::kRetrieve, "cse-in/lamp/priv", "Clamp"))),
      Rsc::kEsprimUnknownRecvRandId, "esprim.unknown_rri");
}

TEST_F(EsprimUnwrapStageTest, AnUndecodableInnerPrimitiveIsAnsweredEncrypted) {
  OriginatorSession s = session("k-lamp", kLampKey, "Clamp");
  Json header = {{"alg", "dir"}, {"enc", "A256GCM"}, {"kid", "k-lamp"},
                 {"ori", s.originator.id}, {"rri", s.receiver.id},
                 {"oro", esprim::toJson(s.originator)}};
  auto epo = esprim::encryptEsprimObject(header, "not a primitive: secret-words", s.content_key);
  ASSERT_OK(epo);
  RequestContext ctx = outer("Clamp", epo.value());
  model::Response response = respond(ctx, {});
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(response.content.dump().find("secret"), std::string::npos);
  auto unwrapped = esprim::unwrapResponse(s, response.content);
  ASSERT_OK(unwrapped);
  EXPECT_EQ(unwrapped.value().status_code, Rsc::kBadRequest);
}

TEST(EsprimOriginatorSessionsTest, BoundsRefuseInsteadOfEvicting) {
  esprim::OriginatorSessions::Limits limits;
  limits.sessions = 2;
  limits.ivs = 3;
  limits.ivs_per_session = 2;
  esprim::OriginatorSessions sessions(limits);
  model::TimePoint now = model::TimePoint(std::chrono::seconds(1000));
  model::TimePoint later = now + std::chrono::seconds(60);
  esprim::OriginatorRandObject a;
  a.id = "oa";
  esprim::OriginatorRandObject b;
  b.id = "ob";
  esprim::OriginatorRandObject c;
  c.id = "oc";
  EXPECT_OK(sessions.record("k", a, later, "iv1", now));
  EXPECT_OK(sessions.record("k", a, later, "iv2", now));
  EXPECT_EQ(sessions.record("k", a, later, "iv3", now).reason(), "esprim.sessions_full");
  EXPECT_EQ(sessions.record("k", a, later, "iv1", now).reason(), "esprim.replayed_iv");
  EXPECT_OK(sessions.record("k", b, later, "iv1", now));  // another session, same IV: fine
  EXPECT_EQ(sessions.record("k", c, later, "iv1", now).reason(), "esprim.sessions_full");
  EXPECT_TRUE(sessions.find("k", "oa", now).has_value());
  EXPECT_FALSE(sessions.find("other-k", "oa", now).has_value());
  // Expired sessions make room; an expired one is never found.
  model::TimePoint after = later + std::chrono::seconds(1);
  EXPECT_FALSE(sessions.find("k", "oa", after).has_value());
  EXPECT_OK(sessions.record("k", c, after + std::chrono::seconds(60), "iv1", after));
  EXPECT_EQ(sessions.sessions(), 1u);
  EXPECT_EQ(sessions.ivs(), 1u);
}

}  // namespace
}  // namespace citadel::security
