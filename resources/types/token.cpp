#include "resources/types/token.h"

#include <array>
#include <string>

#include "resources/types/authorization_formats.h"
#include "resources/types/token_permissions.h"

namespace citadel::resources {

using model::Json;
using model::Status;

Status TokenType::validateCreate(const Json& attributes) const {
  // The generic validator has checked presence and JSON types; these are the formats.
  if (auto tkid = attributes.find("tkid"); tkid != attributes.end()) {
    CITADEL_RETURN_IF_ERROR(checkIssuerScopedId(*tkid, "tkid", "m2m:tokenID"));
  }
  if (auto tkob = attributes.find("tkob"); tkob != attributes.end()) {
    // TS-0004 Table 6.3.3-1 m2m:dynAuthJWT. The dbg never echoes the value: it is a credential.
    if (!tkob->is_string() || !isCompactJose(tkob->get_ref<const std::string&>())) {
      return Status::badRequest(
          "attribute 'tkob' (tokenObject): expected m2m:dynAuthJWT, a JWS (a.b.c) or JWE "
          "(a.b.c.d.e) compact serialization of base64url parts, at most 16384 characters",
          "token.bad_token_object");
    }
  }
  if (auto tkps = attributes.find("tkps"); tkps != attributes.end()) {
    CITADEL_RETURN_IF_ERROR(validateTokenPermissions(*tkps, "tkps"));
  }
  return checkValidityWindow(attributes);
}

Status TokenType::validateUpdate(const Json& content) const {
  // The hook receives the whole content {"m2m:tk": {...}}; a wrong shape is reported by the
  // generic checks that follow.
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return {};
  }
  // TS-0004 Table 7.4.41.1-3: every token-specific attribute is NP on UPDATE, and of the common
  // ones only these stay RW (Table 7.4.41.1-2). custodian (cstn), accepted on other types, is
  // left out: nothing but lifetime, labels and access may change on an issued token.
  static constexpr std::array<std::string_view, 4> kUpdatable = {"et", "lbl", "acpi", "daci"};
  for (auto it = content.begin()->begin(); it != content.begin()->end(); ++it) {
    bool updatable = false;
    for (std::string_view name : kUpdatable) {
      updatable = updatable || it.key() == name;
    }
    if (!updatable) {
      return Status::badRequest("attribute '" + it.key() + "' of a <token> cannot be updated: "
                                "only et, lbl, acpi and daci may change",
                                "token.immutable");
    }
  }
  return {};
}

model::Status TokenType::prepareCreate(CreateContext& context) const {
  std::string tkid = context.child.attributes.value("tkid", "");
  CITADEL_ASSIGN_OR_RETURN(std::optional<Resource> existing,
                           context.repository.tokenByTokenId(tkid));
  if (existing) {
    return model::Status::conflict("a <token> with tokenID (tkid) '" + tkid + "' exists (" +
                                       existing->ri() + "); a tokenID names one token",
                                   "token.duplicate_id");
  }
  return {};
}

}  // namespace citadel::resources
