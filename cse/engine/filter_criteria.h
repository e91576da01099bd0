#pragma once
// Filter criteria (fc, TS-0004 §6.3.5.8 / §7.3.3.17): parsed once per request, then matched
// against resources for discovery (fu=1) and conditional retrieval (fu=2).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cse/model/json.h"
#include "cse/model/status.h"
#include "resources/geo/geometry.h"
#include "resources/resource.h"
#include "resources/resource_repository.h"

namespace citadel::engine {

// Bounds on one request's filter criteria (issue 15 #10). Every value is matched against every
// candidate resource of the subtree, so their number and size bound the work of one discovery.
inline constexpr size_t kMaxFilterValues = 64;        // lbl, cty, ty and atr values together
inline constexpr size_t kMaxFilterValueBytes = 1024;  // one lbl, cty, arp or atr value (JSON text
                                                      // for a non-string atr value)

struct FilterCriteria {
  int filter_usage = 2;                       // fu: 1 discovery, 2 conditional retrieval
  bool use_or = false;                        // fo = 2
  std::optional<std::string> created_before, created_after;      // crb, cra
  std::optional<std::string> modified_since, unmodified_since;   // ms, us
  std::optional<std::string> expire_before, expire_after;        // exb, exa
  std::optional<int64_t> state_tag_smaller, state_tag_bigger;    // sts, stb
  std::optional<int64_t> size_above, size_below;                 // sza, szb
  std::vector<std::string> labels;            // lbl (any)
  std::vector<uint16_t> resource_types;       // ty (any)
  std::vector<std::string> content_types;     // cty (any)
  std::vector<std::pair<std::string, model::Json>> attributes;  // atr {nm, val}
  // The same conditions on a relative (TS-0004 §7.3.3.17.5/.6/.9): a resource matches chty,
  // clbl, catr when one of its children matches them, pty, palb, patr when its parent does.
  struct Relative {
    std::vector<uint16_t> resource_types;  // chty / pty
    std::vector<std::string> labels;       // clbl / palb
    std::vector<std::pair<std::string, model::Json>> attributes;  // catr / patr
    bool empty() const {
      return resource_types.empty() && labels.empty() && attributes.empty();
    }
  };
  Relative child, parent;
  // Geo-query (Release 4 m2m:filterCriteria gmty, geom, gsf; always given together): matches a
  // resource whose location (loc) stands in `function` to `geometry`; one without loc never
  // matches.
  struct GeoQuery {
    resources::geo::Geometry geometry;         // gmty + geom
    resources::geo::SpatialFunction function;  // gsf
  };
  std::optional<GeoQuery> geo_query;
  std::optional<int64_t> limit;               // lim
  std::optional<int64_t> level;               // lvl
  std::optional<int64_t> offset;              // ofst
  std::string apply_relative_path;            // arp

  // True when no matching condition is present (only fu, lim, lvl, ofst, arp).
  bool hasConditions() const;
  // True when `resource` satisfies the conditions: values of one tag are ORed, different tags
  // combine by fo (AND by default). Child and parent conditions read the relatives from
  // `repository` and consider only those for which `visible` holds (the originator's privilege
  // for this operation: a condition must not reveal what it may not see); a storage fault
  // counts as no match. Without a repository they never match.
  using Visible = std::function<bool(const resources::Resource&)>;
  bool matches(const resources::Resource& resource) const {
    return matches(resource, nullptr, nullptr);
  }
  bool matches(const resources::Resource& resource, resources::ResourceRepository* repository,
               const Visible& visible) const;
};

// Parses the fc object of a request. 4000 naming the member on unknown members, wrong types,
// timestamps that do not parse, more than kMaxFilterValues values or a value longer than
// kMaxFilterValueBytes; 4000 on an attribute condition (atr) whose name is no attribute of the
// types in ty (of any implemented type without ty) or has its own condition tag (ct, lt, st,
// et, lbl, ty, cs, cnf: TS-0004 §7.3.3.17.9); 4000 when gmty, geom and gsf are not all three
// present, gsf is not 1..3 or gmty/geom is no valid geometry (resources/geo/geometry.h). Over HTTP every unknown query name becomes such an
// attribute condition (TS-0009 §6.2.2.2), so this refuses unknown query parameters too.
model::Result<FilterCriteria> parseFilterCriteria(const model::Json& fc);

// 4004 for a RETRIEVE (of the attributes), UPDATE or DELETE whose target does not match the
// filter criteria (TS-0004 §7.3.3.1: "If there are no matching target resources, the Hosting
// CSE shall reject the request with ... NOT_FOUND").
model::Status targetDoesNotMatch();

}  // namespace citadel::engine
