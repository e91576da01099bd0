#pragma once
// <dynamicAuthorizationConsultation> (ty 34, m2m:dac), TS-0001 §9.6.40 / TS-0004 §7.4.36: where
// and whether a Hosting CSE asks a Dynamic Authorization Server after a deny (TS-0003 §7.5.1).
// Resources link to it through daci. The CRUD procedures are the generic ones; the DAS contact
// URIs (dap) are checked here because the security pipeline sends requests to them.

#include "resources/type_handler.h"

namespace citadel::resources {

// An implementation bound: the DAS consultation tries the PoAs in order under one timeout.
inline constexpr size_t kMaxDasPointsOfAccess = 16;
inline constexpr size_t kMaxDasUriBytes = 1024;

class DynamicAuthorizationConsultationType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kDynamicAuthorizationConsultation; }
  // 4000 for a bad dap.
  model::Status validateCreate(const model::Json& attributes) const override;
  model::Status validateUpdate(const model::Json& content) const override;
};

// OK when `poa` is a non-empty list of at most kMaxDasPointsOfAccess URIs, each
// "<scheme>://<authority>…" with scheme http, https, coap, coaps, mqtt or mqtts (the bindings
// this CSE can send through); 4000 naming dap otherwise.
model::Status validateDasPointsOfAccess(const model::Json& poa);

}  // namespace citadel::resources
