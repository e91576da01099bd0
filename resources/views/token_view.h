#pragma once
// Typed reads of a <token> (ty 32, TS-0001 §9.6.39). Never throws; defaults as in
// attribute_reader.h.

#include "resources/views/attribute_reader.h"

namespace citadel::resources {

class TokenView : public AttributeReader {
 public:
  using AttributeReader::AttributeReader;
  std::string tokenId() const { return string("tkid"); }  // tkid; "" when unset
  // tkob: the JWS/JWE compact serialization; nullopt when unset or not a string.
  std::optional<std::string> tokenObject() const {
    const Json* value = find("tkob");
    return value != nullptr && value->is_string() ? std::optional(value->get<std::string>())
                                                  : std::nullopt;
  }
  std::string issuer() const { return string("tkis"); }  // tkis; "" when unset
  std::string holder() const { return string("tkhd"); }  // tkhd; "" when unset
  std::optional<model::TimePoint> notBefore() const { return timestamp("tknb"); }
  std::optional<model::TimePoint> notAfter() const { return timestamp("tkna"); }
  // tkps: m2m:tokenPermissions; {} when unset.
  const Json& permissions() const { return object("tkps"); }
};

}  // namespace citadel::resources
