#pragma once
// What the security pipeline and the access decider are built from: the tree, the CSE's
// identity, the types, the time and the optional authorization services. Built once by the
// assembly (or a test) and outliving the pipeline; each stage keeps only what it reads.

#include "cse/codec/json_codec.h"
#include "cse/model/clock.h"
#include "cse/model/psk_directory.h"
#include "resources/cse_routes.h"
#include "resources/resource_repository.h"
#include "resources/resource_resolver.h"
#include "resources/type_registry.h"
#include "security/authorization_services.h"
#include "security/originator_locations.h"

namespace citadel::security {

struct PrimitiveCheckSettings;
namespace esprim {
class EstablishedKeyStore;
class PairwiseKeyStore;
class RandObjectIssuer;
}  // namespace esprim

// What the EsprimUnwrapStage needs when this CSE accepts ESPrim objects (esprim.enabled).
struct EsprimReceiverServices {
  const esprim::PairwiseKeyStore& keys;        // SUID 13 keys (esprim.keyFile)
  esprim::RandObjectIssuer& rand_objects;      // the receiver rand objects this CSE issued
  codec::ParseLimits inner_limits;             // for the decrypted inner primitive
  // SUID 43 keys from ESCertKE (esprim.certKe); nullptr: none.
  const esprim::EstablishedKeyStore* established = nullptr;
  // SUID 23 keys the MEF provisioned (enrolment.mef): asked for a kid that is a KeID of the MEF
  // and known nowhere else; the credential's originator is the Enrolee-ID. nullptr: none.
  const model::PskDirectory* enrolled = nullptr;
};

// Where the admin originator (cse.admin) is honoured.
enum class AdminOrigin {
  // HTTP/CoAP peers on loopback; a TLS/DTLS peer that proved the admin identity; over MQTT the
  // broker vouches for the topic's originator (TS-0010 §7.2), so its ACL decides.
  kLoopbackOrProven,
  kAnywhere,  // any peer that says From: <admin> (test benches)
};

// Over which plain (non-TLS/DTLS) transports a CSE-ID `fr` is accepted (security.plainCse).
// TS-0004 §7.3.2.1 wants a security association (4107 without one); test benches that run
// several CSEs on one machine relax it.
enum class PlainCse {
  kOff,       // only a TLS/DTLS peer that proved the CSE-ID
  kLoopback,  // also HTTP/CoAP peers on 127.0.0.0/8 or ::1
  kAny,       // also any peer (test benches only)
};

struct SecurityDependencies {
  resources::ResourceRepository& repository;
  resources::ResourceResolver& resolver;
  const resources::CseIdentity& identity;
  const resources::TypeRegistry& types;
  const model::Clock& clock;
  const OriginatorLocations* locations = nullptr;  // retained originator locations (aclr)
  // Tokens, roles and dynamic authorization; nullptr: none is accepted (tokens and roles are
  // then refused or dropped, and no DAS is consulted).
  const AuthorizationServices* authorization = nullptr;
  // Settings of the primitive checks the upper tester may change at run time; nullptr: the
  // defaults (no short request expiration).
  const PrimitiveCheckSettings* primitive_checks = nullptr;
  AdminOrigin admin_origin = AdminOrigin::kLoopbackOrProven;
  // ESPrim objects (m2m:seci sit 5) to the <CSEBase>; nullptr: not accepted (answered 5001).
  const EsprimReceiverServices* esprim = nullptr;
  PlainCse plain_cse = PlainCse::kOff;
  // Routes to other CSEs (forwarding, TS-0004 §7.3.2.6); nullptr: nothing is forwarded.
  const resources::CseRoutes* routes = nullptr;
};

}  // namespace citadel::security
