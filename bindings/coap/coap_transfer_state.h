#pragma once
// The server's memory of recent exchanges: duplicate detection (RFC 7252 §4.5), Block1
// reassembly (RFC 7959 §2.5) and stored Block2 bodies (RFC 7959 §2.4). Each is bounded in
// entries and bytes and forgets entries after a lifetime; time is passed in, so tests advance
// it instead of sleeping. Every class is thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "bindings/coap/coap_wire.h"

namespace citadel::coap {

using Clock = std::chrono::steady_clock;

// The identity of a request across the messages of one block-wise transfer: peer, method and
// every option except Block1, Block2, Size1 and Size2 (and Request-Tag unless
// `with_request_tag`: it tells Block1 bodies apart, RFC 9175 §3.3, but Block2 follow-ups may
// omit it).
std::string transferKey(const std::string& peer, const CoapMessage& request,
                        bool with_request_tag);

// RFC 7252 §4.5: a retransmitted CON (same peer and Message ID) gets the same response, and
// the request is processed once. NON requests are deduplicated the same way (§4.5: "MAY").
class ExchangeCache {
 public:
  enum class Seen { kNew, kInProgress, kAnswered };
  ExchangeCache(size_t max_entries, Clock::duration lifetime)
      : max_entries_(max_entries), lifetime_(lifetime) {}
  // kNew records the exchange as in progress; kAnswered copies the response to `response`.
  Seen begin(const std::string& peer, uint16_t message_id, Clock::time_point now,
             std::string* response);
  // Stores the serialized response of an exchange begun with kNew.
  void complete(const std::string& peer, uint16_t message_id, std::string response);
  size_t size() const;

 private:
  struct Entry {
    Clock::time_point created;
    bool answered = false;
    std::string response;
  };
  void purgeLocked(Clock::time_point now);

  const size_t max_entries_;
  const Clock::duration lifetime_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  std::deque<std::pair<Clock::time_point, std::string>> order_;  // insertion order, for expiry
};

// Collects Block1 blocks into one body.
class Block1Assembler {
 public:
  struct Outcome {
    enum class Kind { kContinue, kComplete, kError } kind = Kind::kContinue;
    std::string body;      // kComplete
    uint8_t error_code = 0;  // kError: 4.08, 4.13 or 4.00
    std::string dbg;       // kError
  };
  Block1Assembler(size_t max_body_bytes, size_t max_transfers, Clock::duration lifetime)
      : max_body_bytes_(max_body_bytes), max_transfers_(max_transfers), lifetime_(lifetime) {}
  // Adds one block. `size1` is the announced total (Size1 option), when given.
  Outcome add(const std::string& key, const BlockValue& block, std::string_view payload,
              std::optional<uint32_t> size1, Clock::time_point now);
  size_t transfers() const;

 private:
  struct Transfer {
    Clock::time_point updated;
    uint32_t next_num = 0;
    uint8_t szx = 6;
    std::string body;
  };
  const size_t max_body_bytes_;
  const size_t max_transfers_;
  const Clock::duration lifetime_;
  mutable std::mutex mu_;
  std::map<std::string, Transfer> transfers_;
};

// Bytes the Block2 store may hold (issue 15 #12): limits.coapBlock2Bytes and
// limits.coapBlock2PeerBytes.
struct Block2Limits {
  size_t max_bytes = 64 << 20;       // all peers
  size_t max_peer_bytes = 16 << 20;  // one peer
};

// Complete responses whose payload is served block by block. Bounded in entries, in bytes in
// all and in bytes per peer: a new response makes room by dropping the oldest (the peer's own
// first when its share is full); a follow-up for a dropped one finds nothing and its client
// starts again from block 0 (RFC 7959 §2.4 lets a server do so).
class Block2Store {
 public:
  Block2Store(size_t max_entries, Clock::duration lifetime, Block2Limits limits = {})
      : max_entries_(max_entries), lifetime_(lifetime), limits_(limits) {}
  // `response` holds the code, options and the whole payload; `peer` is whose request it
  // answers. False, and nothing kept, when the response alone is larger than the per-peer or
  // total bound.
  bool put(const std::string& key, CoapMessage response, Clock::time_point now,
           const std::string& peer = {});
  std::optional<CoapMessage> get(const std::string& key, Clock::time_point now) const;
  size_t bytes() const;

 private:
  struct Entry {
    Clock::time_point created;
    CoapMessage response;
    std::string peer;
    size_t bytes = 0;
  };
  void eraseLocked(std::map<std::string, Entry>::iterator it);
  // The oldest entry, of `peer` only when it is set; end() when there is none.
  std::map<std::string, Entry>::iterator oldestLocked(const std::string* peer);

  const size_t max_entries_;
  const Clock::duration lifetime_;
  const Block2Limits limits_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  std::map<std::string, size_t> peer_bytes_;  // guarded by mu_
  size_t bytes_ = 0;                          // guarded by mu_
};

// Cuts block `block` out of `full` (RFC 7959 §2.4): the payload slice, Block2 (NUM, M, SZX)
// and Size2 (the whole length). A block starting past the end yields 4.02 Bad Option with no
// payload (RFC 7959 §2.2: the value is not usable). `full`'s type, ID and token are kept.
CoapMessage sliceBlock2(const CoapMessage& full, const BlockValue& block);

}  // namespace citadel::coap
