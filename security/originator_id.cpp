#include "security/originator_id.h"

#include "cse/model/address.h"
#include "cse/model/wildcard.h"

namespace citadel::security {

std::string localOriginator(std::string_view from, const resources::CseIdentity& identity) {
  std::string_view rest = from;
  if (rest.starts_with("//")) {
    std::string sp_prefix = "//" + identity.sp_id;
    if (!rest.starts_with(sp_prefix) || rest.size() == sp_prefix.size() ||
        rest[sp_prefix.size()] != '/') {
      return std::string(from);  // another SP's entity
    }
    rest.remove_prefix(sp_prefix.size());
  }
  if (rest.starts_with(identity.cse_id + "/")) {
    return std::string(rest.substr(identity.cse_id.size() + 1));  // "/id-in/Cxyz"
  }
  if (rest.starts_with("/S") && rest.find('/', 1) == std::string_view::npos) {
    return std::string(rest.substr(1));  // "/Sxyz": SP-relative S-AE-ID
  }
  return std::string(rest.data() == from.data() ? from : rest);
}

std::string absoluteId(std::string_view id, const resources::CseIdentity& identity) {
  if (id.starts_with("//")) {
    return std::string(id);
  }
  std::string out = "//" + identity.sp_id;
  if (id.starts_with("/")) {
    return out.append(id);
  }
  if (id.starts_with("S")) {
    return out.append("/").append(id);  // S-stems are SP-relative
  }
  return out.append(identity.cse_id).append("/").append(id);
}

std::string spRelativeId(std::string_view id, const resources::CseIdentity& identity,
                         std::string_view cse_id) {
  if (id.starts_with("//")) {
    std::string own = "//" + identity.sp_id + "/";
    return id.starts_with(own) ? std::string(id.substr(own.size() - 1)) : std::string();
  }
  if (id.starts_with("/") || cse_id.empty()) return std::string(id);
  return std::string(cse_id).append("/").append(id);
}

bool wildcardMatch(std::string_view pattern, std::string_view text) {
  return model::wildcardMatch(pattern, text, '/');
}

bool acorMatches(std::string_view entry, std::string_view originator_absolute,
                 const resources::CseIdentity& identity) {
  if (entry == "all") {
    return true;
  }
  if (entry.find('@') != std::string_view::npos) {
    return false;  // a Role-ID: matched against verified roles, not the originator
  }
  if (entry.starts_with("//") && entry.find('/', 2) == std::string_view::npos) {
    // An SP domain: every AE and CSE in it (no wildcards).
    return originator_absolute.size() > entry.size() && originator_absolute.starts_with(entry) &&
           originator_absolute[entry.size()] == '/';
  }
  return wildcardMatch(absoluteId(entry, identity), originator_absolute);
}

bool addressesCseBase(std::string_view to, const resources::CseIdentity& identity) {
  auto address = model::parseAddress(to);
  if (!address.isOk()) {
    return false;
  }
  const model::Address& a = address.value();
  if (!a.attribute.empty() ||
      (a.scope == model::AddressScope::kAbsolute && a.sp_id != identity.sp_id) ||
      (a.scope != model::AddressScope::kCseRelative && a.cse_id != identity.cse_id)) {
    return false;
  }
  return a.relative.empty() || a.relative == identity.cse_name || a.relative == "-" ||
         a.relative == identity.cseBaseRi();
}

}  // namespace citadel::security
