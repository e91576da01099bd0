// Typed parameter access for the primitive codec (TS-0004 §8.2 short names, §6.3 types).
#include "cse/codec/primitive_fields.h"

#include <charconv>

namespace citadel::codec::internal {

using model::Json;
using model::Result;
using model::Status;

Status badParameter(std::string_view name, std::string_view expected) {
  return Status::badRequest(std::string(name) + ": expected " + std::string(expected),
                            "primitive.bad_parameter");
}

const Json* PrimitiveFields::find(const char* name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

bool PrimitiveFields::has(const char* name) const { return find(name) != nullptr; }

Status PrimitiveFields::string(const char* name, std::string* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (!value->is_string()) return badParameter(name, "a string");
  *out = value->get<std::string>();
  return {};
}

Status PrimitiveFields::timeText(const char* name, std::string* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (value->is_string()) {
    *out = value->get<std::string>();
  } else if (value->is_number_unsigned()) {
    *out = std::to_string(value->get<uint64_t>());
  } else {
    return badParameter(name, "a timestamp string (YYYYMMDDThhmmss) or milliseconds");
  }
  return {};
}

Status PrimitiveFields::eventCategory(const char* name, std::string* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (value->is_string()) {
    *out = value->get<std::string>();
  } else if (value->is_number_integer()) {
    *out = std::to_string(value->get<int64_t>());
  } else {
    return badParameter(name, "an integer event category");
  }
  return {};
}

Status PrimitiveFields::integer(const char* name, int64_t min, int64_t max,
                                std::optional<int64_t>* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  std::string expected = rangeText(min, max);
  // is_number_integer() excludes floats, so 1.0 and 1e3 are refused like "1".
  if (!value->is_number_integer()) return badParameter(name, expected);
  if (value->is_number_unsigned()) {
    uint64_t v = value->get<uint64_t>();
    if (v > static_cast<uint64_t>(max) || static_cast<int64_t>(v) < min) {
      return badParameter(name, expected);
    }
    *out = static_cast<int64_t>(v);
    return {};
  }
  int64_t v = value->get<int64_t>();
  if (v < min || v > max) return badParameter(name, expected);
  *out = v;
  return {};
}

Status PrimitiveFields::integer(const ParameterSpec& spec, std::optional<int64_t>* out) const {
  // The table's short names are string literals, hence NUL-terminated.
  return integer(spec.short_name.data(), spec.min, spec.max, out);
}

Status PrimitiveFields::boolean(const char* name, std::optional<bool>* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (!value->is_boolean()) return badParameter(name, "a boolean (true or false)");
  *out = value->get<bool>();
  return {};
}

Status PrimitiveFields::stringList(const char* name, std::vector<std::string>* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (!value->is_array()) return badParameter(name, "a list of strings");
  std::vector<std::string> list;
  list.reserve(value->size());
  for (const Json& element : *value) {
    if (!element.is_string()) return badParameter(name, "a list of strings");
    list.push_back(element.get<std::string>());
  }
  *out = std::move(list);
  return {};
}

Status PrimitiveFields::object(const char* name, Json* out) const {
  const Json* value = find(name);
  if (value == nullptr) return {};
  if (!value->is_object()) return badParameter(name, "an object");
  if (out != nullptr) *out = *value;
  return {};
}

Status PrimitiveFields::any(const char* name, Json* out) const {
  const Json* value = find(name);
  if (value != nullptr) *out = *value;
  return {};
}

Result<Json> parsePrimitiveObject(std::string_view payload, ContentFormat format,
                                  const ParseLimits& limits, std::string_view wrapper) {
  // STYLE.md §2: size limits before parsing.
  if (payload.size() > limits.max_bytes) {
    return Status::badRequest("payload of " + std::to_string(payload.size()) +
                                  " bytes exceeds the limit of " +
                                  std::to_string(limits.max_bytes) + " bytes",
                              "primitive.payload_too_large");
  }
  auto parsed = parseBody(payload, format, limits);
  if (!parsed.isOk()) {
    const char* name = format == ContentFormat::kCbor ? "CBOR" : "JSON";
    return Status::badRequest(
        std::string("payload is not valid ") + name + ": " + parsed.status().dbg(),
        "primitive.bad_payload");
  }
  Json root = std::move(parsed).value();
  if (root.is_object() && root.size() == 1) {
    auto it = root.find(std::string(wrapper));
    if (it != root.end() && it->is_object()) {
      Json inner = std::move(*it);
      root = std::move(inner);
    }
  }
  if (!root.is_object()) {
    return Status::badRequest(
        "payload must be a primitive object such as "
        "{\"op\":2,\"to\":\"cse-in\",\"fr\":\"Cae\",\"rqi\":\"1\","
        "\"rvi\":\"3\"}",
        "primitive.bad_payload");
  }
  return root;
}

void putEventCategory(Json& out, const char* name, const std::string& text) {
  if (text.empty()) return;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) {
    out[name] = value;
  } else {
    out[name] = text;
  }
}

}  // namespace citadel::codec::internal
