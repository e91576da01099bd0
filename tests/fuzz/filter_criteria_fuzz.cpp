// Filter criteria and result content (cse/engine/filter_criteria.h, cse/codec/query_parameters.h):
// the fc object of a primitive, and the query form (rcn, fu, lbl=a+b, ty, any attribute name)
// the HTTP and CoAP bindings turn into it. The first byte picks the form:
//   even: a JSON fc object;  odd: a query string "name=value&…" (values already decoded).
// Invariants:
// - a rejection is a 4000 Status (bad fc, bad query value), or 5001 for fu=3;
// - accepted criteria respect the bounds of issue 15 #10 (kMaxFilterValues values together,
//   none longer than kMaxFilterValueBytes), fu is 1 or 2 (3 is answered 5001) and, carried as
//   JSON (when their strings are UTF-8) and parsed again, give the same criteria;
// - matching a handful of resources never throws, and criteria without conditions match all.

#include "cse/codec/json_codec.h"
#include "cse/codec/query_parameters.h"
#include "cse/codec/text.h"
#include "cse/engine/filter_criteria.h"
#include "resources/resource.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

const std::vector<resources::Resource>& sampleResources() {
  static const std::vector<resources::Resource> samples = [] {
    std::vector<resources::Resource> out;
    out.push_back({model::Json::parse(
        R"({"ty":3,"ri":"cnt1","rn":"cnt","pi":"ae1","ct":"20250101T000000","lt":"20250102T000000",
            "et":"20300101T000000","st":4,"cbs":120,"cni":3,"lbl":["a","b/c"]})")});
    out.push_back({model::Json::parse(
        R"({"ty":4,"ri":"cin1","rn":"cin","pi":"cnt1","ct":"20250101T000000","cnf":"text/plain:0",
            "cs":5,"con":"hello","st":0})")});
    out.push_back({model::Json::parse(R"({"ty":2,"ri":"ae1","rn":"ae","api":"Nx","rr":true})")});
    return out;
  }();
  return samples;
}

// Every field, as one comparable value (FilterCriteria has no operator==).
model::Json describe(const engine::FilterCriteria& fc) {
  model::Json out = {fc.filter_usage, fc.use_or, fc.labels, fc.resource_types, fc.content_types,
                     fc.limit.value_or(-1), fc.level.value_or(-1), fc.offset.value_or(-1),
                     fc.apply_relative_path, fc.created_before.value_or(""),
                     fc.created_after.value_or(""), fc.size_above.value_or(-1),
                     fc.size_below.value_or(-1), fc.state_tag_bigger.value_or(-1),
                     fc.state_tag_smaller.value_or(-1)};
  for (const auto& [name, value] : fc.attributes) {
    out.push_back({name, value});
  }
  return out;
}

void checkCriteria(const model::Json& fc_json) {
  auto parsed = engine::parseFilterCriteria(fc_json);
  if (!parsed.isOk()) {
    fuzz::checkRejection(parsed.status());
    // fu=3 (IPE on-demand discovery) is a valid request this CSE does not implement.
    auto rsc = parsed.status().rsc();
    FUZZ_CHECK(rsc == model::Rsc::kBadRequest || rsc == model::Rsc::kNotImplemented);
    return;
  }
  const engine::FilterCriteria& fc = parsed.value();
  FUZZ_CHECK(fc.filter_usage == 1 || fc.filter_usage == 2);
  size_t values = fc.labels.size() + fc.resource_types.size() + fc.content_types.size() +
                  fc.attributes.size();
  FUZZ_CHECK(values <= engine::kMaxFilterValues);
  for (const auto& text : fc.labels) {
    FUZZ_CHECK(text.size() <= engine::kMaxFilterValueBytes);
  }
  for (const auto& text : fc.content_types) {
    FUZZ_CHECK(text.size() <= engine::kMaxFilterValueBytes);
  }
  FUZZ_CHECK(fc.apply_relative_path.size() <= engine::kMaxFilterValueBytes);

  // Query values are percent-decoded bytes and need not be UTF-8; JSON output replaces those, so
  // only criteria that JSON carries unchanged are compared after the trip.
  auto carried = codec::parseJson(codec::serializeJson(fc_json), {.max_bytes = size_t{1} << 30});
  FUZZ_CHECK(carried.isOk());
  if (carried.value() == fc_json) {
    auto again = engine::parseFilterCriteria(carried.value());
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(describe(again.value()) == describe(fc));
  }

  for (const resources::Resource& resource : sampleResources()) {
    bool matched = fc.matches(resource);
    if (!fc.hasConditions()) {
      FUZZ_CHECK(matched);
    }
  }
}

void checkQuery(std::string_view query) {
  model::Request request;
  const codec::QuerySyntax syntax{"query parameter", "http.bad_query_value"};
  for (std::string_view pair : fuzz::splitInput(query, "&")) {
    size_t eq = pair.find('=');
    codec::QueryParameter parameter;
    parameter.name = pair.substr(0, eq);
    parameter.value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    parameter.elements = codec::splitList(parameter.value, '+');
    model::Status applied = codec::applyQueryParameter(request, parameter, syntax);
    if (!applied.isOk()) {
      fuzz::checkRejection(applied);
      FUZZ_CHECK(applied.rsc() == model::Rsc::kBadRequest);
      return;
    }
  }
  if (request.result_content) {
    auto rcn = static_cast<int>(*request.result_content);
    FUZZ_CHECK(rcn >= 0 && rcn <= 10);
  }
  if (!request.filter_criteria.is_null()) {
    FUZZ_CHECK(request.filter_criteria.is_object());
    checkCriteria(request.filter_criteria);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view input = fuzz::asText(data + 1, size - 1);
  if ((data[0] & 1) != 0) {
    checkQuery(input);
    return 0;
  }
  auto json = codec::parseJson(input, {.max_bytes = 64 << 10, .max_depth = 16});
  if (json.isOk()) {
    checkCriteria(json.value());
  }
  return 0;
}
