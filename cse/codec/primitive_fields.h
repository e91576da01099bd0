#pragma once
// Typed access to the short-named parameters of a primitive object (internal to the primitive
// codec, primitive_codec.h). Each getter leaves `out` untouched when the parameter is absent or
// null, and answers 4000 (reason "primitive.bad_parameter") with a dbg naming the parameter and
// the expected type when the value has the wrong type or range.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/codec/content_format.h"
#include "cse/codec/primitive_parameters.h"
#include "cse/model/json.h"
#include "cse/model/status.h"

namespace citadel::codec::internal {

class PrimitiveFields {
 public:
  // `object` must outlive this reader.
  explicit PrimitiveFields(const model::Json& object) : object_(object) {}

  bool has(const char* name) const;
  model::Status string(const char* name, std::string* out) const;
  // m2m:absRelTimestamp (TS-0004 §6.3.3): a timestamp string, or a relative time in ms that
  // some encoders send as a number. Stored as text.
  model::Status timeText(const char* name, std::string* out) const;
  // m2m:eventCat: an integer (TS-0004 §6.3.4.2.4); a string is accepted too. Stored as text.
  model::Status eventCategory(const char* name, std::string* out) const;
  model::Status integer(const char* name, int64_t min, int64_t max,
                        std::optional<int64_t>* out) const;
  // An integer under the row's short name and in the row's range.
  model::Status integer(const ParameterSpec& spec, std::optional<int64_t>* out) const;
  model::Status boolean(const char* name, std::optional<bool>* out) const;
  model::Status stringList(const char* name, std::vector<std::string>* out) const;
  // `out` may be null: the type is checked, nothing copied.
  model::Status object(const char* name, model::Json* out) const;
  // Any value except null.
  model::Status any(const char* name, model::Json* out) const;

 private:
  const model::Json* find(const char* name) const;
  const model::Json& object_;
};

model::Status badParameter(std::string_view name, std::string_view expected);

// Parses the payload (size-checked before the parser runs) and unwraps an optional one-member
// `wrapper` object ("m2m:rqp" / "m2m:rsp", the XML-style root some clients also send in JSON).
// 4000 (reason "primitive.bad_payload" / "primitive.payload_too_large") unless the result is an
// object.
model::Result<model::Json> parsePrimitiveObject(std::string_view payload,
                                                ContentFormat format,
                                                const ParseLimits& limits,
                                                std::string_view wrapper);

// Puts `text` as an integer when it is one ("3" -> 3), else as a string; for ec.
void putEventCategory(model::Json& out, const char* name, const std::string& text);

}  // namespace citadel::codec::internal
