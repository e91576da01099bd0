#include "security/attribute_scope.h"

#include <algorithm>
#include <utility>

namespace citadel::security {

AttributeScope AttributeScope::none() {
  AttributeScope scope;
  scope.all_ = false;
  return scope;
}

bool AttributeScope::covers(std::string_view name) const {
  if (all_ ||
      std::find(kAlwaysVisible.begin(), kAlwaysVisible.end(), name) != kAlwaysVisible.end()) {
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

std::vector<std::string> attributesTestedBy(const model::Json& filter_criteria) {
  static constexpr std::pair<std::string_view, std::string_view> kTested[] = {
      {"crb", "ct"}, {"cra", "ct"}, {"ms", "lt"},   {"us", "lt"},   {"sts", "st"}, {"stb", "st"},
      {"exb", "et"}, {"exa", "et"}, {"lbl", "lbl"}, {"cty", "cnf"}, {"sza", "cs"}, {"szb", "cs"}};
  std::vector<std::string> out;
  if (!filter_criteria.is_object()) {
    return out;
  }
  for (const auto& [condition, attribute] : kTested) {
    if (filter_criteria.contains(std::string(condition))) out.emplace_back(attribute);
  }
  auto atr = filter_criteria.find("atr");
  if (atr != filter_criteria.end()) {
    for (const auto& item : atr->is_array() ? *atr : model::Json::array({*atr})) {
      if (item.is_object() && item.contains("nm") && item["nm"].is_string()) {
        out.push_back(item["nm"].get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace citadel::security
