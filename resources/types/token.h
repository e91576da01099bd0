#pragma once
// <token> (ty 32, m2m:tk), TS-0001 §9.6.39 / TS-0004 §7.4.41: an issued token (tkob, a JWS or
// JWE compact serialization) stored under the CSEBase of the Token Repository, with optional
// plaintext copies of its claims. The security pipeline finds it by tokenID (tkid) through
// ResourceRepository::tokenByTokenId.
//
// Not checked: that the plaintext fields match the claims inside tkob (resources.md calls it
// advisable, the text does not require it); verifying tkob is the security pipeline's job.

#include "resources/type_handler.h"

namespace citadel::resources {

class TokenType final : public TypeHandler {
 public:
  ResourceType type() const override { return ResourceType::kToken; }
  // 4000 for a bad tkid, tkob, tkps or a tknb after tkna.
  model::Status validateCreate(const model::Json& attributes) const override;
  // 4105 when a <token> with the same tokenID exists (under the CSEBase's lock, so two CREATEs
  // cannot both pass): a tokenID is unique until its token expires (TS-0003 §7.3.2.4), and
  // tokenIDs (tids) must name one token.
  model::Status prepareCreate(CreateContext& context) const override;
  // 4000 for any attribute other than et, lbl, acpi and daci.
  model::Status validateUpdate(const model::Json& content) const override;
};

}  // namespace citadel::resources
