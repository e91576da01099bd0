#pragma once
// Typed reads of a <role> (ty 31, TS-0001 §9.6.38). Never throws; defaults as in
// attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class RoleView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  std::string roleId() const { return string("rlid"); }  // rlid; "" when unset
  std::string issuer() const { return string("tkis"); }  // tkis; "" when unset
  std::string holder() const { return string("tkhd"); }  // tkhd; "" when unset
  // tknb / tkna; nullopt when unset or not a timestamp.
  std::optional<model::TimePoint> notBefore() const { return timestamp("tknb"); }
  std::optional<model::TimePoint> notAfter() const { return timestamp("tkna"); }
};

}  // namespace citadel::resources
