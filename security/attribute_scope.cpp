#include "security/attribute_scope.h"

#include <algorithm>

namespace citadel::security {

AttributeScope AttributeScope::none() {
  AttributeScope scope;
  scope.all_ = false;
  return scope;
}

bool AttributeScope::covers(std::string_view name) const {
  if (all_ || std::find(kAlwaysVisible.begin(), kAlwaysVisible.end(), name) !=
                  kAlwaysVisible.end()) {
    return true;
  }
  return std::binary_search(names_.begin(), names_.end(), name, std::less<>());
}

void AttributeScope::add(const model::Json& aca) {
  if (all_ || !aca.is_array()) {
    return;
  }
  for (const auto& name : aca) {
    if (name.is_string()) {
      names_.push_back(name.get<std::string>());
    }
  }
  std::sort(names_.begin(), names_.end());
  names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
}

void AttributeScope::unite(const AttributeScope& other) {
  if (all_) {
    return;
  }
  if (other.all_) {
    *this = AttributeScope();
    return;
  }
  add(model::Json(other.names_));
}

std::vector<std::string> AttributeScope::uncovered(const model::Json& attributes) const {
  std::vector<std::string> out;
  if (all_ || !attributes.is_object()) {
    return out;
  }
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    if (!covers(it.key())) {
      out.push_back(it.key());
    }
  }
  return out;
}

void AttributeScope::restrict(model::Json& attributes) const {
  if (all_ || !attributes.is_object()) {
    return;
  }
  for (auto it = attributes.begin(); it != attributes.end();) {
    it = covers(it.key()) ? std::next(it) : attributes.erase(it);
  }
}

void AttributeScope::restrictRepresentation(model::Json& representation) const {
  if (all_ || !representation.is_object()) {
    return;
  }
  for (auto it = representation.begin(); it != representation.end(); ++it) {
    restrict(it.value());
  }
}

}  // namespace citadel::security
