#include "security/mef_client/maf_messages.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>

#include "cse/model/clock.h"
#include "cse/model/suid.h"
#include "security/enrolment/enrolment_keys.h"

namespace citadel::security::mef {
namespace {

using nlohmann::json;
namespace enrolment = security::enrolment;

constexpr size_t kKeyBytes = 32;
constexpr size_t kMaxLabels = 64;
constexpr size_t kMaxTargets = 64;

// Wire names, in MafMember order.
constexpr std::array<std::string_view, 13> kNames = {
    "mafFQDN",       "adminFQDN",         "mafClientRegID", "mafClientID",
    "assignedSymmKeyID", "relativeKeyID", "sourceMafClientID", "expirationTime",
    "labels",        "targetIDs",         "suid",           "keyValue",
    "mafClientCfg"};

std::string_view nameOf(MafMember member) { return kNames[static_cast<size_t>(member)]; }

model::Status bad(std::string_view member, std::string_view what) {
  return model::Status::badRequest(std::string(member) + ": " + std::string(what),
                                   "maf.bad_message");
}

model::Result<std::string> identifierFrom(const json& value, std::string_view member) {
  if (!value.is_string()) return bad(member, "expected a string");
  std::string text = value.get<std::string>();
  if (!enrolment::encodeIdentifier(text).isOk()) {
    return bad(member, "expected 1 to 255 printable ASCII bytes");
  }
  return text;
}

model::Result<std::vector<std::string>> identifierListFrom(const json& value,
                                                           std::string_view member,
                                                           size_t min, size_t max) {
  if (!value.is_array() || value.size() < min || value.size() > max) {
    return bad(member, "expected an array of " + std::to_string(min) + " to " +
                           std::to_string(max) + " strings");
  }
  std::vector<std::string> list;
  for (const json& item : value) {
    CITADEL_ASSIGN_OR_RETURN(std::string text, identifierFrom(item, member));
    list.push_back(std::move(text));
  }
  return list;
}

model::Status readMember(MafMessage& m, MafMember member, const json& value) {
  std::string_view name = nameOf(member);
  switch (member) {
    case MafMember::kMafFqdn: {
      CITADEL_ASSIGN_OR_RETURN(m.maf_fqdn, identifierFrom(value, name));
      break;
    }
    case MafMember::kAdminFqdn: {
      CITADEL_ASSIGN_OR_RETURN(m.admin_fqdn, identifierFrom(value, name));
      break;
    }
    case MafMember::kClientRegId: {
      CITADEL_ASSIGN_OR_RETURN(m.client_reg_id, identifierFrom(value, name));
      break;
    }
    case MafMember::kClientId: {
      CITADEL_ASSIGN_OR_RETURN(m.client_id, identifierFrom(value, name));
      break;
    }
    case MafMember::kAssignedKmId: {
      CITADEL_ASSIGN_OR_RETURN(m.assigned_km_id, identifierFrom(value, name));
      break;
    }
    case MafMember::kSourceClientId: {
      CITADEL_ASSIGN_OR_RETURN(m.source_client_id, identifierFrom(value, name));
      break;
    }
    case MafMember::kRelativeKeyId: {
      CITADEL_ASSIGN_OR_RETURN(std::string id, identifierFrom(value, name));
      if (!isRelativeKeyId(id)) return bad(name, "expected 32 lower-case hex digits");
      m.relative_key_id = std::move(id);
      break;
    }
    case MafMember::kExpirationTime: {
      if (!value.is_string()) return bad(name, "expected an m2m:timestamp");
      auto t = model::parseTimestamp(value.get<std::string>());
      // Before 1970 is never a proposed expiry (and has no seconds-since-the-epoch form here).
      if (!t || *t == model::TimePoint::max() || *t < model::TimePoint{}) {
        return bad(name, "expected an m2m:timestamp");
      }
      m.expiration_time =
          std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count();
      break;
    }
    case MafMember::kLabels: {
      CITADEL_ASSIGN_OR_RETURN(m.labels, identifierListFrom(value, name, 0, kMaxLabels));
      break;
    }
    case MafMember::kTargetIds: {
      CITADEL_ASSIGN_OR_RETURN(m.target_ids, identifierListFrom(value, name, 1, kMaxTargets));
      break;
    }
    case MafMember::kSuid:
      if (!value.is_number_integer() || !model::isSuid(value.get<int64_t>())) {
        return bad(name, "expected an m2m:suid");
      }
      m.suid = static_cast<int>(value.get<int64_t>());
      break;
    case MafMember::kKeyValue: {
      if (!value.is_string() || value.get_ref<const std::string&>().size() != 2 * kKeyBytes) {
        return bad(name, "expected 32 bytes as 64 hex digits");
      }
      auto key = enrolment::fromHex(value.get_ref<const std::string&>());
      if (!key.isOk()) return bad(name, "expected 32 bytes as 64 hex digits");
      m.key_value = std::move(key).value();
      break;
    }
    case MafMember::kClientConfig:
      if (!value.is_object()) return bad(name, "expected a JSON object");
      m.client_config = value;
      break;
  }
  return {};
}

bool present(const MafMessage& m, MafMember member) {
  switch (member) {
    case MafMember::kMafFqdn: return m.maf_fqdn.has_value();
    case MafMember::kAdminFqdn: return m.admin_fqdn.has_value();
    case MafMember::kClientRegId: return m.client_reg_id.has_value();
    case MafMember::kClientId: return m.client_id.has_value();
    case MafMember::kAssignedKmId: return m.assigned_km_id.has_value();
    case MafMember::kRelativeKeyId: return m.relative_key_id.has_value();
    case MafMember::kSourceClientId: return m.source_client_id.has_value();
    case MafMember::kExpirationTime: return m.expiration_time.has_value();
    case MafMember::kLabels: return m.labels.has_value();
    case MafMember::kTargetIds: return m.target_ids.has_value();
    case MafMember::kSuid: return m.suid.has_value();
    case MafMember::kKeyValue: return m.key_value.has_value();
    case MafMember::kClientConfig: return m.client_config.has_value();
  }
  return false;
}

bool listed(const std::vector<MafMember>& members, MafMember member) {
  return std::find(members.begin(), members.end(), member) != members.end();
}

}  // namespace

MafMessage::~MafMessage() {
  if (key_value) OPENSSL_cleanse(key_value->data(), key_value->size());
}

model::Result<MafMessage> parseMafMessage(std::string_view body, const MafShape& shape,
                                          bool is_answer) {
  // allow_exceptions = false: malformed input is a discarded value, never a throw.
  json object = json::parse(body, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    return model::Status::badRequest("the body must be a JSON object", "maf.bad_message");
  }
  MafMessage message;
  for (const auto& [name, value] : object.items()) {
    if (is_answer && name == "status") {
      if (!value.is_boolean() || !value.get<bool>()) return bad("status", "expected true");
      continue;
    }
    auto known = std::find(kNames.begin(), kNames.end(), name);
    if (known == kNames.end()) return bad(name.size() > 64 ? "a member" : name, "unknown member");
    auto member = static_cast<MafMember>(known - kNames.begin());
    if (!listed(shape.required, member) && !listed(shape.optional, member)) {
      return bad(name, "not a parameter of this message");
    }
    CITADEL_RETURN_IF_ERROR(readMember(message, member, value));
  }
  if (is_answer && !object.contains("status")) return bad("status", "expected true");
  for (MafMember member : shape.required) {
    if (!present(message, member)) return bad(nameOf(member), "missing");
  }
  if (!shape.at_least_one.empty() &&
      std::none_of(shape.at_least_one.begin(), shape.at_least_one.end(),
                   [&](MafMember m) { return present(message, m); })) {
    std::string names;
    for (MafMember m : shape.at_least_one) {
      names.append(names.empty() ? "" : ", ").append(nameOf(m));
    }
    return model::Status::badRequest("at least one of " + names + " must be present",
                                     "maf.bad_message");
  }
  return message;
}

std::string formatMafMessage(const MafMessage& m, bool is_answer) {
  json object = json::object();
  if (is_answer) object["status"] = true;
  auto put = [&](MafMember member, const auto& value) {
    if (value) object[std::string(nameOf(member))] = *value;
  };
  put(MafMember::kMafFqdn, m.maf_fqdn);
  put(MafMember::kAdminFqdn, m.admin_fqdn);
  put(MafMember::kClientRegId, m.client_reg_id);
  put(MafMember::kClientId, m.client_id);
  put(MafMember::kAssignedKmId, m.assigned_km_id);
  put(MafMember::kRelativeKeyId, m.relative_key_id);
  put(MafMember::kSourceClientId, m.source_client_id);
  if (m.expiration_time) {
    object[std::string(nameOf(MafMember::kExpirationTime))] = model::formatTimestamp(
        model::TimePoint(std::chrono::seconds(*m.expiration_time)));
  }
  put(MafMember::kLabels, m.labels);
  put(MafMember::kTargetIds, m.target_ids);
  put(MafMember::kSuid, m.suid);
  std::string hex_key;
  if (m.key_value) {
    hex_key = enrolment::toHex(*m.key_value);
    object[std::string(nameOf(MafMember::kKeyValue))] = hex_key;
    OPENSSL_cleanse(hex_key.data(), hex_key.size());
  }
  put(MafMember::kClientConfig, m.client_config);
  std::string text = object.dump();
  if (m.key_value) {
    // The json value's own copy of the hex key.
    std::string& held = object[std::string(nameOf(MafMember::kKeyValue))].get_ref<std::string&>();
    OPENSSL_cleanse(held.data(), held.size());
  }
  return text;
}

bool isRelativeKeyId(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::optional<std::pair<std::string, std::string>> splitMafKeyId(std::string_view key_id) {
  size_t at = key_id.find('@');
  if (at == std::string_view::npos || at + 1 == key_id.size()) return std::nullopt;
  std::string_view relative = key_id.substr(0, at);
  std::string_view fqdn = key_id.substr(at + 1);
  if (!isRelativeKeyId(relative) || fqdn.find('@') != std::string_view::npos ||
      !enrolment::encodeIdentifier(fqdn).isOk()) {
    return std::nullopt;
  }
  return std::make_pair(std::string(relative), std::string(fqdn));
}

}  // namespace citadel::security::mef
