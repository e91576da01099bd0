#pragma once
// Which attributes of a resource a granted RETRIEVE or UPDATE covers: the accessControlAttributes
// (acr.aca) of the rules that granted it (Release 4, TS-0001 Table 9.6.2.1-x; m2m:setOfAcrs in
// TS-0004 §6.3.5.x). A rule without aca covers every attribute; the rules granting one request
// cover the union of their lists. Other operations are not restricted by aca.
//
// The universal identifying attributes ty, ri, rn and pi are always covered (kAlwaysVisible):
// an attribute-limited representation stays addressable and typed, and an originator who can
// address the resource already knows them (its path, the child references of its parent).
// Value type; thread-compatible.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/json.h"

namespace citadel::security {

inline constexpr std::array<std::string_view, 4> kAlwaysVisible = {"ty", "ri", "rn", "pi"};

class AttributeScope {
 public:
  // Every attribute: a rule without aca, or an operation aca does not restrict.
  AttributeScope() = default;
  // No attribute beyond kAlwaysVisible yet; add names with add().
  static AttributeScope none();

  bool all() const { return all_; }
  // Whether `name` may be read or changed under this scope.
  bool covers(std::string_view name) const;
  // Adds the string members of an aca list (anything else adds nothing: fail closed).
  void add(const model::Json& aca);
  // This scope becomes the union of both.
  void unite(const AttributeScope& other);
  // The names of `attributes` (an object of attributes) that are not covered, in order.
  std::vector<std::string> uncovered(const model::Json& attributes) const;
  // Erases from `attributes` (an object of attributes) every member not covered.
  void restrict(model::Json& attributes) const;
  // The same for each value of a representation {"m2m:xyz": {...}} that is an object.
  void restrictRepresentation(model::Json& representation) const;

 private:
  bool all_ = true;
  std::vector<std::string> names_;  // sorted, unique; meaningful when !all_
};

// The attributes of a resource that the conditions of `filter_criteria` (m2m:filterCriteria,
// TS-0004 §7.3.3.17) test on it: crb/cra ct, ms/us lt, sts/stb st, exb/exa et, lbl, cty cnf,
// sza/szb cs, and the names in atr. Conditions on children and parents (clbl, catr, palb,
// patr …) concern other resources and are not listed. Tolerates malformed criteria.
std::vector<std::string> attributesTestedBy(const model::Json& filter_criteria);

}  // namespace citadel::security
