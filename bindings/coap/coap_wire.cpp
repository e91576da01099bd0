// RFC 7252 §3 message format and RFC 7959 §2.2 block values.
#include "bindings/coap/coap_wire.h"

#include <algorithm>

namespace citadel::coap {
namespace {

using model::Result;
using model::Status;

Status formatError(const std::string& what) {
  return Status::badRequest("malformed CoAP message: " + what, "coap.format_error");
}

// RFC 7252 §3.1: a nibble of 13 or 14 is followed by 1 or 2 extension bytes; 15 is reserved.
bool readExtended(uint8_t nibble, std::string_view in, size_t& pos, uint32_t& value) {
  if (nibble < 13) {
    value = nibble;
    return true;
  }
  if (nibble == 13) {
    if (pos + 1 > in.size()) return false;
    value = 13u + static_cast<uint8_t>(in[pos]);
    pos += 1;
    return true;
  }
  if (nibble == 14) {
    if (pos + 2 > in.size()) return false;
    value = 269u + (static_cast<uint32_t>(static_cast<uint8_t>(in[pos])) << 8 |
                    static_cast<uint8_t>(in[pos + 1]));
    pos += 2;
    return true;
  }
  return false;
}

// The nibble for `value` and its extension bytes.
uint8_t extendedNibble(uint32_t value, std::string& extension) {
  if (value < 13) return static_cast<uint8_t>(value);
  if (value < 269) {
    extension.push_back(static_cast<char>(value - 13));
    return 13;
  }
  uint32_t v = value - 269;
  extension.push_back(static_cast<char>(v >> 8));
  extension.push_back(static_cast<char>(v & 0xff));
  return 14;
}

}  // namespace

const std::string* CoapMessage::option(uint16_t number) const {
  for (const auto& [n, value] : options) {
    if (n == number) return &value;
  }
  return nullptr;
}

void CoapMessage::setOption(uint16_t number, std::string value) {
  removeOption(number);
  options.emplace_back(number, std::move(value));
}

void CoapMessage::removeOption(uint16_t number) {
  std::erase_if(options, [number](const auto& o) { return o.first == number; });
}

std::optional<CoapHeader> parseHeader(std::string_view in) {
  if (in.size() < 4 || (static_cast<uint8_t>(in[0]) >> 6) != 1) return std::nullopt;
  return CoapHeader{static_cast<MessageType>((static_cast<uint8_t>(in[0]) >> 4) & 3),
                    static_cast<uint8_t>(in[1]),
                    static_cast<uint16_t>(static_cast<uint8_t>(in[2]) << 8 |
                                          static_cast<uint8_t>(in[3]))};
}

Result<CoapMessage> parseMessage(std::string_view in) {
  auto header = parseHeader(in);
  if (!header) {
    return formatError(in.size() < 4 ? "shorter than the 4-byte header" : "version is not 1");
  }
  CoapMessage m;
  m.type = header->type;
  m.code = header->code;
  m.message_id = header->message_id;
  size_t token_length = static_cast<uint8_t>(in[0]) & 0x0f;
  if (token_length > 8) return formatError("token length " + std::to_string(token_length));
  if (4 + token_length > in.size()) return formatError("truncated token");
  m.token = std::string(in.substr(4, token_length));
  // RFC 7252 §4.1: an Empty message (0.00) is only the header.
  if (m.code == 0 && (token_length != 0 || in.size() != 4)) {
    return formatError("an Empty message (0.00) has bytes after the header");
  }
  size_t pos = 4 + token_length;
  uint32_t number = 0;
  while (pos < in.size()) {
    auto byte = static_cast<uint8_t>(in[pos++]);
    if (byte == 0xff) {
      if (pos == in.size()) return formatError("payload marker followed by no payload");
      m.payload = std::string(in.substr(pos));
      break;
    }
    uint32_t delta = 0;
    uint32_t length = 0;
    if (!readExtended(byte >> 4, in, pos, delta)) {
      return formatError((byte >> 4) == 15 ? "reserved option delta 15" : "truncated option");
    }
    if (!readExtended(byte & 0x0f, in, pos, length)) {
      return formatError((byte & 0x0f) == 15 ? "reserved option length 15" : "truncated option");
    }
    number += delta;
    if (number > 65535) return formatError("option number above 65535");
    if (length > in.size() - pos) {
      return formatError("option " + std::to_string(number) + " runs past the datagram");
    }
    m.options.emplace_back(static_cast<uint16_t>(number), std::string(in.substr(pos, length)));
    pos += length;
  }
  return m;
}

std::string serializeMessage(const CoapMessage& m) {
  std::string out;
  out.reserve(16 + m.token.size() + m.payload.size());
  out.push_back(static_cast<char>(0x40 | static_cast<uint8_t>(m.type) << 4 |
                                  static_cast<uint8_t>(m.token.size())));
  out.push_back(static_cast<char>(m.code));
  out.push_back(static_cast<char>(m.message_id >> 8));
  out.push_back(static_cast<char>(m.message_id & 0xff));
  out += m.token;
  OptionList sorted = m.options;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  uint32_t previous = 0;
  for (const auto& [number, value] : sorted) {
    std::string extension;
    uint8_t delta = extendedNibble(number - previous, extension);
    uint8_t length = extendedNibble(static_cast<uint32_t>(value.size()), extension);
    out.push_back(static_cast<char>(delta << 4 | length));
    out += extension;
    out += value;
    previous = number;
  }
  if (!m.payload.empty()) {
    out.push_back(static_cast<char>(0xff));
    out += m.payload;
  }
  return out;
}

std::optional<BlockValue> parseBlock(std::string_view raw) {
  auto value = decodeUint(raw, 3);
  if (!value) return std::nullopt;
  BlockValue block;
  block.szx = static_cast<uint8_t>(*value & 7);
  block.more = (*value & 8) != 0;
  block.num = *value >> 4;
  if (block.szx == 7) return std::nullopt;
  return block;
}

std::string encodeBlock(const BlockValue& block) {
  return encodeUint(block.num << 4 | (block.more ? 8u : 0u) | block.szx);
}

CoapRequestParts requestPartsFrom(const CoapMessage& m) {
  CoapRequestParts parts;
  parts.method = m.code;
  parts.confirmable = m.type == MessageType::kConfirmable;
  for (const auto& [number, value] : m.options) {
    switch (number) {
      case option::kUriPath: parts.uri_path.push_back(value); break;
      case option::kUriQuery: parts.uri_query.push_back(value); break;
      case option::kBlock1:
      case option::kBlock2:
      case option::kSize1:
      case option::kSize2:
        break;
      case option::kContentFormat:
      case option::kAccept: {
        auto v = decodeUint(value, 2);
        auto& target = number == option::kAccept ? parts.accept : parts.content_format;
        if (v && !target) {
          target = static_cast<uint16_t>(*v);
        } else if (!(v && number == option::kContentFormat)) {
          // Malformed, or a repeated Accept (critical). A repeated Content-Format is elective
          // and treated as unrecognized, i.e. ignored: the first one counts (RFC 7252 §5.4.5).
          parts.options.emplace_back(number, value);
        }
        break;
      }
      default: parts.options.emplace_back(number, value); break;
    }
  }
  parts.payload = m.payload;
  return parts;
}

CoapMessage requestMessageFrom(const CoapRequestParts& parts) {
  CoapMessage m;
  m.type = parts.confirmable ? MessageType::kConfirmable : MessageType::kNonConfirmable;
  m.code = parts.method;
  for (const auto& segment : parts.uri_path) m.options.emplace_back(option::kUriPath, segment);
  for (const auto& query : parts.uri_query) m.options.emplace_back(option::kUriQuery, query);
  if (parts.content_format) {
    m.options.emplace_back(option::kContentFormat, encodeUint(*parts.content_format));
  }
  if (parts.accept) m.options.emplace_back(option::kAccept, encodeUint(*parts.accept));
  m.options.insert(m.options.end(), parts.options.begin(), parts.options.end());
  m.payload = parts.payload;
  return m;
}

void applyResponseParts(const CoapResponseParts& parts, CoapMessage& m) {
  m.code = parts.code;
  m.options.insert(m.options.end(), parts.options.begin(), parts.options.end());
  if (parts.content_format) {
    m.options.emplace_back(option::kContentFormat, encodeUint(*parts.content_format));
  }
  m.payload = parts.payload;
}

CoapResponseParts responsePartsFrom(const CoapMessage& m) {
  CoapResponseParts parts;
  parts.code = m.code;
  for (const auto& [number, value] : m.options) {
    if (number == option::kContentFormat) {
      if (auto v = decodeUint(value, 2)) parts.content_format = static_cast<uint16_t>(*v);
    } else if (number != option::kBlock1 && number != option::kBlock2 &&
               number != option::kSize1 && number != option::kSize2) {
      parts.options.emplace_back(number, value);
    }
  }
  parts.payload = m.payload;
  return parts;
}

}  // namespace citadel::coap
