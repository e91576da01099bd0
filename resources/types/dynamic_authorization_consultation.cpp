#include "resources/types/dynamic_authorization_consultation.h"

#include <array>
#include <string>

namespace citadel::resources {
namespace {

using model::Json;
using model::Status;

Status bad(const std::string& what) {
  return Status::badRequest("attribute 'dap' (dynamicAuthorizationPoA): " + what,
                            "dac.bad_poa");
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 3986 §3.1: schemes compare case-insensitively. The list is the set of bindings a DAS
// request can leave through (TS-0009, TS-0008, TS-0010, with and without TLS/DTLS).
bool hasSupportedScheme(std::string_view uri) {
  static constexpr std::array<std::string_view, 6> kSchemes = {"http",  "https", "coap",
                                                               "coaps", "mqtt",  "mqtts"};
  size_t colon = uri.find("://");
  if (colon == std::string_view::npos) {
    return false;
  }
  std::string scheme;
  for (char c : uri.substr(0, colon)) {
    scheme.push_back(lower(c));
  }
  bool known = false;
  for (std::string_view candidate : kSchemes) {
    known = known || scheme == candidate;
  }
  // An authority must follow: "http://" or "http:///path" names no server.
  return known && colon + 3 < uri.size() && uri[colon + 3] != '/';
}

bool isDasUri(const Json& value) {
  if (!value.is_string()) {
    return false;
  }
  const auto& uri = value.get_ref<const std::string&>();
  if (uri.size() > kMaxDasUriBytes) {
    return false;
  }
  for (char c : uri) {
    // RFC 3986 §2: no spaces or control characters in a URI.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return false;
    }
  }
  return hasSupportedScheme(uri);
}

}  // namespace

Status validateDasPointsOfAccess(const Json& poa) {
  if (!poa.is_array() || poa.empty()) {
    return bad("expected a non-empty list of DAS URIs");
  }
  if (poa.size() > kMaxDasPointsOfAccess) {
    return bad("at most 16 DAS URIs are supported");
  }
  for (const auto& uri : poa) {
    if (!isDasUri(uri)) {
      return bad("each entry must be a URI 'scheme://host...' with scheme http, https, coap, "
                 "coaps, mqtt or mqtts, at most 1024 characters");
    }
  }
  return {};
}

Status DynamicAuthorizationConsultationType::validateCreate(const Json& attributes) const {
  if (auto dap = attributes.find("dap"); dap != attributes.end()) {
    return validateDasPointsOfAccess(*dap);
  }
  return {};
}

Status DynamicAuthorizationConsultationType::validateUpdate(const Json& content) const {
  // The hook receives the whole content {"m2m:dac": {...}}; a wrong shape, and a null dap (dap
  // is mandatory, TS-0004 Table 7.4.36.1-3), are reported by the generic checks that follow.
  if (!content.is_object() || content.size() != 1 || !content.begin()->is_object()) {
    return {};
  }
  const Json& changes = *content.begin();
  if (auto dap = changes.find("dap"); dap != changes.end() && !dap->is_null()) {
    return validateDasPointsOfAccess(*dap);
  }
  return {};
}

}  // namespace citadel::resources
