#include "cse/codec/primitive_parameters.h"

#include "cse/codec/text.h"

namespace citadel::codec {
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
