#pragma once
// Typed, never-throwing reads of a stored record's attributes: the base of the typed views
// (AcpView, RoleView, …). A stored record passed validation when it was written, but a damaged
// store, an older format or a hand-edited record may hold a member of the wrong JSON type; a
// reader then answers the documented default instead of throwing (nlohmann's value() and
// get<>() throw on a type mismatch).
//
// A reader refers to the record it was made from and must not outlive it. Reading is const
// and safe from any thread while nobody writes the record.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cse/model/clock.h"
#include "resources/resource.h"

namespace citadel::resources {

class AttributeReader {
 public:
  explicit AttributeReader(const Resource& resource) : attributes_(resource.attributes) {}
  explicit AttributeReader(const Json& attributes) : attributes_(attributes) {}

  // The member `name`, or nullptr when absent (or the record is not an object).
  const Json* find(std::string_view name) const;
  // A string member; "" when absent or not a string.
  std::string string(std::string_view name) const;
  // The string elements of an array member, in order (other elements skipped); empty when
  // absent or not an array.
  std::vector<std::string> stringList(std::string_view name) const;
  // An integer member; `fallback` when absent or not an integer.
  int64_t integer(std::string_view name, int64_t fallback) const;
  // A boolean member; `fallback` when absent or not a boolean.
  bool boolean(std::string_view name, bool fallback) const;
  // An object member; an empty object when absent or not an object.
  const Json& object(std::string_view name) const;
  // A timestamp member (m2m:timestamp); nullopt when absent, not a string or not a timestamp.
  std::optional<model::TimePoint> timestamp(std::string_view name) const;

 private:
  const Json& attributes_;
};

}  // namespace citadel::resources
