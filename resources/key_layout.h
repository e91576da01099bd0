#pragma once
// The key layout of the resource tree in any Store: the repository's knowledge, so only
// resources/resource_repository.cpp (and tests) read or write these keys. One place, so that
// every index is written and read the same way. IDs and names never contain '/', so '/' separates the parts and a
// prefix scan over "c/<pi>/" lists exactly the children of <pi>.
//
//   r/<ri>                  -> the resource record (CBOR)
//   c/<pi>/<rn>             -> <ri> of the child named <rn> (sibling uniqueness, structured
//                              addressing, child listing)
//   i/<container ri>/<st>   -> <ri> of a contentInstance, <st> as 16 hex digits: creation order
//                              of instances (la, ol, mni/mbs trimming in O(log n))
//   t/<ty>/<path>           -> <ri> by type, <ty> as 5 digits, <path> the structured ID: the
//                              resources of one type below a root are one range scan
//   l/<label>\0<path>       -> <ri> by label (labels may hold '/', so NUL separates)
//   e/<et>/<ri>             -> <ri> by expirationTime (YYYYMMDDThhmmss sorts by time)
//   ro/<rlid>/<ri>          -> <ri> of a <role> by roleID: the roles of one roleID are one
//                              prefix seek (TS-0003 role-based access control)
//   tk/<tkid>/<ri>          -> <ri> of a <token> by tokenID (TS-0003 §7.3.2: tokenIDs)
//   gm/<member ri>/<ri>     -> <ri> of a <group> one of whose memberIDs is bound to <member
//                              ri> (kMemberBindingsField): the groups a deleted resource leaves
//                              are one prefix seek (TS-0001 §9.6.13 memberIDs)
//   u/<attr>/<value>        -> <ri> of the resource holding this value of a unique indexed
//                              attribute (TypeDescriptor::indexed_attributes), today only
//                              u/tkid/<tkid> of a <token>: one key per value, so a CREATE's
//                              expect-absent condition on it keeps tkids unique in the store
//                              itself (tk/ entries differ by <ri> and cannot)
// roleIDs and tokenIDs are validated as name@fqdn without '/' (resources/types/
// authorization_formats.h), so '/' ends the ID and "ro/a@x.com/" never matches "a@x.com.cn".

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace citadel::resources::keys {

inline std::string resource(std::string_view ri) {
  std::string key;
  key.reserve(2 + ri.size());
  key.append("r/").append(ri);
  return key;
}

inline std::string childPrefix(std::string_view parent_ri) {
  std::string key;
  key.reserve(3 + parent_ri.size());
  key.append("c/").append(parent_ri).push_back('/');
  return key;
}

inline std::string child(std::string_view parent_ri, std::string_view name) {
  return childPrefix(parent_ri).append(name);
}

inline std::string instancePrefix(std::string_view container_ri) {
  std::string key;
  key.reserve(3 + container_ri.size() + 16);
  key.append("i/").append(container_ri).push_back('/');
  return key;
}

inline std::string instance(std::string_view container_ri, uint64_t sequence) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = instancePrefix(container_ri);
  for (int shift = 60; shift >= 0; shift -= 4) {
    key.push_back(kHex[(sequence >> shift) & 0xf]);
  }
  return key;
}

inline std::string typePrefix(uint16_t ty) {
  std::string digits = std::to_string(ty);
  std::string key = "t/";
  key.append(5 - std::min<size_t>(5, digits.size()), '0').append(digits).push_back('/');
  return key;
}

inline std::string typeEntry(uint16_t ty, std::string_view path) {
  return typePrefix(ty).append(path);
}

inline std::string labelPrefix(std::string_view label) {
  std::string key = "l/";
  key.append(label).push_back('\0');
  return key;
}

inline std::string labelEntry(std::string_view label, std::string_view path) {
  return labelPrefix(label).append(path);
}

inline constexpr std::string_view kExpiryPrefix = "e/";

inline std::string expiryEntry(std::string_view et, std::string_view ri) {
  std::string key(kExpiryPrefix);
  key.append(et).push_back('/');
  return key.append(ri);
}

inline std::string rolePrefix(std::string_view role_id) {
  std::string key = "ro/";
  key.append(role_id).push_back('/');
  return key;
}

inline std::string roleEntry(std::string_view role_id, std::string_view ri) {
  return rolePrefix(role_id).append(ri);
}

inline std::string tokenPrefix(std::string_view token_id) {
  std::string key = "tk/";
  key.append(token_id).push_back('/');
  return key;
}

inline std::string tokenEntry(std::string_view token_id, std::string_view ri) {
  return tokenPrefix(token_id).append(ri);
}

inline std::string groupMemberPrefix(std::string_view member_ri) {
  std::string key = "gm/";
  key.append(member_ri).push_back('/');
  return key;
}

inline std::string groupMemberEntry(std::string_view member_ri, std::string_view group_ri) {
  return groupMemberPrefix(member_ri).append(group_ri);
}

inline std::string uniqueValueClaim(std::string_view attribute, std::string_view value) {
  std::string key = "u/";
  key.append(attribute).push_back('/');
  return key.append(value);
}

inline std::string tokenIdClaim(std::string_view token_id) {
  return uniqueValueClaim("tkid", token_id);
}

// The smallest key greater than every key starting with `prefix` ('/' + 1 == '0').
inline std::string prefixEnd(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

}  // namespace citadel::resources::keys
