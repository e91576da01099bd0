#include "cse/codec/primitive_parameters.h"

#include <algorithm>

#include "cse/codec/text.h"
#include "cse/codec/utf8.h"
#include "cse/model/control_characters.h"

namespace citadel::codec {
namespace {

model::Status controlCharacterIn(const ParameterSpec& spec, std::string_view value) {
  size_t at = static_cast<size_t>(
      std::find_if(value.begin(), value.end(), model::isControlCharacter) - value.begin());
  std::string name(spec.short_name);
  if (!spec.http_header.empty()) name += ", HTTP " + std::string(spec.http_header);
  return model::Status::badRequest("parameter " + name + " contains a control character (byte " +
                                       std::to_string(at) +
                                       "); identifiers, URIs and "
                                       "timestamps must not contain 0x00-0x1F or 0x7F",
                                   "primitive.control_character");
}

// A parameter that is not UTF-8 cannot be carried in a JSON or CBOR primitive unchanged (JSON
// output replaces the bytes, CBOR text must be UTF-8): an ID from a raw HTTP path or header would
// be stored under a name no JSON client can send back (found by fuzzing, tests/fuzz).
model::Status badUtf8In(const ParameterSpec& spec) {
  std::string name(spec.short_name);
  if (!spec.http_header.empty()) name += ", HTTP " + std::string(spec.http_header);
  return model::Status::badRequest("parameter " + name + " is not valid UTF-8",
                                   "primitive.bad_utf8");
}

model::Status checkCharacters(const ParameterSpec& spec, const std::string& value) {
  if (model::hasControlCharacter(value)) return controlCharacterIn(spec, value);
  if (!isValidUtf8(value)) return badUtf8In(spec);
  return {};
}

}  // namespace

model::Status checkParameterCharacters(const model::Request& request) {
  for (const ParameterSpec& spec : kParameters) {
    if (spec.text != nullptr) {
      CITADEL_RETURN_IF_ERROR(checkCharacters(spec, request.*spec.text));
    }
    if (spec.list != nullptr) {
      for (const std::string& value : request.*spec.list) {
        CITADEL_RETURN_IF_ERROR(checkCharacters(spec, value));
      }
    }
  }
  for (const std::string& uri : request.response_type.notification_uris) {
    CITADEL_RETURN_IF_ERROR(checkCharacters(parameter(PrimitiveParameter::kNotificationUris), uri));
  }
  return {};
}

const ParameterSpec* parameterForHttpHeader(std::string_view name) {
  for (const ParameterSpec& spec : kParameters) {
    if (!spec.http_header.empty() && equalsIgnoreCase(spec.http_header, name)) return &spec;
  }
  return nullptr;
}

const ParameterSpec* parameterForCoapOption(uint16_t number) {
  if (number == 0) return nullptr;
  for (const ParameterSpec& spec : kParameters) {
    if (spec.coap_option == number) return &spec;
  }
  return nullptr;
}

const ParameterSpec* parameterForQuery(std::string_view name) {
  for (const ParameterSpec& spec : kParameters) {
    if (spec.in_query && spec.short_name == name) return &spec;
  }
  return nullptr;
}

std::string rangeText(int64_t min, int64_t max) {
  return "an integer in " + std::to_string(min) + ".." + std::to_string(max);
}

}  // namespace citadel::codec
