#include "cse/codec/json_codec.h"

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
  // The one place the JSON parser's exceptions are caught (STYLE.md §3).
  try {
    return model::Json::parse(body.begin(), body.end());
  } catch (const model::Json::exception& e) {
    return model::Status::badRequest(std::string("malformed JSON: ") + e.what(),
                                     "codec.malformed_json");
  }
}

std::string serializeJson(const model::Json& value) {
  return value.dump(-1, ' ', false, model::Json::error_handler_t::replace);
}

}  // namespace citadel::codec
