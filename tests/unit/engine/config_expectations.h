#pragma once
// The one check of a rejected config value that the config tests share: 4000, reason
// "config.bad_value", and a dbg that names the key (start-up prints that dbg as its one line).

#include <gtest/gtest.h>

#include <string>

#include "cse/engine/config.h"
#include "tests/support/status_macros.h"

namespace citadel::engine {

inline void expectBadValue(const std::string& key, const std::string& value) {
  Config config;
  model::Status status = applyConfigValue(config, key, value);
  ASSERT_RSC(status, model::Rsc::kBadRequest);
  EXPECT_EQ(status.reason(), "config.bad_value") << key << "=" << value;
  EXPECT_NE(status.dbg().find(key), std::string::npos) << status.dbg();
}

}  // namespace citadel::engine
