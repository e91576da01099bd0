#include "resources/e2e_sec_info.h"

#include "cse/model/suid.h"

#include "cse/model/clock.h"

namespace citadel::resources {

using model::Json;
using model::Status;

namespace {

constexpr size_t kMaxSuids = 32;
constexpr size_t kMaxCertificates = 8;
constexpr size_t kMaxCertificateBytes = 16 << 10;
constexpr size_t kMaxIdBytes = 128;
constexpr size_t kMaxAlgorithmIds = 8;

Status wrong(std::string_view where, std::string what) {
  return Status::badRequest(std::string(where) + ": " + std::move(what), "validate.wrong_type");
}

bool isBase64(const std::string& text) {
  if (text.empty() || text.size() > kMaxCertificateBytes) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

bool isIdString(const Json& value) {
  return value.is_string() && value.get_ref<const std::string&>().size() <= kMaxIdBytes &&
         isAsciiNcName(value.get_ref<const std::string&>());
}

bool isPositiveIntegerList(const Json& value) {
  if (!value.is_array() || value.empty() || value.size() > kMaxAlgorithmIds) return false;
  for (const Json& element : value) {
    if (!element.is_number_integer() || element.get<int64_t>() < 1) return false;
  }
  return true;
}

}  // namespace


bool isAsciiNcName(std::string_view text) {
  if (text.empty()) return false;
  char first = text.front();
  if ((first >= '0' && first <= '9') || first == '.' || first == '-') return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status checkReceiverRandObject(const Json& value, std::string_view where) {
  if (!value.is_object()) {
    return wrong(where, "expected m2m:receiverESPrimRandObject {esri, esrv, esrx, esks, espa}");
  }
  for (const auto& [name, member] : value.items()) {
    if (name == "esri" || name == "esrv") {
      if (!isIdString(member)) {
        return wrong(where, "'" + name + "' must be an xs:NCName of 1 to 128 characters");
      }
    } else if (name == "esrx") {
      bool ok = member.is_string() &&
                model::parseTimestamp(member.get_ref<const std::string&>()).has_value();
      if (!ok) return wrong(where, "'esrx' must be a timestamp such as 20261231T235959");
    } else if (name == "esks" || name == "espa") {
      if (!isPositiveIntegerList(member)) {
        return wrong(where, "'" + name + "' must be a list of 1 to 8 positive integers");
      }
    } else {
      return wrong(where, "'" + name + "' is not a member of m2m:receiverESPrimRandObject");
    }
  }
  for (const char* name : {"esri", "esrv", "esrx", "esks", "espa"}) {
    if (!value.contains(name)) return wrong(where, std::string("'") + name + "' is missing");
  }
  return Status::ok();
}

Status checkE2eSecInfo(const Json& value, std::string_view where) {
  if (!value.is_object()) {
    return wrong(where, "expected m2m:e2eSecInfo {esf, escert?, esro?}");
  }
  for (const auto& [name, member] : value.items()) {
    if (name == "esf") {
      if (!member.is_array() || member.size() > kMaxSuids) {
        return wrong(where, "'esf' must be a list of at most 32 m2m:suid values");
      }
      for (const Json& suid : member) {
        if (!suid.is_number_integer() || !model::isSuid(suid.get<int64_t>())) {
          return wrong(where, "'esf' holds a value that is not an m2m:suid (10..45, TS-0004 "
                              "Table 6.3.4.2.39-1)");
        }
      }
    } else if (name == "escert") {
      if (!member.is_array() || member.size() > kMaxCertificates) {
        return wrong(where, "'escert' must be a list of at most 8 base64 certificates");
      }
      for (const Json& certificate : member) {
        if (!certificate.is_string() || !isBase64(certificate.get_ref<const std::string&>())) {
          return wrong(where, "'escert' holds a value that is not a base64 certificate of at "
                              "most 16 KiB");
        }
      }
    } else if (name == "esro") {
      CITADEL_RETURN_IF_ERROR(checkReceiverRandObject(member, std::string(where) + " esro"));
    } else {
      return wrong(where, "'" + name + "' is not a member of m2m:e2eSecInfo");
    }
  }
  if (!value.contains("esf")) {
    return wrong(where, "'esf' (supportedE2ESecFeatures) is missing");
  }
  return Status::ok();
}

}  // namespace citadel::resources
