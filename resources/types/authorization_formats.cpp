#include "resources/types/authorization_formats.h"

#include <array>
#include <string>

#include "cse/model/clock.h"

namespace citadel::resources {
namespace {

bool isAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isBase64Url(char c) { return isAlnum(c) || c == '-' || c == '_'; }

// TS-0004 Table 6.3.3-1: "The issuerRelativeID shall be comprised of any combination of the
// Roman alphabet, numerals, '.', '_' and '-' characters".
bool isIssuerRelativeId(std::string_view name) {
  if (name.empty() || name.size() > kMaxIssuerRelativeIdBytes) {
    return false;
  }
  for (char c : name) {
    if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

// TS-0004 Table 6.3.3-1: "an FQDN in all lowercase"; labels per RFC 1123 §2.1.
bool isLowercaseFqdn(std::string_view fqdn) {
  if (fqdn.empty() || fqdn.size() > kMaxIssuerFqdnBytes) {
    return false;
  }
  size_t start = 0;
  while (true) {
    size_t dot = fqdn.find('.', start);
    std::string_view label = fqdn.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

}  // namespace

bool isValidIssuerScopedId(std::string_view id) {
  size_t at = id.find('@');
  if (at == std::string_view::npos) {
    return false;
  }
  // A second '@' fails the FQDN check: '@' is not a label character.
  return isIssuerRelativeId(id.substr(0, at)) && isLowercaseFqdn(id.substr(at + 1));
}

model::Status checkIssuerScopedId(const model::Json& value, std::string_view attribute,
                                  std::string_view type_name) {
  if (value.is_string() && isValidIssuerScopedId(value.get_ref<const std::string&>())) {
    return {};
  }
  return model::Status::badRequest(
      "attribute '" + std::string(attribute) + "': expected " + std::string(type_name) +
          " 'name@issuer-fqdn' (name of [A-Za-z0-9._-], at most 255 characters; issuer a "
          "lowercase FQDN such as 'role-issuer.com')",
      "authorization.bad_issuer_scoped_id");
}

bool isCompactJose(std::string_view text) {
  if (text.empty() || text.size() > kMaxTokenObjectBytes) {
    return false;
  }
  // Split on '.' into at most 5 parts; a sixth part makes it neither form.
  std::array<std::string_view, 5> parts;
  size_t count = 0;
  size_t start = 0;
  while (true) {
    if (count == parts.size()) {
      return false;
    }
    size_t dot = text.find('.', start);
    parts[count++] = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  for (size_t i = 0; i < count; ++i) {
    for (char c : parts[i]) {
      if (!isBase64Url(c)) {
        return false;
      }
    }
  }
  // JWS (RFC 7515 §7.1): header and signature are non-empty; an empty payload is a detached one.
  if (count == 3) {
    return !parts[0].empty() && !parts[2].empty();
  }
  // JWE (RFC 7516 §7.1): header and ciphertext are non-empty; the encrypted key, IV and tag may
  // be empty (direct encryption, algorithms without them).
  if (count == 5) {
    return !parts[0].empty() && !parts[3].empty();
  }
  return false;
}

model::Status checkValidityWindow(const model::Json& attributes) {
  auto nb = attributes.find("tknb");
  auto na = attributes.find("tkna");
  if (nb == attributes.end() || na == attributes.end() || !nb->is_string() || !na->is_string()) {
    return {};
  }
  auto not_before = model::parseTimestamp(nb->get_ref<const std::string&>());
  auto not_after = model::parseTimestamp(na->get_ref<const std::string&>());
  if (not_before && not_after && *not_before > *not_after) {
    return model::Status::badRequest("attribute 'tknb' (notBefore) " + nb->dump() +
                                         " is after 'tkna' (notAfter) " + na->dump(),
                                     "authorization.bad_validity_window");
  }
  return {};
}

}  // namespace citadel::resources
