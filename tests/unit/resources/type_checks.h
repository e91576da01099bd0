#pragma once
// The engine's stateless checks of one CREATE / UPDATE, in its order (cse/engine/
// create_operation.cpp, update_operation.cpp), for type-handler tests that need no store.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "resources/attribute_validator.h"
#include "resources/type_handler.h"

namespace citadel::resources::testing {

// CREATE: the generic validator, then the handler's validateCreate.
inline model::Status checkCreate(const TypeHandler& handler, const model::Json& attributes) {
  CITADEL_RETURN_IF_ERROR(validateAttributes(handler.type(), RequestKind::kCreate, attributes));
  return handler.validateCreate(attributes);
}

// UPDATE: the handler's validateUpdate on the whole content {"<root>": changes}, then the
// generic validator.
inline model::Status checkUpdate(const TypeHandler& handler, const model::Json& changes) {
  CITADEL_RETURN_IF_ERROR(
      handler.validateUpdate(model::Json{{std::string(handler.rootName()), changes}}));
  return validateAttributes(handler.type(), RequestKind::kUpdate, changes);
}

// A 4000 whose dbg names `mentions` (the attribute, so a person can act on it).
inline void expectBad(const model::Status& status, std::string_view mentions) {
  EXPECT_EQ(status.rsc(), model::Rsc::kBadRequest) << status.dbg();
  EXPECT_NE(status.dbg().find(mentions), std::string::npos) << status.dbg();
}

}  // namespace citadel::resources::testing
