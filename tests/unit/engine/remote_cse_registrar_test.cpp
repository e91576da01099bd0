// The Registrar side of CSE registration with the real pipeline and dispatcher on a MemoryStore:
// <remoteCSE> (TS-0001 §9.6.4, TS-0004 §7.4.4, Tables 7.4.4.1-2/-3), the From rules of
// TS-0004 §7.4.4.2.1 and §7.3.2.1, and TS-0001 §10.2.2.7 (ACP skipped for the CREATE).
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "cse/engine/cse_bootstrap.h"
#include "cse/engine/request_processor.h"
#include "resources/type_registry.h"
#include "security/default_pipeline.h"
#include "storage/memory_store.h"
#include "tests/support/in_process_cse.h"

namespace citadel::engine {
namespace {

using model::Json;
using model::Operation;
using model::Rsc;

Json registreeBody() {
  return {{"cst", 2},
          {"cb", "/id-mn/cse-mn"},
          {"poa", {"http://127.0.0.1:18080"}},
          {"rr", true},
          {"csz", {"application/json"}},
          {"srv", {"2a", "3"}}};
}

Json with(Json body, const std::string& name, Json value) {
  body[name] = std::move(value);
  return body;
}

Json without(Json body, const std::string& name) {
  body.erase(name);
  return body;
}

class RemoteCseRegistrarTest : public ::testing::Test {
 protected:
  // The Registrar's settings: which plain transports carry a CSE-ID, and its own cst.
  void build(security::PlainCse plain_cse, int cse_type = 1) {
    resources::registerBuiltinTypes(types_, identity_);
    resources::CseBaseSettings settings;
    settings.cse_type = cse_type;
    settings.supported_types = types_.supportedTypes();
    ASSERT_TRUE(ensureCseBase(repository_, identity_, settings, clock_).isOk());
    deps_.emplace(security::SecurityDependencies{repository_, resolver_, identity_, types_,
                                                 clock_});
    deps_->plain_cse = plain_cse;
    access_ = std::make_unique<security::AccessDecider>(*deps_);
    pipeline_ = security::makeDefaultPipeline(*deps_, *access_);
    dispatcher_ = std::make_unique<Dispatcher>(repository_, types_, identity_, clock_, *access_,
                                               EngineSettings{});
    processor_ = std::make_unique<RequestProcessor>(*pipeline_, *dispatcher_, clock_, resolver_);
  }
  void SetUp() override { build(security::PlainCse::kLoopback); }

  // A request over plain HTTP from a loopback peer.
  model::Response send(Operation op, std::string to, std::string from,
                       std::optional<uint16_t> ty = std::nullopt, Json content = nullptr,
                       model::Binding binding = model::Binding::kHttp) {
    model::Request request;
    request.operation = op;
    request.to = std::move(to);
    request.originator = std::move(from);
    request.request_id = "rq-" + std::to_string(++counter_);
    request.release_version_indicator = "3";
    request.resource_type = ty;
    request.content = std::move(content);
    request.transport.binding = binding;
    request.transport.peer_address = "127.0.0.1";
    request.transport.from_loopback = true;
    return processor_->handle(std::move(request));
  }
  model::Response registerCse(const std::string& from, Json body) {
    return send(Operation::kCreate, "cse-in", from, 16, {{"m2m:csr", std::move(body)}});
  }
  // The admin looks: whether a <remoteCSE> with resource ID `ri` exists.
  Rsc lookup(const std::string& ri) { return send(Operation::kRetrieve, ri, "CAdmin").status_code; }

