#pragma once
// The access-control attributes common to the types with acpi (TS-0001 §9.6.1.3.2; the
// descriptor's has_acpi): accessControlPolicyIDs, dynamicAuthorizationConsultationIDs and the
// Release 4 custodian. Never throws; defaults as in attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class AccessControlledView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  // acpi: the IDs of the governing <accessControlPolicy> resources; empty when unset.
  std::vector<std::string> accessControlPolicyIds() const { return stringList("acpi"); }
  // daci: the IDs of <dynamicAuthorizationConsultation> resources; empty when unset.
  std::vector<std::string> dynamicAuthorizationConsultationIds() const {
    return stringList("daci");
  }
  // cstn; "" when unset.
  std::string custodian() const { return string("cstn"); }
};

}  // namespace citadel::resources
