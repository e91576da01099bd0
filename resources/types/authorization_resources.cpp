#include "resources/types/authorization_resources.h"

#include <arpa/inet.h>

#include "resources/types/access_control_policy.h"
#include "resources/types/authorization_formats.h"

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status bad(std::string_view attribute, const std::string& what) {
  return Status::badRequest("attribute '" + std::string(attribute) + "': " + what,
                            "authorization.bad_attribute");
}

Status checkInteger(const Json& attributes, std::string_view name, int64_t low, int64_t high,
                    std::string_view type_name) {
  auto value = attributes.find(name);
  if (value == attributes.end() || value->is_null()) return {};
  if (!value->is_number_integer() || value->get<int64_t>() < low ||
      value->get<int64_t>() > high) {
    return bad(name, "must be an " + std::string(type_name) + " (" + std::to_string(low) +
                         ".." + std::to_string(high) + ")");
  }
  return {};
}

Status checkIdList(const Json& attributes, std::string_view name, std::string_view type_name) {
  auto list = attributes.find(name);
  if (list == attributes.end() || list->is_null() || !list->is_array()) return {};
  for (const Json& id : *list) {
    CITADEL_RETURN_IF_ERROR(checkIssuerScopedId(id, name, type_name));
  }
  return {};
}

// m2m:ipAddress (TS-0004 §6.3.5.60; short names ip4/ip6, Table 8.2.3-x): one address.
Status checkIpAddress(const Json& oip) {
  if (!oip.is_object() || oip.size() != 1 || !oip.begin()->is_string()) {
    return bad("oip", "must be {\"ip4\": \"<IPv4 address>\"} or {\"ip6\": \"<IPv6 address>\"}");
  }
  const std::string& key = oip.begin().key();
  const std::string& address = oip.begin()->get_ref<const std::string&>();
  unsigned char buffer[16];
  int family = key == "ip4" ? AF_INET : key == "ip6" ? AF_INET6 : -1;
  if (family < 0 || inet_pton(family, address.c_str(), buffer) != 1) {
    return bad("oip", "must be {\"ip4\": \"<IPv4 address>\"} or {\"ip6\": \"<IPv6 address>\"}; "
                      "got member '" + key + "'");
  }
  return {};
}

// The request attributes of an UPDATE's content {"m2m:xxx": {...}}; nullptr for a shape the
// generic checks that follow report.
const Json* changesOf(const Json& content) {
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return nullptr;
  }
  return &*content.begin();
}

}  // namespace

Status checkAuthorizationRequestFormats(const Json& attributes) {
  CITADEL_RETURN_IF_ERROR(checkInteger(attributes, "op", 1, 5, "m2m:operation"));
  CITADEL_RETURN_IF_ERROR(checkInteger(attributes, "rrt", 1, 65535, "m2m:resourceType"));
  CITADEL_RETURN_IF_ERROR(checkIdList(attributes, "rids", "m2m:roleID"));
  CITADEL_RETURN_IF_ERROR(checkIdList(attributes, "tids", "m2m:tokenID"));
  if (auto tokens = attributes.find("tkns"); tokens != attributes.end() && tokens->is_array()) {
    for (const Json& token : *tokens) {
      if (!token.is_string() || !isCompactJose(token.get_ref<const std::string&>())) {
        return bad("tkns", "each entry must be an m2m:dynAuthJWT (a JWS or JWE in compact "
                           "serialization)");
      }
    }
  }
  if (auto olo = attributes.find("olo"); olo != attributes.end() && !olo->is_null()) {
    CITADEL_RETURN_IF_ERROR(validateLocationRegion(*olo, "olo"));
  }
  if (auto oip = attributes.find("oip"); oip != attributes.end() && !oip->is_null()) {
    CITADEL_RETURN_IF_ERROR(checkIpAddress(*oip));
  }
  if (auto fu = attributes.find("fu"); fu != attributes.end() && !fu->is_null() &&
                                        !fu->is_object()) {
    return bad("fu", "must be an m2m:filterCriteria object");
  }
  return {};
}

Status AuthorizationDecisionType::validateCreate(const Json& attributes) const {
  return checkAuthorizationRequestFormats(attributes);
}

Status AuthorizationDecisionType::validateUpdate(const Json& content) const {
  const Json* changes = changesOf(content);
  return changes != nullptr ? checkAuthorizationRequestFormats(*changes) : Status{};
}

Status AuthorizationInformationType::validateCreate(const Json& attributes) const {
  return checkAuthorizationRequestFormats(attributes);
}

Status AuthorizationInformationType::validateUpdate(const Json& content) const {
  const Json* changes = changesOf(content);
  return changes != nullptr ? checkAuthorizationRequestFormats(*changes) : Status{};
}

}  // namespace citadel::resources
