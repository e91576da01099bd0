// RequestProcessor with the real pipeline and dispatcher on a MemoryStore and a fixed clock:
// a few whole primitives, mostly the ones whose type hooks only run inside the engine.
#include "cse/engine/request_processor.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <string>

#include "cse/engine/cse_bootstrap.h"
#include "resources/key_layout.h"
#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "storage/memory_store.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;

class FixedClock final : public model::Clock {
 public:
  model::TimePoint now() const override {
    return model::TimePoint(std::chrono::seconds(1709210096));  // 2024-02-29T12:34:56Z
  }
};

// A MemoryStore whose reads can miss one key, as a CSE process sharing the store with another
// would miss what the other committed after its read: the duplicate check then passes and only
// the store's conditional write can refuse the duplicate.
class StaleReadStore final : public storage::Store {
 public:
  model::Status get(std::string_view key, std::string* value) override {
    if (key == hidden_key_) {
      return model::Status::notFound("not found", "store.not_found");
    }
    return inner_.get(key, value);
  }
  model::Status write(const storage::WriteBatch& batch) override { return inner_.write(batch); }
  std::unique_ptr<storage::Iterator> newIterator() override { return inner_.newIterator(); }
  void hide(std::string key) { hidden_key_ = std::move(key); }

 private:
  storage::MemoryStore inner_;
  std::string hidden_key_;
};

class RequestProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resources::registerBuiltinTypes(types_, identity_);
    resources::CseBaseSettings settings;
    settings.supported_types = types_.supportedTypes();
    ASSERT_TRUE(ensureCseBase(repository_, identity_, settings, clock_).isOk());
    model::Response registered =
        send(Operation::kCreate, "cse-in", "Clamp", 2,
             {{"m2m:ae", {{"rn", "lamp"}, {"api", "Nlamp"}, {"rr", false}, {"srv", {"3"}}}}});
    ASSERT_EQ(registered.status_code, Rsc::kCreated) << registered.content.dump();
  }

  model::Response send(Operation op, std::string to, std::string from,
                       std::optional<uint16_t> ty = std::nullopt, Json content = nullptr) {
    model::Request request;
    request.operation = op;
    request.to = std::move(to);
    request.originator = std::move(from);
    request.request_id = "rq-" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.resource_type = ty;
    request.content = std::move(content);
    // Before issue 15 #17 an unmarked request was internal; the default is kUnknown now.
    request.transport.binding = model::Binding::kInternal;
    return processor_.handle(std::move(request));
  }

  // Creates <acp> "acp1" under the AE: Clamp holds every privilege in pv and pvs.
  void createAcp() {
    Json rules = {{"acr", {{{"acor", {"Clamp"}}, {"acop", 63}}}}};
    model::Response created = send(Operation::kCreate, "cse-in/lamp", "Clamp", 1,
                                   {{"m2m:acp", {{"rn", "acp1"}, {"pv", rules}, {"pvs", rules}}}});
    ASSERT_EQ(created.status_code, Rsc::kCreated) << created.content.dump();
  }

  int counter_ = 0;
  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  StaleReadStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  FixedClock clock_;
  security::SecurityDependencies deps_{repository_, resolver_, identity_, types_, clock_};
  security::AccessDecider access_{deps_};
  std::unique_ptr<security::Pipeline> pipeline_ = security::makeDefaultPipeline(deps_, access_);
  Dispatcher dispatcher_{repository_, types_, identity_, clock_, access_, EngineSettings{}};
  RequestProcessor processor_{*pipeline_, dispatcher_, clock_, resolver_};
};

TEST_F(RequestProcessorTest, EchoesRequestIdAndReleaseVersion) {
  model::Response response = send(Operation::kRetrieve, "cse-in/lamp", "Clamp");
  EXPECT_EQ(response.status_code, Rsc::kOk);
  EXPECT_EQ(response.request_id, "rq-2");
  EXPECT_EQ(response.release_version_indicator, "3");
  EXPECT_EQ(response.content["m2m:ae"]["aei"], "Clamp");
}

