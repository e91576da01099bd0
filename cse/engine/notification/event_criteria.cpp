#include "cse/engine/notification/event_criteria.h"

#include <vector>

#include "cse/model/clock.h"

namespace citadel::engine {
namespace {

using model::Json;

bool containsInt(const Json& list, int64_t value) {
  if (!list.is_array()) {
    return false;
  }
  for (const auto& v : list) {
    if (v.is_number_integer() && v.get<int64_t>() == value) {
      return true;
    }
  }
  return false;
}

// The condition tags other than net, chty and atr: each yields one boolean.
std::vector<bool> conditionResults(const Json& enc, const resources::Resource& resource) {
  std::vector<bool> results;
  const Json& a = resource.attributes;
  // Timestamps compare in their canonical form (fraction padded to microseconds), in which
  // string order is time order whether or not the stored value or the criterion has a fraction.
  auto text = [&](const char* name) {
    return model::canonicalTimestamp(a.value(name, std::string())).value_or(std::string());
  };
  auto criterion = [](const Json& v) {
    return v.is_string() ? model::canonicalTimestamp(v.get<std::string>()).value_or(std::string())
                         : std::string();
  };
  auto number = [&](const char* name) { return a.value(name, int64_t{-1}); };
  for (auto it = enc.begin(); it != enc.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = *it;
    if (k == "crb") results.push_back(text("ct") < criterion(v));
    else if (k == "cra") results.push_back(text("ct") >= criterion(v));
    else if (k == "ms") results.push_back(text("lt") >= criterion(v));
    else if (k == "us") results.push_back(text("lt") < criterion(v));
    else if (k == "exb") results.push_back(text("et") < criterion(v));
    else if (k == "exa") results.push_back(text("et") >= criterion(v));
    else if (k == "sts") results.push_back(number("st") >= 0 && number("st") < v.get<int64_t>());
    else if (k == "stb") results.push_back(number("st") >= v.get<int64_t>());
    else if (k == "sza") results.push_back(number("cs") >= v.get<int64_t>());
    else if (k == "szb") results.push_back(number("cs") >= 0 && number("cs") < v.get<int64_t>());
  }
  return results;
}

}  // namespace

bool eventMatches(const Json& enc, const ResourceEvent& event) {
  if (!enc.is_object()) {
    return event.event_type == 1;
  }
  auto net = enc.find("net");
  if (net == enc.end() || !net->is_array() || net->empty()) {
    auto om = enc.find("om");
    if (event.event_type != 1 || (om != enc.end() && om->is_array() && !om->empty())) {
      return false;
    }
  } else if (!containsInt(*net, event.event_type)) {
    return false;
  }
  if (auto chty = enc.find("chty");
      chty != enc.end() && (event.event_type == 3 || event.event_type == 4) &&
      !containsInt(*chty, event.resource.attributes.value("ty", 0))) {
    return false;
  }
  if (auto atr = enc.find("atr");
      atr != enc.end() && (event.event_type == 1 || event.event_type == 7) &&
      event.changes != nullptr) {
    bool any = false;
    for (const auto& entry : *atr) {
      std::string name = entry.is_string() ? entry.get<std::string>() : entry.value("nm", "");
      if (event.changes->contains(name)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return false;
    }
  }
  std::vector<bool> results = conditionResults(enc, event.resource);
  if (results.empty()) {
    return true;
  }
  bool use_or = enc.value("fo", 1) == 2;
  for (bool r : results) {
    if (use_or && r) return true;
    if (!use_or && !r) return false;
  }
  return !use_or;
}

bool operationMatches(const Json& enc, int operation_bit, const std::string& originator) {
  auto om = enc.is_object() ? enc.find("om") : enc.end();
  if (!enc.is_object() || om == enc.end() || !om->is_array()) {
    return false;
  }
  for (const auto& entry : *om) {
    auto ops = entry.find("ops");
    auto by = entry.find("or");
    bool operation = ops == entry.end() ||
                     (ops->is_number_integer() && (ops->get<int64_t>() & operation_bit) != 0);
    bool from = by == entry.end() ||
                (by->is_string() && by->get_ref<const std::string&>() == originator);
    if (operation && from) {
      return true;
    }
  }
  return false;
}

}  // namespace citadel::engine
