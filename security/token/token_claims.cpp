#include "security/token/token_claims.h"

#include <cmath>

#include "resources/types/access_control_policy.h"
#include "security/token/strict_json.h"

namespace citadel::security::token {
namespace {

using model::Json;
using model::Result;
using model::Status;

// RFC 7519 §2 NumericDate: seconds since the epoch. TimePoint counts nanoseconds in an int64
// (good until 2262), so anything past 9e9 s (year 2255) would overflow it; such a date, or a
// negative one, is refused rather than wrapped.
constexpr double kMaxNumericDate = 9e9;

Status badClaim(std::string_view claim, std::string_view what) {
  return {model::Rsc::kOriginatorHasNoPrivilege,
          "token claim '" + std::string(claim) + "': " + std::string(what), "token.bad_claim"};
}

Status tooLarge(std::string_view claim) {
  return {model::Rsc::kOriginatorHasNoPrivilege,
          "token claim '" + std::string(claim) + "' is too large", "token.claim_too_large"};
}

Status missing(std::string_view claim) {
  return {model::Rsc::kOriginatorHasNoPrivilege,
          "token claim '" + std::string(claim) + "' is mandatory", "token.missing_claim"};
}

// IDs end up in logs (we log token IDs, never tokens): no control characters.
bool hasControlCharacter(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

Result<std::string> readString(const Json& value, std::string_view claim, size_t max_bytes,
                               bool is_id) {
  if (!value.is_string()) {
    return badClaim(claim, "expected a string");
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return tooLarge(claim);
  }
  if (is_id && (text.empty() || hasControlCharacter(text))) {
    return badClaim(claim, "expected a non-empty ID without control characters");
  }
  return text;
}

Result<std::vector<std::string>> readIdList(const Json& value, std::string_view claim,
                                            size_t max_entries, size_t max_bytes) {
  if (!value.is_array()) {
    return badClaim(claim, "expected a list of IDs");
  }
  if (value.size() > max_entries) {
    return tooLarge(claim);
  }
  std::vector<std::string> ids;
  ids.reserve(value.size());
  for (const Json& entry : value) {
    CITADEL_ASSIGN_OR_RETURN(std::string id, readString(entry, claim, max_bytes, true));
    ids.push_back(std::move(id));
  }
  return ids;
}

Result<model::TimePoint> readNumericDate(const Json& value, std::string_view claim) {
  // RFC 7519 §2 allows fractional seconds; booleans and numeric strings are not NumericDates.
  if (!value.is_number()) {
    return badClaim(claim, "expected a NumericDate (seconds since 1970-01-01T00:00:00Z)");
  }
  double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxNumericDate) {
    return badClaim(claim, "NumericDate out of range");
  }
  if (value.is_number_integer()) {
    return model::TimePoint(std::chrono::seconds(value.get<int64_t>()));
  }
  return model::TimePoint(std::chrono::duration_cast<model::TimePoint::duration>(
      std::chrono::duration<double>(seconds)));
}

Result<TokenPermission> readPermission(const Json& value, const TokenClaimLimits& limits) {
  if (!value.is_object()) {
    return badClaim("tkps.pm", "each permission must be an object {ris?, pv?, rids?}");
  }
  TokenPermission permission;
  if (auto ris = value.find("ris"); ris != value.end()) {
    CITADEL_ASSIGN_OR_RETURN(
        permission.resource_ids,
        readIdList(*ris, "tkps.pm.ris", limits.max_resource_ids, limits.max_id_bytes));
  }
  if (auto pv = value.find("pv"); pv != value.end()) {
    // The same shape an <accessControlPolicy> privileges attribute must have, checked by the
    // same code, so that the ACP evaluator can take these rules as they are.
    Status valid = resources::validateSetOfAcrs(*pv, "tkps.pm.pv");
    if (!valid.isOk()) {
      return badClaim("tkps.pm.pv", "expected an m2m:setOfAcrs {\"acr\": [rule, ...]}");
    }
    permission.privileges = *pv;
  }
  if (auto rids = value.find("rids"); rids != value.end()) {
    CITADEL_ASSIGN_OR_RETURN(
        permission.role_ids,
        readIdList(*rids, "tkps.pm.rids", limits.max_role_ids, limits.max_id_bytes));
  }
  return permission;
}

// tkps is m2m:tokenPermissions, {"pm": [m2m:tokenPermission, ...]} (TS-0004 §6.3.5.53).
Result<std::vector<TokenPermission>> readPermissions(const Json& value,
                                                     const TokenClaimLimits& limits) {
  if (!value.is_object()) {
    return badClaim("tkps", "expected an m2m:tokenPermissions object {\"pm\": [...]}");
  }
  std::vector<TokenPermission> permissions;
  auto pm = value.find("pm");
  if (pm == value.end()) {
    return permissions;  // pm is 0..n
  }
  if (!pm->is_array()) {
    return badClaim("tkps.pm", "expected a list of permissions");
  }
  if (pm->size() > limits.max_permissions) {
    return tooLarge("tkps.pm");
  }
  for (const Json& entry : *pm) {
    CITADEL_ASSIGN_OR_RETURN(TokenPermission permission, readPermission(entry, limits));
    permissions.push_back(std::move(permission));
  }
  return permissions;
}

// The mandatory string claims, and the one of two names the version may come under.
Status readMandatory(const Json& claims, const TokenClaimLimits& limits, TokenClaims& out) {
  // TS-0003 names the JWT claim "tkvr", TS-0004's short name is "vr"; take either, tkvr first.
  auto version = claims.find("tkvr");
  std::string_view version_name = "tkvr";
  if (version == claims.end()) {
    version = claims.find("vr");
    version_name = "vr";
  }
  if (version == claims.end()) {
    return missing("tkvr");
  }
  CITADEL_ASSIGN_OR_RETURN(out.version,
                           readString(*version, version_name, limits.max_text_bytes, true));
  struct IdClaim {
    std::string_view name;
    std::string* target;
  };
  for (const IdClaim& claim :
       {IdClaim{"jti", &out.token_id}, IdClaim{"azp", &out.holder}, IdClaim{"iss", &out.issuer}}) {
    auto value = claims.find(claim.name);
    if (value == claims.end()) {
      return missing(claim.name);
    }
    CITADEL_ASSIGN_OR_RETURN(*claim.target,
                             readString(*value, claim.name, limits.max_id_bytes, true));
  }
  auto nbf = claims.find("nbf");
  auto exp = claims.find("exp");
  if (nbf == claims.end()) {
    return missing("nbf");
  }
  if (exp == claims.end()) {
    return missing("exp");
  }
  CITADEL_ASSIGN_OR_RETURN(out.not_before, readNumericDate(*nbf, "nbf"));
  CITADEL_ASSIGN_OR_RETURN(out.not_after, readNumericDate(*exp, "exp"));
  return {};
}

Status readOptional(const Json& claims, const TokenClaimLimits& limits, TokenClaims& out) {
  if (auto name = claims.find("tknm"); name != claims.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.token_name,
                             readString(*name, "tknm", limits.max_text_bytes, false));
  }
  if (auto aud = claims.find("aud"); aud != claims.end()) {
    if (aud->is_string()) {
      // RFC 7519 §4.1.3: a single audience may be a bare string. TS-0003 issuers send a list,
      // but a general JWT library may not.
      CITADEL_ASSIGN_OR_RETURN(std::string one, readString(*aud, "aud", limits.max_id_bytes, true));
      out.audience = std::vector<std::string>{std::move(one)};
    } else {
      CITADEL_ASSIGN_OR_RETURN(out.audience,
                               readIdList(*aud, "aud", limits.max_audience, limits.max_id_bytes));
    }
  }
  if (auto permissions = claims.find("tkps"); permissions != claims.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.permissions, readPermissions(*permissions, limits));
  }
  if (auto extension = claims.find("tkex"); extension != claims.end()) {
    CITADEL_ASSIGN_OR_RETURN(out.extension,
                             readString(*extension, "tkex", limits.max_extension_bytes, false));
  }
  return {};
}

