#pragma once
// The assertion of the conformance tests on a refused request: the oneM2M rsc, and a dbg a
// person can act on (it names every string given).

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "tests/support/http_client.h"

namespace citadel::testing {

inline void expectRefused(const HttpResult& r, int rsc,
                          std::initializer_list<std::string_view> mentions) {
  EXPECT_EQ(r.rsc, rsc) << r;
  for (std::string_view m : mentions) {
    EXPECT_NE(r.dbg().find(m), std::string::npos) << "dbg does not name '" << m << "': " << r;
  }
}

}  // namespace citadel::testing
