#pragma once
// <CSEBase> (ty 5, m2m:cb), TS-0001 §9.6.3 / TS-0004 §7.4.3: the root of the tree. It is
// created by the CSE at start-up, never through primitives, and cannot be updated or deleted.

#include <vector>

#include "resources/type_handler.h"

namespace citadel::resources {

class CseBaseType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kCSEBase; }
  model::Status validateUpdate(const model::Json& changes) const override;
  model::Status validateDelete() const override;
};

struct CseBaseSettings {
  int cse_type = 1;                         // cst: 1 IN, 2 MN, 3 ASN
  std::vector<uint16_t> supported_types;    // srt
  std::vector<std::string> points_of_access;  // poa
  model::Json location;                     // loc (m2m:geoCoordinates); null for none
  model::Json e2e_sec_info;                 // esi (m2m:e2eSecInfo); null when ESPrim is off
};

// The CSEBase record for a new store.
Resource makeCseBase(const CseIdentity& identity, const CseBaseSettings& settings,
                     model::TimePoint now);

}  // namespace citadel::resources
