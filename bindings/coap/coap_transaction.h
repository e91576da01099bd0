#pragma once
// One CoAP request/response exchange as a client (RFC 7252 §4, §5.2) on its own UDP socket:
// CON retransmission with exponential back-off, piggybacked and separate responses, and
// RFC 7959 block-wise transfer both ways (Block1 for a large request payload, Block2 to
// collect a large response). Used by CoapPrimitiveSender and the test clients.

#include <chrono>
#include <cstdint>
#include <string>

#include "bindings/coap/coap_wire.h"
#include "cse/model/status.h"

namespace citadel::coap {

struct TransactionOptions {
  std::chrono::milliseconds timeout{3000};      // the whole exchange, every block included
  std::chrono::milliseconds ack_timeout{2000};  // RFC 7252 ACK_TIMEOUT; doubles per retry
  int max_retransmit = 4;                       // RFC 7252 MAX_RETRANSMIT
  uint8_t block_szx = 6;                        // Block1 size for large payloads (1024)
  size_t max_response_bytes = 1 << 20;          // Block2 bodies beyond this are refused
};

// Sends `request` (its type chooses CON or NON; Message ID and an 8-byte token are assigned here
// from the CSPRNG) to host:port and returns the final response, its payload reassembled from
// every Block2 block. Only datagrams from that address and port that carry the request's token
// (and, piggybacked, its Message ID) count as the response; anything else is ignored.
// A 2.31 Continue is never returned: the exchange goes on with the next Block1 block.
// Errors: 5103 "coap.unreachable" (unresolvable host, ICMP port unreachable, RST),
// 4008 "coap.timeout" (no response in time), 5000 "coap.bad_block" (inconsistent Block2
// sequence or a body over max_response_bytes).
model::Result<CoapMessage> exchange(const std::string& host, uint16_t port, CoapMessage request,
                                    const TransactionOptions& options);

}  // namespace citadel::coap
