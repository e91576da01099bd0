#include "resources/types/access_control_policy.h"

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
      if (!it->is_object()) {
        return bad(attribute, "acco.aclr must be an object");
      }
    } else {
      return bad(attribute, "unknown member 'acco." + it.key() + "'");
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
    } else if (key == "acod") {
      if (!it->is_array()) {
        return bad(attribute, "acr.acod must be a list of objects {ty?, chty}");
      }
      for (const auto& object : *it) {
        if (!object.is_object() || (object.contains("chty") && !object["chty"].is_array())) {
          return bad(attribute, "acr.acod entries must be objects with a 'chty' list");
        }
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

Status AccessControlPolicyType::validateCreate(const Json& attributes) const {
  CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(attributes["pv"], "pv"));
  return validateSetOfAcrs(attributes["pvs"], "pvs");
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
      CITADEL_RETURN_IF_ERROR(validateSetOfAcrs(changes[name], name));
    }
  }
  return {};
}

}  // namespace citadel::resources
