#include "cse/model/address.h"

namespace citadel::model {
namespace {

bool isAllowedChar(char c) {
  // RFC 3986 pchar without percent-encoding and sub-delims that would confuse our parsing.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':' || c == '@' ||
         c == '*' || c == '+' || c == '!' || c == '$' || c == '\'' || c == '(' || c == ')' ||
         c == ',' || c == ';' || c == '=';
}

Status checkRelativePath(std::string_view path, std::string_view to) {
  size_t segments = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end == start) {
      return Status::badRequest("target '" + std::string(to) + "' has an empty path segment",
                                "address.empty_segment");
    }
    if (++segments > kMaxPathSegments) {
      return Status::badRequest("target has more than 32 path segments",
                                "address.too_many_segments");
    }
    start = end + 1;
  }
  return Status::ok();
}

}  // namespace

Result<Address> parseAddress(std::string_view to) {
  if (to.empty()) {
    return Status::badRequest("target (to) is empty", "address.empty");
  }
  if (to.size() > kMaxAddressLength) {
    return Status::badRequest("target (to) is longer than 1024 characters", "address.too_long");
  }
  Address address;
  size_t hash = to.find('#');
  if (hash != std::string_view::npos) {
    address.attribute = std::string(to.substr(hash + 1));
    to = to.substr(0, hash);
    if (address.attribute.empty() || to.empty()) {
      return Status::badRequest("target has an empty '#' attribute part", "address.bad_fragment");
    }
  }
  for (char c : to) {
    if (!isAllowedChar(c)) {
      return Status::badRequest("target '" + std::string(to) + "' contains a character not "
                                "allowed in a oneM2M ID", "address.bad_char");
    }
  }
  std::string_view rest = to;
  if (rest.substr(0, 2) == "//") {
    // Absolute: //{sp-id}/{cse-id}[/{cse-relative}]
    address.scope = AddressScope::kAbsolute;
    rest.remove_prefix(2);
    size_t slash = rest.find('/');
    address.sp_id = std::string(rest.substr(0, slash));
    if (address.sp_id.empty() || slash == std::string_view::npos) {
      return Status::badRequest("absolute target '" + std::string(to) +
                                "' must be //{sp-id}/{cse-id}[/path]", "address.bad_absolute");
    }
    rest.remove_prefix(slash);
  } else if (rest.front() == '/') {
    address.scope = AddressScope::kSpRelative;
  }
  if (address.scope != AddressScope::kCseRelative) {
    // rest = "/{cse-id}[/{cse-relative}]"
    rest.remove_prefix(1);
    size_t slash = rest.find('/');
    address.cse_id = "/" + std::string(rest.substr(0, slash));
    if (address.cse_id.size() == 1) {
      return Status::badRequest("target '" + std::string(to) + "' has an empty CSE-ID",
                                "address.empty_cse_id");
    }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash != std::string_view::npos && rest.empty()) {
      return Status::badRequest("target '" + std::string(to) + "' ends with '/'",
                                "address.empty_segment");
    }
  }
  if (!rest.empty()) {
    CITADEL_RETURN_IF_ERROR(checkRelativePath(rest, to));
  }
  address.relative = std::string(rest);
  return address;
}

std::string networkUri(std::string_view scheme, std::string_view host, uint16_t port) {
  bool ipv6 = host.find(':') != std::string_view::npos;
  std::string uri(scheme);
  uri += "://";
  if (ipv6) uri += '[';
  uri += host;
  if (ipv6) uri += ']';
  uri += ':';
  uri += std::to_string(port);
  return uri;
}

std::string relayedAeCse(std::string_view from) {
  if (from.size() < 4 || from[0] != '/' || from[1] == '/') return "";
  size_t slash = from.find('/', 1);
  if (slash == std::string_view::npos || slash + 2 >= from.size() || from[slash + 1] != 'C' ||
      from.find('/', slash + 1) != std::string_view::npos) {
    return "";
  }
  return std::string(from.substr(0, slash));
}

}  // namespace citadel::model
