#include "cse/codec/json_codec.h"

#include <charconv>

#include "cse/codec/json_reader.h"

namespace citadel::codec {
namespace {

// The deepest nesting of [ and { outside strings; stops counting once past `limit`.
int nestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) {
        return deepest;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

model::Result<model::Json> parseJson(std::string_view body, const ParseLimits& limits) {
  if (body.size() > limits.max_bytes) {
    return model::Status::badRequest("request body of " + std::to_string(body.size()) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(limits.max_bytes), "codec.too_large");
  }
  if (nestingDepth(body, limits.max_depth) > limits.max_depth) {
    return model::Status::badRequest("JSON nested deeper than " +
                                     std::to_string(limits.max_depth) + " levels",
                                     "codec.too_deep");
  }
  model::Json value;
  JsonReadError error;
  if (!readJson(body, limits.max_depth, value, error)) {
    return model::Status::badRequest("malformed JSON at byte " + std::to_string(error.offset) +
                                     ": " + error.message, "codec.malformed_json");
  }
  return value;
}

namespace {

// True when `text` can stand between quotes as it is: printable ASCII without '"' or '\\'.
bool needsNoEscaping(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}


// The library's compact dump, byte for byte, with plain strings and integers appended directly:
// its serializer decodes every string byte as UTF-8, a twentieth of a CREATE's instructions
// (issue 25 #4). Floats, escapes and binary values still go through the library.
void append(std::string& out, const model::Json& value) {
  switch (value.type()) {
    case model::Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        appendJsonString(out, it.key());
        out.push_back(':');
        append(out, it.value());
      }
      out.push_back('}');
      return;
    }
    case model::Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        append(out, item);
      }
      out.push_back(']');
      return;
    }
    case model::Json::value_t::string:
      appendJsonString(out, value.get_ref<const std::string&>());
      return;
    case model::Json::value_t::number_integer:
    case model::Json::value_t::number_unsigned: {
      char digits[24];
      auto [end, ec] =
          value.is_number_unsigned()
              ? std::to_chars(digits, digits + sizeof(digits), value.get<uint64_t>())
              : std::to_chars(digits, digits + sizeof(digits), value.get<int64_t>());
      out.append(digits, end);
      return;
    }
    case model::Json::value_t::boolean:
      out.append(value.get<bool>() ? "true" : "false");
      return;
    case model::Json::value_t::null:
      out.append("null");
      return;
    default:
      out.append(value.dump(-1, ' ', false, model::Json::error_handler_t::replace));
      return;
  }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  if (needsNoEscaping(text)) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
  } else {
    // Escapes, non-ASCII and invalid UTF-8 (replaced by U+FFFD) as the library writes them.
    out.append(model::Json(std::string(text))
                   .dump(-1, ' ', false, model::Json::error_handler_t::replace));
  }
}

std::string serializeJson(const model::Json& value) {
  std::string out;
  out.reserve(256);
  append(out, value);
  return out;
}

}  // namespace citadel::codec
