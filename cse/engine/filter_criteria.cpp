#include "cse/engine/filter_criteria.h"

#include "cse/model/clock.h"
#include "cse/model/wildcard.h"
#include "resources/attribute_policy.h"
#include "resources/geo/spatial_relations.h"
#include "resources/type_descriptor.h"

namespace citadel::engine {

using model::Json;
using model::Status;

namespace {

Status bad(const std::string& member, const char* expected) {
  return Status::badRequest("filter criteria '" + member + "': expected " + expected,
                            "fc.bad_member");
}

// A list member may come as one value or a list (HTTP gives one value for "ty=3").
std::vector<Json> asList(const Json& value) {
  if (value.is_array()) {
    return {value.begin(), value.end()};
  }
  return {value};
}

model::Result<int64_t> integer(const std::string& name, const Json& value, int64_t min) {
  if (!value.is_number_integer() || value.get<int64_t>() < min) {
    return bad(name, min > 0 ? "a positive integer" : "a non-negative integer");
  }
  return value.get<int64_t>();
}

model::Result<std::string> timestamp(const std::string& name, const Json& value) {
  std::optional<std::string> canonical;
  if (value.is_string()) canonical = model::canonicalTimestamp(value.get<std::string>());
  if (!canonical) {
    return bad(name, "a timestamp YYYYMMDDThhmmss[,ffffff]");
  }
  // Compare in one canonical form (fraction padded to microseconds), as stored ct/lt/et are
  // read, so that ct/lt with fractions and old whole-second values order alike.
  return *std::move(canonical);
}

Status tooLong(const std::string& member) {
  return Status::badRequest("filter criteria '" + member + "': a value is longer than " +
                                std::to_string(kMaxFilterValueBytes) + " bytes; shorten it",
                            "fc.value_too_long");
}

// kMaxFilterValues over all list members, checked as values are added.
Status countValues(const FilterCriteria& f, const std::string& member) {
  auto relative = [](const FilterCriteria::Relative& r) {
    return r.labels.size() + r.resource_types.size() + r.attributes.size();
  };
  size_t values = f.labels.size() + f.content_types.size() + f.resource_types.size() +
                  f.attributes.size() + relative(f.child) + relative(f.parent);
  if (values > kMaxFilterValues) {
    return Status::badRequest("filter criteria '" + member + "': more than " +
                                  std::to_string(kMaxFilterValues) +
                                  " values in label, type and attribute conditions together; "
                                  "split the discovery into several requests",
                              "fc.too_many_values");
  }
  return {};
}

// TS-0004 §7.3.3.17.9: these attributes have their own condition tags and "shall not be used"
// as attribute conditions.
constexpr std::string_view kOwnConditionTag[][2] = {
    {"ct", "crb/cra"}, {"lt", "ms/us"}, {"st", "sts/stb"}, {"et", "exb/exa"},
    {"lbl", "lbl"},    {"ty", "ty"},    {"cs", "sza/szb"}, {"cnf", "cty"}};

// TS-0009 §6.2.2.2: an attribute condition names "a valid resource attribute name of the
// resource types indicated in the ty field", any type this CSE implements when ty is absent.
// Over HTTP every query name that is no parameter and no condition tag arrives here, so this is
// where an unknown query parameter is refused.
Status checkAttributeName(const std::string& name, const std::vector<uint16_t>& types) {
  for (const auto& [attribute, tag] : kOwnConditionTag) {
    if (name == attribute) {
      return Status::badRequest("attribute '" + name + "' cannot be an attribute condition "
                                "(TS-0004 §7.3.3.17.9); use the condition tag " +
                                std::string(tag), "fc.reserved_attribute");
    }
  }
  auto known = [&](model::ResourceType type) {
    return !name.starts_with("_") && resources::findPolicy(type, name) != nullptr;
  };
  bool found = false;
  if (types.empty()) {
    for (const auto& descriptor : resources::builtinTypeDescriptors()) {
      found = found || known(descriptor.type);
    }
  } else {
    for (uint16_t ty : types) {
      found = found || known(static_cast<model::ResourceType>(ty));
    }
  }
  if (!found) {
    return Status::badRequest(
        "'" + name + "' is neither a request parameter, a filter criterion nor an attribute of " +
            (types.empty() ? std::string("any resource type") : "the resource types in ty") +
            " (TS-0009 §6.2.2.2)",
        "fc.unknown_attribute");
  }
  return {};
}

// The members of a geo-query as they arrive, checked together once every member is read.
struct GeoMembers {
  std::optional<int64_t> type;         // gmty
  std::optional<std::string> geometry; // geom
  std::optional<int64_t> function;     // gsf
};

model::Result<std::optional<FilterCriteria::GeoQuery>> geoQuery(const GeoMembers& m) {
  if (!m.type && !m.geometry && !m.function) {
    return std::optional<FilterCriteria::GeoQuery>();
  }
  std::string missing;
  if (!m.type) missing += " gmty";
  if (!m.geometry) missing += " geom";
  if (!m.function) missing += " gsf";
  if (!missing.empty()) {
    return Status::badRequest("filter criteria: a geo-query needs gmty (geometry type), geom "
                              "(coordinates) and gsf (spatial function) together; missing:" +
                                  missing,
                              "fc.geo_incomplete");
  }
  if (*m.function > 3) return bad("gsf", "1 (Within), 2 (Contains) or 3 (Intersects)");
  CITADEL_ASSIGN_OR_RETURN(resources::geo::Geometry geometry,
                           resources::geo::parseGeometry(*m.type, *m.geometry,
                                                         "filter criteria 'geom'"));
  return std::optional<FilterCriteria::GeoQuery>(FilterCriteria::GeoQuery{
      std::move(geometry), static_cast<resources::geo::SpatialFunction>(*m.function)});
}

}  // namespace

model::Result<FilterCriteria> parseFilterCriteria(const Json& fc) {
  FilterCriteria f;
  GeoMembers geo;
  if (fc.is_null()) {
    return f;
  }
  if (!fc.is_object()) {
    return Status::badRequest("filter criteria (fc) must be an object", "fc.not_object");
  }
  for (auto it = fc.begin(); it != fc.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = *it;
    if (k == "fu") {
      CITADEL_ASSIGN_OR_RETURN(int64_t fu, integer(k, v, 1));
      if (fu > 3) return bad(k, "1 (discovery), 2 (conditional retrieval) or 3");
      if (fu == 3) {
        return Status(model::Rsc::kNotImplemented, "IPE on-demand discovery (fu=3) is not "
                      "supported", "fc.ipe_discovery");
      }
      f.filter_usage = static_cast<int>(fu);
    } else if (k == "fo") {
      CITADEL_ASSIGN_OR_RETURN(int64_t fo, integer(k, v, 1));
      if (fo > 2) return bad(k, "1 (AND) or 2 (OR)");
      f.use_or = fo == 2;
    } else if (k == "crb") {
      CITADEL_ASSIGN_OR_RETURN(f.created_before, timestamp(k, v));
    } else if (k == "cra") {
      CITADEL_ASSIGN_OR_RETURN(f.created_after, timestamp(k, v));
    } else if (k == "ms") {
      CITADEL_ASSIGN_OR_RETURN(f.modified_since, timestamp(k, v));
    } else if (k == "us") {
      CITADEL_ASSIGN_OR_RETURN(f.unmodified_since, timestamp(k, v));
    } else if (k == "exb") {
      CITADEL_ASSIGN_OR_RETURN(f.expire_before, timestamp(k, v));
    } else if (k == "exa") {
      CITADEL_ASSIGN_OR_RETURN(f.expire_after, timestamp(k, v));
    } else if (k == "sts") {
      // xs:positiveInteger (TS-0004 Table 6.3.5.8-1), as szb, lvl and ofst.
      CITADEL_ASSIGN_OR_RETURN(f.state_tag_smaller, integer(k, v, 1));
    } else if (k == "stb") {
      CITADEL_ASSIGN_OR_RETURN(f.state_tag_bigger, integer(k, v, 0));
    } else if (k == "sza") {
      CITADEL_ASSIGN_OR_RETURN(f.size_above, integer(k, v, 0));
    } else if (k == "szb") {
      CITADEL_ASSIGN_OR_RETURN(f.size_below, integer(k, v, 1));
    } else if (k == "lim") {
      CITADEL_ASSIGN_OR_RETURN(f.limit, integer(k, v, 0));
    } else if (k == "lvl") {
      CITADEL_ASSIGN_OR_RETURN(f.level, integer(k, v, 1));
    } else if (k == "ofst") {
      CITADEL_ASSIGN_OR_RETURN(f.offset, integer(k, v, 1));
    } else if (k == "lbl" || k == "cty" || k == "clbl" || k == "palb") {
      auto& to = k == "lbl"    ? f.labels
                 : k == "cty"  ? f.content_types
                 : k == "clbl" ? f.child.labels
                               : f.parent.labels;
      for (const auto& item : asList(v)) {
        if (!item.is_string()) return bad(k, "a list of strings");
        if (item.get_ref<const std::string&>().size() > kMaxFilterValueBytes) return tooLong(k);
        to.push_back(item.get<std::string>());
        CITADEL_RETURN_IF_ERROR(countValues(f, k));
      }
    } else if (k == "ty" || k == "chty" || k == "pty") {
      auto& to = k == "ty" ? f.resource_types
                           : (k == "chty" ? f.child.resource_types : f.parent.resource_types);
      for (const auto& item : asList(v)) {
        if (!item.is_number_integer() || item.get<int64_t>() < 0 || item.get<int64_t>() > 65535) {
          return bad(k, "a list of resource types");
        }
        to.push_back(static_cast<uint16_t>(item.get<int64_t>()));
        CITADEL_RETURN_IF_ERROR(countValues(f, k));
      }
    } else if (k == "atr" || k == "catr" || k == "patr") {
      auto& to = k == "atr" ? f.attributes
                            : (k == "catr" ? f.child.attributes : f.parent.attributes);
      for (const auto& item : asList(v)) {
        if (!item.is_object() || !item.contains("nm") || !item["nm"].is_string() ||
            !item.contains("val")) {
          return bad(k, "a list of {\"nm\": name, \"val\": value}");
        }
        const Json& value = item["val"];
        size_t bytes =
            value.is_string() ? value.get_ref<const std::string&>().size() : value.dump().size();
        if (bytes > kMaxFilterValueBytes) return tooLong(k);
        to.emplace_back(item["nm"].get<std::string>(), value);
        CITADEL_RETURN_IF_ERROR(countValues(f, k));
      }
    } else if (k == "arp") {
      if (!v.is_string()) return bad(k, "a relative path");
      if (v.get_ref<const std::string&>().size() > kMaxFilterValueBytes) return tooLong(k);
      f.apply_relative_path = v.get<std::string>();
    } else if (k == "gmty") {
      CITADEL_ASSIGN_OR_RETURN(geo.type, integer(k, v, 1));
    } else if (k == "gsf") {
      CITADEL_ASSIGN_OR_RETURN(geo.function, integer(k, v, 1));
    } else if (k == "geom") {
      if (!v.is_string()) return bad(k, "GeoJSON coordinates as a string, e.g. \"[1.0, 2.0]\"");
      geo.geometry = v.get<std::string>();
    } else if (k == "lbq" || k == "cfs" || k == "cfq" || k == "smf") {
      // Members m2m:filterCriteria defines that this CSE does not evaluate (labelsQuery,
      // content-based and semantic discovery): NOT_IMPLEMENTED, as for fu=3, not BAD_REQUEST,
      // since the request itself is valid.
      return Status(model::Rsc::kNotImplemented,
                    "filter criteria member '" + k + "' is not supported by this CSE",
                    "fc.unsupported_member");
    } else {
      return Status::badRequest("filter criteria member '" + k + "' is unknown", "fc.unknown_member");
    }
  }
  CITADEL_ASSIGN_OR_RETURN(f.geo_query, geoQuery(geo));
  for (const auto& [name, value] : f.attributes) {
    CITADEL_RETURN_IF_ERROR(checkAttributeName(name, f.resource_types));
  }
  // The relatives' types are not known in advance: any implemented type's attribute will do.
  for (const auto* relative : {&f.child, &f.parent}) {
    for (const auto& [name, value] : relative->attributes) {
      CITADEL_RETURN_IF_ERROR(checkAttributeName(name, {}));
    }
  }
  return f;
}

model::Status targetDoesNotMatch() {
  return Status::notFound("the target resource does not match the filter criteria",
                          "fc.target_not_matched");
}

bool FilterCriteria::hasConditions() const {
  return created_before || created_after || modified_since || unmodified_since ||
         expire_before || expire_after || state_tag_smaller || state_tag_bigger || size_above ||
         size_below || !labels.empty() || !resource_types.empty() || !content_types.empty() ||
         !attributes.empty() || !child.empty() || !parent.empty() || geo_query.has_value();
}

namespace {

using Attributes = std::vector<std::pair<std::string, Json>>;

bool attributeEquals(const Json& actual, const Json& wanted) {
  if (actual == wanted) {
    return true;
  }
  // HTTP query values arrive as strings: compare with the attribute's text form, and allow a
  // '*' wildcard in discovery values (TS-0004 §7.3.3.17.x).
  if (!wanted.is_string()) {
    return false;
  }
  std::string text = actual.is_string() ? actual.get<std::string>() : actual.dump();
  const std::string& pattern = wanted.get_ref<const std::string&>();
  return model::wildcardMatch(pattern, text);
}

bool hasLabel(const Json& a, const std::vector<std::string>& wanted) {
  for (const auto& label : a.value("lbl", Json::array())) {
    for (const auto& w : wanted) {
      if (label.is_string() && label.get_ref<const std::string&>() == w) return true;
    }
  }
  return false;
}

bool hasType(const Json& a, const std::vector<uint16_t>& wanted) {
  int ty = a.value("ty", 0);
  return std::find(wanted.begin(), wanted.end(), ty) != wanted.end();
}

// One result per distinct attribute name: entries with one name are ORed, different names are
// separate tags.
void matchAttributes(const Json& a, const Attributes& attributes, std::vector<bool>* results) {
  std::vector<std::string> names;
  for (const auto& [name, value] : attributes) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  for (const auto& name : names) {
    bool any = false;
    auto actual = a.find(name);
    for (const auto& [n, value] : attributes) {
      if (n == name && actual != a.end() && attributeEquals(*actual, value)) any = true;
    }
    results->push_back(any);
  }
}

// The tags of `relative` (chty/clbl/catr or pty/palb/patr) on one relative, in a fixed order.
std::vector<bool> matchRelative(const FilterCriteria::Relative& relative, const Json& a) {
  std::vector<bool> results;
  if (!relative.resource_types.empty()) results.push_back(hasType(a, relative.resource_types));
  if (!relative.labels.empty()) results.push_back(hasLabel(a, relative.labels));
  matchAttributes(a, relative.attributes, &results);
  return results;
}

// Each tag of `relative` is satisfied when one of the relatives satisfies it. Children are read
// one at a time (a parent of many large instances is never held whole) and the scan stops once
// every tag is satisfied. A storage fault counts as no match.
void matchRelatives(const FilterCriteria::Relative& relative, const resources::Resource& resource,
                    bool children, resources::ResourceRepository* repository,
                    const FilterCriteria::Visible& visible, std::vector<bool>* results) {
  std::vector<bool> any = matchRelative(relative, Json::object());
  std::fill(any.begin(), any.end(), false);
  auto consider = [&](const resources::Resource& r) {
    if (!visible || !visible(r)) return false;
    std::vector<bool> one = matchRelative(relative, r.attributes);
    for (size_t i = 0; i < any.size(); ++i) any[i] = any[i] || one[i];
    return std::find(any.begin(), any.end(), false) == any.end();  // all satisfied: stop
  };
  if (repository != nullptr && !children && !resource.pi().empty()) {
    auto loaded = repository->load(resource.pi());
    if (loaded.isOk()) consider(loaded.value());
  }
  std::string after;
  bool done = repository == nullptr || !children;
  while (!done) {
    auto page = repository->childIdPage(resource.ri(), after,
                                        resources::ResourceRepository::kScanPage);
    if (!page.isOk()) break;
    for (const auto& id : page.value().ids) {
      auto loaded = repository->load(id);
      if (loaded.isOk() && consider(loaded.value())) {
        done = true;
        break;
      }
    }
    after = std::move(page.value().next);
    done = done || after.empty();
  }
  results->insert(results->end(), any.begin(), any.end());
}

// The resource's location (loc) against the geo-query; a resource without a valid loc does not
// match.
bool matchesGeoQuery(const Json& a, const FilterCriteria::GeoQuery& query) {
  auto loc = a.find("loc");
  if (loc == a.end()) return false;
  auto location = resources::geo::parseGeoCoordinates(*loc, "loc");
  return location.isOk() &&
         resources::geo::relate(query.function, location.value(), query.geometry);
}

}  // namespace

bool FilterCriteria::matches(const resources::Resource& resource,
                             resources::ResourceRepository* repository,
                             const Visible& visible) const {
  const Json& a = resource.attributes;
  std::vector<bool> results;
  auto text = [&](const char* name) {
    return model::canonicalTimestamp(a.value(name, std::string())).value_or(std::string());
  };
  auto number = [&](const char* name) -> std::optional<int64_t> {
    auto it = a.find(name);
    if (it == a.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
  };
  if (created_before) results.push_back(text("ct") < *created_before);
  if (created_after) results.push_back(text("ct") >= *created_after);
  if (modified_since) results.push_back(text("lt") >= *modified_since);
  if (unmodified_since) results.push_back(text("lt") < *unmodified_since);
  if (expire_before) results.push_back(text("et") < *expire_before);
  if (expire_after) results.push_back(text("et") >= *expire_after);
  if (state_tag_smaller) results.push_back(number("st") && *number("st") < *state_tag_smaller);
  if (state_tag_bigger) results.push_back(number("st") && *number("st") >= *state_tag_bigger);
  if (size_above) results.push_back(number("cs") && *number("cs") >= *size_above);
  if (size_below) results.push_back(number("cs") && *number("cs") < *size_below);
  if (!labels.empty()) results.push_back(hasLabel(a, labels));
  if (!resource_types.empty()) results.push_back(hasType(a, resource_types));
  if (!content_types.empty()) {
    std::string cnf = a.value("cnf", "");
    std::string media = cnf.substr(0, cnf.find(':'));
    bool any = false;
    for (const auto& wanted : content_types) any = any || wanted == media;
    results.push_back(any);
  }
  matchAttributes(a, attributes, &results);
  if (geo_query) results.push_back(matchesGeoQuery(a, *geo_query));
  if (!child.empty()) matchRelatives(child, resource, true, repository, visible, &results);
  if (!parent.empty()) matchRelatives(parent, resource, false, repository, visible, &results);
  if (results.empty()) {
    return true;
  }
  for (bool r : results) {
    if (use_or && r) return true;
    if (!use_or && !r) return false;
  }
  return !use_or;
}

}  // namespace citadel::engine
