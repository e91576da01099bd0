#include "resources/types/access_control_policy.h"

#include <cctype>

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

constexpr size_t kMaxRules = 256;

Status bad(std::string_view attribute, const std::string& what) {
  return Status::badRequest("attribute '" + std::string(attribute) + "': " + what,
                            "acp.bad_rule");
}

bool isStringList(const Json& value) {
  if (!value.is_array()) {
    return false;
  }
  for (const auto& item : value) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return false;
    }
  }
  return true;
}

bool isNumber(const Json& value, double low, double high) {
  return value.is_number() && value.get<double>() >= low && value.get<double>() <= high;
}

}  // namespace

Status validateLocationRegion(const Json& region, std::string_view attribute) {
  if (!region.is_object() || region.size() != 1 ||
      (!region.contains("accc") && !region.contains("accr"))) {
    return bad(attribute, "a locationRegion (acco.aclr, olo) holds exactly one of 'accc' "
                          "(countryCode list) or 'accr' (circRegion [lat, lon, radius])");
  }
  if (auto accc = region.find("accc"); accc != region.end()) {
    if (!accc->is_array() || accc->empty()) {
      return bad(attribute,
                 "locationRegion.accc must be a non-empty list of 2-letter country codes");
    }
    for (const auto& code : *accc) {
      const std::string* text = code.is_string() ? &code.get_ref<const std::string&>() : nullptr;
      if (text == nullptr || text->size() != 2 || !std::isupper((unsigned char)(*text)[0]) ||
          !std::isupper((unsigned char)(*text)[1])) {
        return bad(attribute,
                   "locationRegion.accc entries must be ISO 3166-1 alpha-2 codes (\"KR\")");
      }
    }
    return {};
  }
  const Json& accr = region["accr"];
  if (!accr.is_array() || accr.size() != 3 || !isNumber(accr[0], -90, 90) ||
      !isNumber(accr[1], -180, 180) || !isNumber(accr[2], 0, 4.1e7)) {
    return bad(attribute, "locationRegion.accr must be [latitude -90..90, longitude -180..180, "
                          "radius in metres >= 0]");
  }
  return {};
}

namespace {

Status validateContext(const Json& context, std::string_view attribute) {
  if (!context.is_object()) {
    return bad(attribute, "each acco entry must be an object");
  }
  for (auto it = context.begin(); it != context.end(); ++it) {
    if (it.key() == "actw") {
      if (!isStringList(*it)) {
        return bad(attribute, "acco.actw must be a list of 7-field schedule strings");
      }
    } else if (it.key() == "acip") {
      if (!it->is_object()) {
        return bad(attribute, "acco.acip must be an object with ipv4/ipv6 lists");
      }
      for (auto ip = it->begin(); ip != it->end(); ++ip) {
        if ((ip.key() != "ipv4" && ip.key() != "ipv6") || !isStringList(*ip)) {
          return bad(attribute, "acco.acip may hold only 'ipv4' and 'ipv6' lists of strings");
        }
      }
    } else if (it.key() == "aclr") {
      CITADEL_RETURN_IF_ERROR(validateLocationRegion(*it, attribute));
    } else {
      return bad(attribute, "unknown member 'acco." + it.key() + "'");
    }
  }
  return {};
}

bool isTypeList(const Json& value) {
  if (!value.is_array()) {
    return false;
  }
  for (const auto& ty : value) {
    if (!ty.is_number_integer() || ty.get<int64_t>() < 0 || ty.get<int64_t>() > 65535) {
      return false;
    }
  }
  return true;
}

// m2m:accessControlObjectDetails (TS-0004 §6.3.5.x, TS-0003 §7.1.5): childResourceType (chty)
// is mandatory, resourceType (ty) and specializationType (spty) optional.
Status validateObjectDetails(const Json& object, std::string_view attribute) {
  if (!object.is_object() || !object.contains("chty") || !isTypeList(object["chty"])) {
    return bad(attribute, "each acr.acod entry must be an object with a 'chty' list of "
                          "resource types (integers)");
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() == "ty") {
      if (!it->is_number_integer() || it->get<int64_t>() < 0) {
        return bad(attribute, "acr.acod.ty must be a resource type (integer)");
      }
    } else if (it.key() != "chty" && it.key() != "spty") {
      return bad(attribute, "unknown member 'acr.acod." + it.key() + "' (ty, spty, chty)");
    }
  }
  return {};
}

