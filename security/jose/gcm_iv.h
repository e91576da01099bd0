#pragma once
// Fresh AES-GCM initialization vectors (RFC 7516 §5.1 step 9: "a random JWE Initialization
// Vector"; RFC 7518 §5.3: 96 bits), straight from OpenSSL's CSPRNG through the per-thread pool of
// random::fillUnguessable (IVs are public: they travel in the JWE).

#include <string>

namespace citadel::security::jose {

// 12 random bytes. Thread-safe. Aborts, as random::fillRandom does, if the CSPRNG fails.
std::string randomGcmIv();

}  // namespace citadel::security::jose
