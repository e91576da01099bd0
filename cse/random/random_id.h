#pragma once
// Unguessable identifiers for primitives this CSE originates (issue 15 #2). A response to an
// outgoing request is matched by its rqi (TS-0004 §7.2.1.2) or CoAP token (RFC 7252 §5.3.1); an
// entity that can guess them can answer in the target's place, so they come from OpenSSL's
// CSPRNG (RAND_bytes), never from a counter or a seeded PRNG.
//
// One free function rather than an injected model::RandomSource port: no test asserts on the
// values, and a port would need a second, weaker default implementation wherever OpenSSL is out
// of reach. Thread-safe (RAND_bytes is, since OpenSSL 1.1.0).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace citadel::random {

// Bits of randomness in a request ID: above the 96 that issue 15 asks for.
inline constexpr size_t kRequestIdBits = 128;

// Fills `out` with `size` bytes from the CSPRNG. Aborts (CITADEL_CHECK) when the generator
// fails: continuing with predictable identifiers would be unsafe, and no input can cause it.
void fillRandom(void* out, size_t size);

// Bytes for values that must be unguessable but are not keys: identifiers (below), AES-GCM IVs,
// CoAP message IDs. Drawn from the CSPRNG in blocks of kPoolBytes into a per-thread pool, each
// byte handed out once and wiped from the pool as it is taken: one RAND_bytes call per ~30 IDs
// instead of one per ID (RAND_bytes cost ~5 µs a call with 16 threads drawing, issue 16's
// benchmark). Keys and other secrets use fillRandom, which keeps nothing.
inline constexpr size_t kPoolBytes = 512;
void fillUnguessable(void* out, size_t size);

// `prefix` followed by kRequestIdBits / 4 lowercase hex digits ("das-3f09…"). The prefix only
// names the purpose in logs; the randomness alone makes the ID unguessable.
std::string unguessableId(std::string_view prefix);

// A uniformly random 64-bit value from the CSPRNG (through fillUnguessable).
uint64_t randomUint64();

}  // namespace citadel::random