// xs:NCName (XML Namespaces §3): a name without ':' that starts with a letter or '_' and goes
// on with letters, digits, '_', '-' or '.'. Bytes beyond ASCII are taken as name characters
// (UTF-8 letters); attribute short names are ASCII anyway.
bool isNcName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  auto letter = [](unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; };
  if (!letter(name[0])) {
    return false;
  }
  for (unsigned char c : name) {
    if (!letter(c) && !std::isdigit(c) && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// accessControlAttributes (R4, TS-0001 Table 9.6.2.1-x; m2m:attributeList of NCName): the
// attributes the rule's privileges apply to for RETRIEVE and UPDATE. Absent, the rule covers
// every attribute; an empty list would be read as that by some and as "none" by others, so it
// is refused: omit aca to cover every attribute.
Status validateAttributeList(const Json& aca, std::string_view attribute) {
  if (!aca.is_array() || aca.empty()) {
    return bad(attribute, "acr.aca (accessControlAttributes) must be a non-empty list of "
                          "attribute short names such as [\"lbl\"]; omit it to cover every "
                          "attribute");
  }
  for (const auto& name : aca) {
    if (!name.is_string() || !isNcName(name.get_ref<const std::string&>())) {
      return bad(attribute, "acr.aca entry " + name.dump() +
                                " is not an attribute short name (a non-empty NCName such as "
                                "\"lbl\")");
    }
  }
  return {};
}

Status validateRule(const Json& rule, std::string_view attribute) {
  if (!rule.is_object()) {
    return bad(attribute, "each acr entry must be an object");
  }
  if (!rule.contains("acor") || !isStringList(rule["acor"])) {
    return bad(attribute, "acr.acor (accessControlOriginators) must be a list of IDs");
  }
  if (!rule.contains("acop") || !rule["acop"].is_number_integer() ||
      rule["acop"].get<int64_t>() < 1 || rule["acop"].get<int64_t>() > 63) {
    return bad(attribute, "acr.acop (accessControlOperations) must be an integer 1..63");
  }
  for (auto it = rule.begin(); it != rule.end(); ++it) {
    const std::string& key = it.key();
    if (key == "acor" || key == "acop") {
      continue;
    }
    if (key == "acaf") {
      if (!it->is_boolean()) {
        return bad(attribute, "acr.acaf must be a boolean");
      }
    } else if (key == "acco") {
      if (!it->is_array()) {
        return bad(attribute, "acr.acco must be a list of contexts");
      }
      for (const auto& context : *it) {
        CITADEL_RETURN_IF_ERROR(validateContext(context, attribute));
      }
    } else if (key == "aca") {
      CITADEL_RETURN_IF_ERROR(validateAttributeList(*it, attribute));
    } else if (key == "acod") {
      if (!it->is_array()) {
        return bad(attribute, "acr.acod must be a list of objects {ty?, chty}");
      }
      for (const auto& object : *it) {
        CITADEL_RETURN_IF_ERROR(validateObjectDetails(object, attribute));
      }
    } else {
      return bad(attribute, "unknown member 'acr." + key + "'");
    }
  }
  return {};
}

}  // namespace

Status validateSetOfAcrs(const Json& set, std::string_view attribute) {
  if (!set.is_object()) {
    return bad(attribute, "expected an object {\"acr\": [...]}");
  }
  for (auto it = set.begin(); it != set.end(); ++it) {
    if (it.key() != "acr") {
      return bad(attribute, "unknown member '" + it.key() + "' (expected 'acr')");
    }
  }
  if (!set.contains("acr")) {
    return {};
  }
  const Json& rules = set["acr"];
  if (!rules.is_array()) {
    return bad(attribute, "'acr' must be a list of rules");
  }
  if (rules.size() > kMaxRules) {
    return bad(attribute, "more than 256 rules");
  }
  for (const auto& rule : rules) {
    CITADEL_RETURN_IF_ERROR(validateRule(rule, attribute));
  }
  return {};
}

namespace {

// TS-0004 Table 7.4.2.1-3 and §7.4.2.2.1/.3 (Recv-1.0): selfPrivileges holds at least one
// accessControlRule; a CREATE without one, or an UPDATE that removes them all, is BAD_REQUEST.
// privileges has no such constraint: an empty pv grants nothing, which is valid.
Status validateSelfPrivileges(const Json& pvs) {
  CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(pvs, "pvs"));
  if (!pvs.contains("acr") || pvs["acr"].empty()) {
    return Status::badRequest("attribute 'pvs' (selfPrivileges): at least one accessControlRule "
                              "shall be present (TS-0004 Table 7.4.2.1-3)",
                              "acp.pvs_without_rule");
  }
  return {};
}

}  // namespace

Status AccessControlPolicyType::validateCreate(const Json& attributes) const {
  CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(attributes["pv"], "pv"));
  return validateSelfPrivileges(attributes["pvs"]);
}

Status AccessControlPolicyType::validateUpdate(const Json& content) const {
  // The hook receives the whole content {"m2m:acp": {...}}; a wrong shape is reported by the
  // generic checks that follow.
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return {};
  }
  const Json& changes = *content.begin();
  for (const char* name : {"pv", "pvs"}) {
    if (changes.contains(name)) {
      if (changes[name].is_null()) {
        return Status::badRequest(std::string("attribute '") + name + "' cannot be deleted",
                                  "acp.delete_mandatory");
      }
      CITADEL_RETURN_IF_ERROR(name == std::string_view("pvs")
                                  ? validateSelfPrivileges(changes[name])
                                  : validateSetOfAcrs(changes[name], name));
    }
  }
  return {};
}

}  // namespace citadel::resources