TEST_F(RequestProcessorTest, AnswersShapeErrorsInsideThePipelineAfterTheIdentity) {
  // The PrimitiveCheckStage follows the transport identity (and the ESPrim slot): a registered
  // originator learns what is wrong with its primitive, an unknown one only that it is unknown.
  model::Response response = send(Operation::kCreate, "cse-in/lamp", "Clamp", std::nullopt,
                                  {{"m2m:cnt", Json::object()}});
  EXPECT_EQ(response.status_code, Rsc::kBadRequest);
  EXPECT_EQ(response.reason, "primitive.missing_ty");
  EXPECT_EQ(response.request_id, "rq-" + std::to_string(counter_));
  model::Response unknown = send(Operation::kCreate, "cse-in/lamp", "Cghost", std::nullopt,
                                 {{"m2m:cnt", Json::object()}});
  EXPECT_EQ(unknown.status_code, Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(unknown.reason, "origin.unregistered");
}

// A stage that refuses every request and records the response its onResponse sees.
class RecordingStage final : public security::Stage {
 public:
  std::string_view name() const override { return "recording"; }
  model::Status onRequest(security::RequestContext&) override {
    return model::Status::badRequest("refused by the test stage", "test.refused");
  }
  void onResponse(security::RequestContext&, model::Response& response) override {
    seen = response;
  }
  model::Response seen;
};

// A stage that throws something that is not a std::exception.
class ThrowingStage final : public security::Stage {
 public:
  std::string_view name() const override { return "throwing"; }
  model::Status onRequest(security::RequestContext&) override { throw 42; }
};

std::vector<std::unique_ptr<security::Stage>> only(std::unique_ptr<security::Stage> stage) {
  std::vector<std::unique_ptr<security::Stage>> stages;
  stages.push_back(std::move(stage));
  return stages;
}

// A processor whose pipeline is only `stage`, on an empty store; it owns the stage.
struct SingleStageProcessor {
  explicit SingleStageProcessor(std::unique_ptr<security::Stage> stage)
      : pipeline(only(std::move(stage))) {}

  security::Pipeline pipeline;
  resources::CseIdentity identity{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store;
  resources::ResourceRepository repository{store};
  resources::ResourceResolver resolver{repository, identity};
  resources::TypeRegistry types;
  FixedClock clock;
  security::SecurityDependencies deps{repository, resolver, identity, types, clock};
  security::AccessDecider access{deps};
  Dispatcher dispatcher{repository, types, identity, clock, access, EngineSettings{}};
  RequestProcessor processor{pipeline, dispatcher, clock, resolver};
};

model::Request echoRequest() {
  model::Request request;
  request.operation = Operation::kRetrieve;
  request.to = "cse-in";
  request.originator = "Clamp";
  request.request_id = "rq-echo";
  request.release_version_indicator = "4";
  request.vendor_information = "vendor-x";
  request.event_category = "3";
  return request;
}

TEST(RequestProcessorEchoTest, EchoesRequestFieldsBeforeTheStagesSeeTheResponse) {
  // An ESPrim stage wraps the response in its onResponse: the echoed rqi, rvi, vsi and ec must
  // already be there.
  auto stage = std::make_unique<RecordingStage>();
  RecordingStage* recording = stage.get();
  SingleStageProcessor cse(std::move(stage));
  model::Response response = cse.processor.handle(echoRequest());
  EXPECT_EQ(response.status_code, Rsc::kBadRequest);
  EXPECT_EQ(recording->seen.status_code, Rsc::kBadRequest);
  EXPECT_EQ(recording->seen.request_id, "rq-echo");
  EXPECT_EQ(recording->seen.release_version_indicator, "4");
  EXPECT_EQ(recording->seen.vendor_information, "vendor-x");
  EXPECT_EQ(recording->seen.event_category, "3");
}

TEST(RequestProcessorEchoTest, NeverEchoesValuesWithControlCharacters) {
  // Issue 15 #14: they would reach a response header raw (HTTP X-M2M-RI, X-M2M-VSI...).
  model::Request request = echoRequest();
  request.request_id = "rq\r\nX-Injected: 1";
  request.vendor_information = "v\n";
  auto stage = std::make_unique<RecordingStage>();
  RecordingStage* recording = stage.get();
  SingleStageProcessor cse(std::move(stage));
  model::Response response = cse.processor.handle(std::move(request));
  EXPECT_EQ(response.request_id, "");
  EXPECT_EQ(recording->seen.request_id, "");
  EXPECT_EQ(recording->seen.vendor_information, "");
  EXPECT_EQ(recording->seen.release_version_indicator, "4");
}

TEST(RequestProcessorEchoTest, AnswersInternalErrorForAnyExceptionType) {
  // Issue 15 #17: a throw of any type (here an int) fails closed with 5000, never a crash.
  SingleStageProcessor cse(std::make_unique<ThrowingStage>());
  model::Response response = cse.processor.handle(echoRequest());
  EXPECT_EQ(response.status_code, Rsc::kInternalServerError);
  EXPECT_EQ(response.request_id, "rq-echo");
}

TEST_F(RequestProcessorTest, DeniesUnregisteredOriginatorWithoutDetails) {
  model::Response response = send(Operation::kRetrieve, "cse-in", "Cghost");
  EXPECT_EQ(response.status_code, Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(response.reason, "origin.unregistered");
  EXPECT_EQ(response.content.dump().find("origin."), std::string::npos);
}

TEST_F(RequestProcessorTest, CreatesAndRetrievesContainer) {
  model::Response created = send(Operation::kCreate, "cse-in/lamp", "Clamp", 3,
                                 {{"m2m:cnt", {{"rn", "data"}, {"mni", 2}}}});
  ASSERT_EQ(created.status_code, Rsc::kCreated) << created.content.dump();
  EXPECT_EQ(created.content_location, "cse-in/lamp/data");
  model::Response read = send(Operation::kRetrieve, "cse-in/lamp/data", "Clamp");
  ASSERT_EQ(read.status_code, Rsc::kOk);
  EXPECT_EQ(read.content["m2m:cnt"]["mni"], 2);
  EXPECT_EQ(read.content["m2m:cnt"]["cni"], 0);
  EXPECT_FALSE(read.content["m2m:cnt"].contains("_cr"));  // internal fields stay inside
}

TEST_F(RequestProcessorTest, RefusesADuplicateNameThatItsOwnCheckMissed) {
  ASSERT_EQ(send(Operation::kCreate, "cse-in/lamp", "Clamp", 3, {{"m2m:cnt", {{"rn", "data"}}}})
                .status_code,
            Rsc::kCreated);
  store_.hide(resources::keys::child("Clamp", "data"));  // the name check now sees no sibling
  model::Response duplicate =
      send(Operation::kCreate, "cse-in/lamp", "Clamp", 3, {{"m2m:cnt", {{"rn", "data"}}}});
  EXPECT_EQ(duplicate.status_code, Rsc::kConflict);
  EXPECT_EQ(duplicate.reason, storage::kConditionFailed);
  store_.hide("");
  model::Response kept = send(Operation::kRetrieve, "cse-in/lamp/data", "Clamp");
  ASSERT_EQ(kept.status_code, Rsc::kOk);
  EXPECT_EQ(kept.content["m2m:cnt"]["cni"], 0);
}

TEST_F(RequestProcessorTest, RefusesUpdateOfContentInstance) {
  ASSERT_EQ(
      send(Operation::kCreate, "cse-in/lamp", "Clamp", 3, {{"m2m:cnt", {{"rn", "d"}}}}).status_code,
      Rsc::kCreated);
  ASSERT_EQ(send(Operation::kCreate, "cse-in/lamp/d", "Clamp", 4,
                 {{"m2m:cin", {{"rn", "c1"}, {"con", "x"}}}})
                .status_code,
            Rsc::kCreated);
  model::Response response = send(Operation::kUpdate, "cse-in/lamp/d/c1", "Clamp", std::nullopt,
                                  {{"m2m:cin", {{"con", "y"}}}});
  EXPECT_EQ(response.status_code, Rsc::kOperationNotAllowed);
  EXPECT_EQ(response.reason, "cin.update");
}

TEST_F(RequestProcessorTest, RefusesUpdateAndDeleteOfCseBase) {
  model::Response update =
      send(Operation::kUpdate, "cse-in", "CAdmin", std::nullopt, {{"m2m:cb", {{"lbl", {"x"}}}}});
  EXPECT_EQ(update.status_code, Rsc::kOperationNotAllowed);
  model::Response remove = send(Operation::kDelete, "cse-in", "CAdmin");
  EXPECT_EQ(remove.status_code, Rsc::kOperationNotAllowed);
}

TEST_F(RequestProcessorTest, ValidatesRuleSetsOnAcpCreate) {
  model::Response response =
      send(Operation::kCreate, "cse-in/lamp", "Clamp", 1,
           {{"m2m:acp", {{"pv", {{"acr", "junk"}}}, {"pvs", {{"acr", Json::array()}}}}}});
  EXPECT_EQ(response.status_code, Rsc::kBadRequest);
  EXPECT_EQ(response.reason, "acp.bad_rule");
}

TEST_F(RequestProcessorTest, ValidatesRuleSetsOnAcpUpdate) {
  createAcp();
  // A rule with a string acop would be stored and later break every decision that reads it.
  model::Response bad =
      send(Operation::kUpdate, "cse-in/lamp/acp1", "Clamp", std::nullopt,
           {{"m2m:acp", {{"pv", {{"acr", {{{"acor", {"all"}}, {"acop", "63"}}}}}}}}});
  EXPECT_EQ(bad.status_code, Rsc::kBadRequest);
  EXPECT_EQ(bad.reason, "acp.bad_rule");
  model::Response deleted = send(Operation::kUpdate, "cse-in/lamp/acp1", "Clamp", std::nullopt,
                                 {{"m2m:acp", {{"pvs", nullptr}}}});
  EXPECT_EQ(deleted.status_code, Rsc::kBadRequest);
  model::Response good = send(Operation::kUpdate, "cse-in/lamp/acp1", "Clamp", std::nullopt,
                              {{"m2m:acp", {{"pv", {{"acr", Json::array()}}}}}});
  EXPECT_EQ(good.status_code, Rsc::kUpdated) << good.content.dump();
}

// Issue 15 #11: handleAsync answers at once without an oet, and answers a request with an oet
// later, from the processor's timer thread, without holding the caller.
model::Request retrieveLamp(std::string request_id) {
  model::Request request;
  request.operation = Operation::kRetrieve;
  request.to = "cse-in/lamp";
  request.originator = "Clamp";
  request.request_id = std::move(request_id);
  request.release_version_indicator = "3";
  request.transport.binding = model::Binding::kInternal;
  return request;
}

TEST_F(RequestProcessorTest, AnswersAtOnceWithoutAnExecutionTime) {
  std::optional<model::Response> answer;
  processor_.handleAsync(retrieveLamp("now"), [&](model::Response r) { answer = std::move(r); });
  ASSERT_TRUE(answer.has_value()) << "answered before handleAsync returned";
  EXPECT_EQ(answer->status_code, Rsc::kOk);
  EXPECT_EQ(answer->request_id, "now");
}

TEST_F(RequestProcessorTest, RunsATimedRequestLaterWithoutHoldingTheCaller) {
  model::Request request = retrieveLamp("later");
  request.operation_execution_time = "200";  // ms from now
  std::promise<model::Response> answered;
  auto answer = answered.get_future();
  std::thread::id caller = std::this_thread::get_id();
  std::thread::id answering;
  processor_.handleAsync(std::move(request), [&](model::Response r) {
    answering = std::this_thread::get_id();
    answered.set_value(std::move(r));
  });
  EXPECT_NE(answer.wait_for(std::chrono::seconds(0)), std::future_status::ready)
      << "returned before the execution time";
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  model::Response response = answer.get();
  EXPECT_EQ(response.status_code, Rsc::kOk) << response.content.dump();
  EXPECT_EQ(response.request_id, "later");
  EXPECT_NE(answering, caller);
}

}  // namespace
}  // namespace citadel::engine

namespace citadel::engine {
namespace {

// TS-0004 §7.4.14.2.4: Group Request Target Members narrow a fan-out to the members named, and
// a name that is no member (of the group or a sub-group) is a bad request.
TEST_F(RequestProcessorTest, FansOutToTheGroupRequestTargetMembersOnly) {
  for (const char* rn : {"a", "b"}) {
    ASSERT_EQ(send(Operation::kCreate, "cse-in/lamp", "Clamp", 3, {{"m2m:cnt", {{"rn", rn}}}})
                  .status_code,
              Rsc::kCreated);
  }
  ASSERT_EQ(send(Operation::kCreate, "cse-in/lamp", "Clamp", 9,
                 {{"m2m:grp",
                   {{"rn", "g"}, {"mnm", 5}, {"mid", {"cse-in/lamp/a", "cse-in/lamp/b"}}}}})
                .status_code,
            Rsc::kCreated);
  auto fanOut = [&](std::vector<std::string> grtm) {
    model::Request request;
    request.operation = Operation::kRetrieve;
    request.to = "cse-in/lamp/g/fopt";
    request.originator = "Clamp";
    request.request_id = "rq-grtm-" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.group_request_target_members = std::move(grtm);
    request.transport.binding = model::Binding::kInternal;
    return processor_.handle(std::move(request));
  };
  model::Response narrowed = fanOut({"cse-in/lamp/b"});
  ASSERT_EQ(narrowed.status_code, Rsc::kOk) << narrowed.content.dump();
  const Json& entries = narrowed.content["m2m:agr"]["m2m:rsp"];
  ASSERT_EQ(entries.size(), 1u) << narrowed.content.dump();
  EXPECT_EQ(entries[0].value("fr", ""), "cse-in/lamp/b");
  EXPECT_EQ(entries[0].value("rsc", 0), 2000);
  EXPECT_EQ(entries[0]["pc"]["m2m:cnt"].value("rn", ""), "b");
  EXPECT_EQ(fanOut({}).content["m2m:agr"]["m2m:rsp"].size(), 2u) << "no grtm: every member";
  model::Response stranger = fanOut({"cse-in/lamp/b", "cse-in/lamp"});
  EXPECT_EQ(stranger.status_code, Rsc::kBadRequest) << stranger.content.dump();
}

}  // namespace
}  // namespace citadel::engine
