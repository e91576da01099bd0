// TransportIdentityStage with routes (TS-0004 §7.3.2.1, §7.3.2.6): an AE-ID of another CSE
// ("/id-asn/Cae") is admitted only from the neighbour behind which that CSE lies — the CSE
// itself, the registree whose dcse lists it, or the Registrar for CSEs above — proven by TLS,
// or, on a plainCse transport, when any route leads there.
#include <gtest/gtest.h>

#include "resources/cse_routes.h"
#include "security/transport_identity_stage.h"
#include "storage/memory_store.h"
#include "tests/support/seed_resource.h"
#include "tests/support/status_macros.h"

namespace citadel::security {
namespace {

using model::Json;
using model::Rsc;

//   cse-in (id-in), Registrar /id-up
//   ├── id-mn   <remoteCSE> csi /id-mn, dcse [/id-asn]
//   ├── id-mn2  <remoteCSE> csi /id-mn2
//   └── id-up   <remoteCSE> csi /id-up (the Registrar's)
class RelayedOriginatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add({{"ty", 5}, {"ri", "id-in"}, {"rn", "cse-in"}, {"pi", ""}, {"_p", "cse-in"}});
    for (const char* id : {"id-mn", "id-mn2", "id-up"}) {
      Json csr = {{"ty", 16}, {"ri", id}, {"rn", id}, {"pi", "id-in"},
                  {"csi", std::string("/") + id}, {"poa", {"http://127.0.0.1:1"}},
                  {"_p", std::string("cse-in/") + id}};
      if (std::string(id) == "id-mn") csr["dcse"] = {"/id-asn"};
      add(csr);
    }
  }

  void add(Json attributes) { ASSERT_OK(testing::seedResource(repository_, std::move(attributes))); }

  model::Status admit(const std::string& from, const std::string& proven,
                      const resources::CseRoutes& routes) {
    TransportIdentityStage stage(repository_, identity_, AdminOrigin::kLoopbackOrProven,
                                 PlainCse::kLoopback, &routes);
    RequestContext ctx;
    ctx.request.operation = model::Operation::kRetrieve;
    ctx.request.to = "cse-in";
    ctx.request.originator = from;
    ctx.request.request_id = "rq-1";
    ctx.request.transport.binding = model::Binding::kHttp;
    ctx.request.transport.from_loopback = true;
    if (!proven.empty()) {
      ctx.request.transport.secure = true;
      ctx.request.transport.peer_identity = "//citadel.example.com" + proven;
    }
    return stage.onRequest(ctx);
  }

  resources::CseIdentity identity_{"/id-in", "cse-in", "citadel.example.com", "CAdmin"};
  storage::MemoryStore store_;
  resources::ResourceRepository repository_{store_};
  resources::CseRoutes routes_{repository_, identity_, "/id-up"};
  resources::CseRoutes no_registrar_{repository_, identity_, ""};
};

TEST_F(RelayedOriginatorTest, AProvenNeighbourRelaysOnlyForTheCsesBehindIt) {
  EXPECT_OK(admit("/id-mn/Cae", "/id-mn", routes_));    // its own AE
  EXPECT_OK(admit("/id-asn/Cae", "/id-mn", routes_));   // a CSE in its dcse
  EXPECT_OK(admit("/id-far/Cae", "/id-up", routes_));   // above: through the Registrar
  for (auto [from, proven] : {std::pair{"/id-asn/Cae", "/id-mn2"},  // id-asn lies behind id-mn
                              std::pair{"/id-asn/Cae", "/id-up"},
                              std::pair{"/id-far/Cae", "/id-mn"},   // id-far lies above
                              std::pair{"/id-mn2/Cae", "/id-mn"}}) {
    model::Status status = admit(from, proven, routes_);
    EXPECT_EQ(status.rsc(), Rsc::kOriginatorNotAuthenticated) << from << " from " << proven;
    EXPECT_EQ(status.reason(), "origin.credential_mismatch") << from << " from " << proven;
  }
}

TEST_F(RelayedOriginatorTest, OnAPlainTransportAnyRouteAdmitsAndNoRouteRefuses) {
  EXPECT_OK(admit("/id-asn/Cae", "", routes_));
  EXPECT_OK(admit("/id-far/Cae", "", routes_));  // through the Registrar
  model::Status unknown = admit("/id-far/Cae", "", no_registrar_);  // an IN: nothing above
  EXPECT_EQ(unknown.rsc(), Rsc::kOriginatorNotAuthenticated);
  EXPECT_EQ(unknown.reason(), "origin.unregistered");
  // This CSE's own CSE-ID is never another CSE's relay: "/id-in/Cx" is the local AE-ID Cx.
  EXPECT_EQ(admit("/id-in/Cghost", "", routes_).rsc(), Rsc::kOriginatorNotAuthenticated);
}

}  // namespace
}  // namespace citadel::security
