#pragma once
// CoAP messages on the wire, RFC 7252 §3: the 4-byte header, token, delta-encoded options and
// payload. Socket-free, so the parser runs its hostile corpus in unit tests. Also the Block1 /
// Block2 option values of RFC 7959 §2.2 and the split of a message into the mapping's parts.
//
// Why not libcoap: libcoap 4.3.1 (Debian 12) checks critical options against a filter with two
// slots for numbers above 255 (COAP_OPT_FILTER_LONG), so coap_register_option() cannot make
// more than two of the nineteen oneM2M options known. Its server then answers 4.02 to any
// request with a third one, and its client drops every response that carries a third.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bindings/coap/coap_message.h"
#include "cse/model/status.h"

namespace citadel::coap {

enum class MessageType : uint8_t {
  kConfirmable = 0,
  kNonConfirmable = 1,
  kAcknowledgement = 2,
  kReset = 3,
};

struct CoapMessage {
  MessageType type = MessageType::kConfirmable;
  uint8_t code = 0;  // 0.00 empty; requests 0.01-0.31; responses 2.00 and above
  uint16_t message_id = 0;
  std::string token;   // 0-8 bytes
  OptionList options;  // any order; serialized in ascending number, stable for repeats
  std::string payload;

  // The first value of option `number`, or nullptr.
  const std::string* option(uint16_t number) const;
  bool hasOption(uint16_t number) const { return option(number) != nullptr; }
  // Replaces every value of `number` with `value`.
  void setOption(uint16_t number, std::string value);
  void removeOption(uint16_t number);
};

// The fixed header, readable even when the rest of a datagram is malformed (to answer a
// malformed CON with RST, RFC 7252 §4.2).
struct CoapHeader {
  MessageType type;
  uint8_t code;
  uint16_t message_id;
};
// nullopt for fewer than 4 bytes or a version other than 1 (silently ignored, RFC 7252 §3).
std::optional<CoapHeader> parseHeader(std::string_view datagram);

// Parses one datagram. 4000 with reason "coap.format_error" and a dbg naming the defect: short
// header, version, token length 9-15, reserved option nibble 15, option number above 65535,
// truncated option, or a payload marker with no payload. Bounded by the datagram's length.
model::Result<CoapMessage> parseMessage(std::string_view datagram);

// The datagram for `message`. Precondition: token.size() <= 8.
std::string serializeMessage(const CoapMessage& message);

// RFC 7959 §2.2 block option value: NUM (up to 20 bits), M, SZX (block size 2^(SZX+4)).
struct BlockValue {
  uint32_t num = 0;
  bool more = false;
  uint8_t szx = 6;  // 1024 bytes
  size_t size() const { return size_t{16} << szx; }
  size_t offset() const { return static_cast<size_t>(num) * size(); }
};
// nullopt for more than 3 bytes or SZX 7 (BERT exists only on reliable transports, RFC 8323).
std::optional<BlockValue> parseBlock(std::string_view raw);
std::string encodeBlock(const BlockValue& block);

// Uri-Path, Uri-Query, Content-Format and Accept are split out; Block1, Block2, Size1 and Size2
// are dropped (the transfer layer has consumed them); every other option is kept raw. A
// Content-Format or Accept longer than 2 bytes, and a repeated Accept, stay in `options` for
// decodeRequest to reject; a repeated Content-Format is dropped (elective: the first counts).
CoapRequestParts requestPartsFrom(const CoapMessage& message);
// The request message (type, code, options, payload; no message ID or token yet).
CoapMessage requestMessageFrom(const CoapRequestParts& parts);
// Code, options, Content-Format and payload of a response message.
void applyResponseParts(const CoapResponseParts& parts, CoapMessage& message);
CoapResponseParts responsePartsFrom(const CoapMessage& message);

}  // namespace citadel::coap
