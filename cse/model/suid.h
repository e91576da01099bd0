#pragma once
// m2m:suid (TS-0004 §6.3.4.2.39): the Security Usage IDs, tens digit the key's source (1 pre-
// provisioned, 2 enrolment, 3 MAF, 4 certificate), units digit its use. One list for every
// place that checks a SUID (e2eSecInfo's esf, the enrolment key derivations).
#include <cstdint>

namespace citadel::model {

constexpr bool isSuid(int64_t value) {
  return (value >= 10 && value <= 15) || (value >= 21 && value <= 25) ||
         (value >= 32 && value <= 35) || (value >= 40 && value <= 45);
}

}  // namespace citadel::model