int64_t toNumericDate(model::TimePoint t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<Json> parseClaimSetObject(std::string_view payload, const TokenClaimLimits& limits) {
  Json claims = parseStrictJsonObject(payload, limits.max_json_depth);
  if (!claims.is_object()) {
    return Status::badRequest(
        "token: the payload must be one JSON object (UTF-8, no repeated "
        "member names, nested at most " +
            std::to_string(limits.max_json_depth) + " levels)",
        "token.malformed");
  }
  return claims;
}

Result<TokenClaims> tokenClaimsFromJson(const Json& claims, const TokenClaimLimits& limits) {
  if (!claims.is_object()) {
    return Status::badRequest("token: the claim set must be a JSON object", "token.malformed");
  }
  TokenClaims out;
  CITADEL_RETURN_IF_ERROR(readMandatory(claims, limits, out));
  CITADEL_RETURN_IF_ERROR(readOptional(claims, limits, out));
  return out;
}

Result<TokenClaims> parseTokenClaims(std::string_view payload, const TokenClaimLimits& limits) {
  CITADEL_ASSIGN_OR_RETURN(Json claims, parseClaimSetObject(payload, limits));
  return tokenClaimsFromJson(claims, limits);
}

Json tokenClaimsToJson(const TokenClaims& claims) {
  Json out = {{"tkvr", claims.version},
              {"jti", claims.token_id},
              {"azp", claims.holder},
              {"iss", claims.issuer},
              {"nbf", toNumericDate(claims.not_before)},
              {"exp", toNumericDate(claims.not_after)}};
  if (claims.token_name) {
    out["tknm"] = *claims.token_name;
  }
  if (claims.audience) {
    out["aud"] = *claims.audience;
  }
  if (claims.permissions) {
    Json pm = Json::array();
    for (const TokenPermission& permission : *claims.permissions) {
      Json entry = Json::object();
      if (permission.resource_ids) {
        entry["ris"] = *permission.resource_ids;
      }
      if (permission.privileges) {
        entry["pv"] = *permission.privileges;
      }
      if (permission.role_ids) {
        entry["rids"] = *permission.role_ids;
      }
      pm.push_back(std::move(entry));
    }
    out["tkps"] = {{"pm", std::move(pm)}};
  }
  if (claims.extension) {
    out["tkex"] = *claims.extension;
  }
  return out;
}

}  // namespace citadel::security::token