  int counter_ = 0;
  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::ResourceResolver resolver_{repository_, identity_};
  resources::TypeRegistry types_;
  testing::FakeClock clock_;
  std::optional<security::SecurityDependencies> deps_;
  std::unique_ptr<security::AccessDecider> access_;
  std::unique_ptr<security::Pipeline> pipeline_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<RequestProcessor> processor_;
};

TEST_F(RemoteCseRegistrarTest, RegistersCseWithCsiFromOriginator) {
  model::Response created = registerCse("/id-mn", registreeBody());
  ASSERT_EQ(created.status_code, Rsc::kCreated) << created.content.dump();
  const Json& csr = created.content["m2m:csr"];
  EXPECT_EQ(csr["ty"], 16);
  EXPECT_EQ(csr["ri"], "id-mn");
  EXPECT_EQ(csr["rn"], "id-mn");
  EXPECT_EQ(csr["csi"], "/id-mn");  // Recv-6.5: set from From
  EXPECT_EQ(csr["cb"], "/id-mn/cse-mn");
  EXPECT_EQ(csr["cst"], 2);
  EXPECT_EQ(csr["rr"], true);
  EXPECT_EQ(csr["srv"], Json({"2a", "3"}));
  EXPECT_EQ(created.content_location, "cse-in/id-mn");
}

TEST_F(RemoteCseRegistrarTest, AcceptsCsiEqualToOriginatorAndAbsoluteFrom) {
  ASSERT_EQ(registerCse("/id-mn", with(registreeBody(), "csi", "/id-mn")).status_code,
            Rsc::kCreated);
  Json asn = with(registreeBody(), "cb", "//citadel.example.com/id-asn/cse-asn");
  model::Response absolute = registerCse("//citadel.example.com/id-asn", asn);
  ASSERT_EQ(absolute.status_code, Rsc::kCreated) << absolute.content.dump();
  EXPECT_EQ(absolute.content["m2m:csr"]["csi"], "/id-asn");
}

TEST_F(RemoteCseRegistrarTest, RefusesSecondRegistrationOfSameCseIdWith4117) {
  ASSERT_EQ(registerCse("/id-mn", registreeBody()).status_code, Rsc::kCreated);
  model::Response again = registerCse("/id-mn", registreeBody());
  EXPECT_EQ(again.status_code, Rsc::kOriginatorHasAlreadyRegistered);  // TS-0004 Recv-6.4
  EXPECT_EQ(again.reason, "csr.already_registered");
  // Under another name too: the CSE-ID decides, not the resourceName.
  EXPECT_EQ(registerCse("/id-mn", with(registreeBody(), "rn", "other")).status_code,
            Rsc::kOriginatorHasAlreadyRegistered);
}

TEST_F(RemoteCseRegistrarTest, RefusesCsiOtherThanOriginatorAndStoresNothing) {
  model::Response r = registerCse("/id-mn", with(registreeBody(), "csi", "/id-other"));
  EXPECT_EQ(r.status_code, Rsc::kBadRequest);
  EXPECT_EQ(r.reason, "csr.csi_not_originator");
  EXPECT_EQ(lookup("id-other"), Rsc::kNotFound);
  EXPECT_EQ(lookup("id-mn"), Rsc::kNotFound);
}

TEST_F(RemoteCseRegistrarTest, RefusesAeOriginatorWith4005) {
  model::Response ae = send(Operation::kCreate, "cse-in", "Clamp", 2,
                            {{"m2m:ae", {{"rn", "lamp"}, {"api", "Nlamp"}, {"rr", false},
                                         {"srv", {"3"}}}}});
  ASSERT_EQ(ae.status_code, Rsc::kCreated);
  // TS-0004 §7.4.4.2.1: "If it contains an AE-ID ... OPERATION_NOT_ALLOWED". The AE passes the
  // ACP only with a privilege, so the admin stands in for an AE that has one.
  for (const char* from : {"Clamp", "CAdmin"}) {
    model::Response r = registerCse(from, with(registreeBody(), "csi", "/id-mn"));
    EXPECT_TRUE(r.status_code == Rsc::kOperationNotAllowed ||
                r.status_code == Rsc::kOriginatorHasNoPrivilege)
        << from << " " << static_cast<int>(r.status_code);
  }
  EXPECT_EQ(registerCse("CAdmin", with(registreeBody(), "csi", "/id-mn")).status_code,
            Rsc::kOperationNotAllowed);
  EXPECT_EQ(lookup("id-mn"), Rsc::kNotFound);
}

TEST_F(RemoteCseRegistrarTest, RefusesMalformedBodiesWith4000AndStoresNothing) {
  const Json bad[] = {
      without(registreeBody(), "cb"),              // M on CREATE
      without(registreeBody(), "rr"),              // M on CREATE
      without(registreeBody(), "srv"),             // M on CREATE
      with(registreeBody(), "cst", 4),             // m2m:cseTypeID 1..3
      with(registreeBody(), "cst", "2"),           // wrong type
      with(registreeBody(), "mtcc", 3),            // m2m:multicastCapability 1..2
      with(registreeBody(), "tri", 70000),         // a port number
      with(registreeBody(), "trn", -1),            // xs:unsignedInt
      with(registreeBody(), "dcse", {"id-asn"}),   // CSE-IDs
      with(registreeBody(), "dcse", "/id-asn"),    // a list
      with(registreeBody(), "srv", Json::array()),  // at least one release
      with(registreeBody(), "srv", {"three"}),     // release versions
      with(registreeBody(), "poa", "http://x"),    // a list
      with(registreeBody(), "rr", "true"),         // xs:boolean
      with(registreeBody(), "csz", {"text/plain"}),  // m2m:serializations
      with(registreeBody(), "tren", 1),            // xs:boolean
      with(registreeBody(), "cb", "/id-other/cse-mn"),  // not under csi
      with(registreeBody(), "cb", "/id-mn"),       // no CSEBase name
      with(registreeBody(), "cb", "/id-mn/cse-mn/x"),  // deeper than a CSEBase
      with(registreeBody(), "ri", "id-mn"),        // NP
      with(registreeBody(), "ty", 16),             // NP
      with(registreeBody(), "foo", 1),             // unknown attribute
      with(registreeBody(), "esi", {{"esf", "x"}}),  // m2m:e2eSecInfo
  };
  for (const Json& body : bad) {
    model::Response r = registerCse("/id-mn", body);
    EXPECT_EQ(r.status_code, Rsc::kBadRequest) << body.dump();
  }
  EXPECT_EQ(lookup("id-mn"), Rsc::kNotFound);
  // The CSE-ID is still free.
  EXPECT_EQ(registerCse("/id-mn", registreeBody()).status_code, Rsc::kCreated);
}

TEST_F(RemoteCseRegistrarTest, AcceptsEveryOptionalAttributeOfTheTable) {
  Json full = registreeBody();
  full.update({{"rn", "mn"}, {"csi", "/id-mn"}, {"mei", "ext@example.com"}, {"tri", 3010},
               {"nl", "/id-mn/node1"}, {"trn", 7}, {"dcse", {"/id-asn", "//sp.example/id-x"}},
               {"mtcc", 2}, {"egid", "grp@example.com"}, {"tren", false},
               {"ape", {{{"sce", {"* * * * * * *"}}}}}, {"lbl", {"floor:1"}},
               {"et", "20991231T235959"}, {"at", {"/id-in"}}, {"aa", {"poa"}}});
  model::Response r = registerCse("/id-mn", full);
  ASSERT_EQ(r.status_code, Rsc::kCreated) << r.content.dump();
  EXPECT_EQ(r.content["m2m:csr"]["rn"], "mn");
  EXPECT_EQ(r.content["m2m:csr"]["ri"], "id-mn");
  EXPECT_EQ(r.content["m2m:csr"]["dcse"], full["dcse"]);
  EXPECT_EQ(r.content["m2m:csr"]["mtcc"], 2);
}

TEST_F(RemoteCseRegistrarTest, RegisteredCseRetrievesUpdatesAndDeletesItsRemoteCse) {
  // Before its registration, a CSE-ID is not an originator here (TS-0004 §7.3.2.1).
  EXPECT_EQ(send(Operation::kRetrieve, "cse-in", "/id-mn").status_code,
            Rsc::kOriginatorNotAuthenticated);
  ASSERT_EQ(registerCse("/id-mn", registreeBody()).status_code, Rsc::kCreated);
  // The registree is the creator: the default policy without acpi grants it its <remoteCSE>.
  EXPECT_EQ(send(Operation::kRetrieve, "cse-in/id-mn", "/id-mn").status_code, Rsc::kOk);
  EXPECT_EQ(send(Operation::kRetrieve, "cse-in", "/id-mn").status_code, Rsc::kOk);
  model::Response updated = send(Operation::kUpdate, "id-mn", "/id-mn", std::nullopt,
                                 {{"m2m:csr", {{"poa", {"http://127.0.0.1:19090"}},
                                               {"dcse", {"/id-asn"}}}}});
  ASSERT_EQ(updated.status_code, Rsc::kUpdated) << updated.content.dump();
  EXPECT_EQ(updated.content["m2m:csr"]["poa"], Json({"http://127.0.0.1:19090"}));
  for (const char* np : {"cst", "cb", "csi"}) {  // Table 7.4.4.1-3: NP on UPDATE
    Json change = {{np, registreeBody().value(np, Json("/id-mn"))}};
    EXPECT_EQ(send(Operation::kUpdate, "id-mn", "/id-mn", std::nullopt, {{"m2m:csr", change}})
                  .status_code,
              Rsc::kBadRequest)
        << np;
  }
  EXPECT_EQ(send(Operation::kUpdate, "id-mn", "/id-mn", std::nullopt,
                 {{"m2m:csr", {{"mtcc", 9}}}})
                .status_code,
            Rsc::kBadRequest);
  // Another registree has no privilege on it.
  ASSERT_EQ(registerCse("/id-mn2", with(registreeBody(), "cb", "/id-mn2/cse")).status_code,
            Rsc::kCreated);
  EXPECT_EQ(send(Operation::kDelete, "id-mn", "/id-mn2").status_code,
            Rsc::kOriginatorHasNoPrivilege);
  EXPECT_EQ(send(Operation::kDelete, "id-mn", "/id-mn").status_code, Rsc::kDeleted);
  EXPECT_EQ(send(Operation::kRetrieve, "cse-in", "/id-mn").status_code,
            Rsc::kOriginatorNotAuthenticated);
}

TEST_F(RemoteCseRegistrarTest, HoldsTheChildTypesOfTable9_6_4_1) {
  ASSERT_EQ(registerCse("/id-mn", registreeBody()).status_code, Rsc::kCreated);
  EXPECT_EQ(send(Operation::kCreate, "cse-in/id-mn", "/id-mn", 3,
                 {{"m2m:cnt", {{"rn", "data"}}}}).status_code,
            Rsc::kCreated);
  Json rules = {{"acr", {{{"acor", {"/id-mn"}}, {"acop", 63}}}}};
  EXPECT_EQ(send(Operation::kCreate, "cse-in/id-mn", "/id-mn", 1,
                 {{"m2m:acp", {{"rn", "acp"}, {"pv", rules}, {"pvs", rules}}}}).status_code,
            Rsc::kCreated);
  EXPECT_EQ(send(Operation::kCreate, "cse-in/id-mn", "/id-mn", 9,
                 {{"m2m:grp", {{"rn", "grp"}, {"mnm", 3}, {"mid", Json::array()}}}})
                .status_code,
            Rsc::kCreated);
  EXPECT_EQ(send(Operation::kCreate, "cse-in/id-mn", "/id-mn", 2,
                 {{"m2m:ae", {{"api", "Nx"}, {"rr", false}, {"srv", {"3"}}}}}).status_code,
            Rsc::kInvalidChildResourceType);  // <AE> is not among them
  // A <remoteCSE> lives directly under the <CSEBase> only.
  EXPECT_EQ(send(Operation::kCreate, "cse-in/id-mn/data", "CAdmin", 16,
                 {{"m2m:csr", with(registreeBody(), "csi", "/id-x")}}).status_code,
            Rsc::kInvalidChildResourceType);
}

TEST_F(RemoteCseRegistrarTest, CseRecordsItsRegistrarInternallyWithExplicitCsi) {
  Json record = {{"csi", "/id-up"}, {"cb", "/id-up/cse-up"}, {"rr", true}, {"srv", {"3"}}};
  model::Response own = send(Operation::kCreate, "cse-in", "/id-in", 16, {{"m2m:csr", record}},
                             model::Binding::kInternal);
  ASSERT_EQ(own.status_code, Rsc::kCreated) << own.content.dump();
  EXPECT_EQ(own.content["m2m:csr"]["ri"], "id-up");
  EXPECT_EQ(send(Operation::kCreate, "cse-in", "/id-in", 16,
                 {{"m2m:csr", without(record, "csi")}}, model::Binding::kInternal)
                .status_code,
            Rsc::kBadRequest);
  // The CSE's own CSE-ID from outside is no originator at all.
  EXPECT_NE(registerCse("/id-in", with(registreeBody(), "cb", "/id-in/cse-in")).status_code,
            Rsc::kCreated);
}

class RemoteCseRegistrarPlainOffTest : public RemoteCseRegistrarTest {
 protected:
  void SetUp() override { build(security::PlainCse::kOff); }
};

TEST_F(RemoteCseRegistrarPlainOffTest, RefusesCseOverPlainTransportWith4107) {
  model::Response r = registerCse("/id-mn", registreeBody());
  EXPECT_EQ(r.status_code, Rsc::kSecurityAssociationRequired);  // TS-0004 §7.3.2.1
  EXPECT_EQ(lookup("id-mn"), Rsc::kNotFound);
}

class RemoteCseRegistrarAsnTest : public RemoteCseRegistrarTest {
 protected:
  void SetUp() override { build(security::PlainCse::kLoopback, 3); }
};

TEST_F(RemoteCseRegistrarAsnTest, AsnCseAcceptsNoRegistration) {
  model::Response r = registerCse("/id-mn", registreeBody());
  EXPECT_EQ(r.status_code, Rsc::kOperationNotAllowed);  // TS-0004 §7.4.4.2.1 Recv-6.4
  EXPECT_EQ(r.reason, "csr.asn_host");
}

TEST_F(RemoteCseRegistrarAsnTest, AsnCseStillRecordsItsOwnRegistrar) {
  // Step 004 of its own registration (TS-0001 §10.2.2.7) is not a registration it hosts.
  Json record = {{"csi", "/id-mn"}, {"cb", "/id-mn/cse-mn"}, {"rr", true}, {"srv", {"3"}}};
  model::Response own = send(Operation::kCreate, "cse-in", "/id-in", 16, {{"m2m:csr", record}},
                             model::Binding::kInternal);
  EXPECT_EQ(own.status_code, Rsc::kCreated) << own.content.dump();
}

}  // namespace
}  // namespace citadel::engine
