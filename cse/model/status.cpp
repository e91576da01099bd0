#include "cse/model/status.h"

#include <cstdio>

namespace citadel::model {

void checkFailed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "CITADEL_CHECK failed: %s at %s:%d\n", cond, file, line);
  std::abort();
}

}  // namespace citadel::model
