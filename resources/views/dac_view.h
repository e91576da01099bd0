#pragma once
// Typed reads of a <dynamicAuthorizationConsultation> (ty 34, TS-0001 §9.6.40). Never throws;
// defaults as in attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class DacView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  // dae; false when unset or not a boolean (a DAC that is not clearly enabled is not asked).
  bool enabled() const { return boolean("dae", false); }
  // dap: the DAS URIs, in order; empty when unset.
  std::vector<std::string> pointsOfAccess() const { return stringList("dap"); }
  // True when dap is present as a list (possibly empty or with non-string entries).
  bool hasPointsOfAccess() const {
    const Json* dap = find("dap");
    return dap != nullptr && dap->is_array();
  }
  std::string lifetime() const { return string("dal"); }  // dal; "" when unset
};

}  // namespace citadel::resources
