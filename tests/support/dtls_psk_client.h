#pragma once
// One CoAP exchange over DTLS 1.2 with a PSK, for keys coap-client cannot take: libcoap 4.3.1's
// `-k` accepts text only, and keys fetched from a MEF are 32 arbitrary bytes. Plain OpenSSL on
// a connected loopback UDP socket; the CoAP bytes are the binding's own wire format.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "bindings/coap/coap_wire.h"

namespace citadel::testing {

// Handshakes with 127.0.0.1:`port` as `identity` with `key` (bytes), sends `request`, returns
// the first answer; nullopt when the handshake fails or nothing comes within `timeout`.
std::optional<coap::CoapMessage> dtlsPskExchange(uint16_t port, const std::string& identity,
                                                 const std::string& key,
                                                 const coap::CoapMessage& request,
                                                 std::chrono::seconds timeout = std::chrono::seconds(10));

}  // namespace citadel::testing
