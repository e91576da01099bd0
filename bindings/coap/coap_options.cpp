#include "bindings/coap/coap_options.h"

namespace citadel::coap {
namespace {

struct NamedOption {
  uint16_t number;
  const char* name;
};

constexpr NamedOption kNames[] = {
    {option::kIfMatch, "If-Match"},
    {option::kUriHost, "Uri-Host"},
    {option::kEtag, "ETag"},
    {option::kIfNoneMatch, "If-None-Match"},
    {option::kObserve, "Observe"},
    {option::kUriPort, "Uri-Port"},
    {option::kLocationPath, "Location-Path"},
    {9, "OSCORE"},
    {option::kUriPath, "Uri-Path"},
    {option::kContentFormat, "Content-Format"},
    {option::kMaxAge, "Max-Age"},
    {option::kUriQuery, "Uri-Query"},
    {option::kAccept, "Accept"},
    {option::kLocationQuery, "Location-Query"},
    {option::kBlock2, "Block2"},
    {option::kBlock1, "Block1"},
    {option::kSize2, "Size2"},
    {option::kProxyUri, "Proxy-Uri"},
    {option::kProxyScheme, "Proxy-Scheme"},
    {option::kSize1, "Size1"},
    {option::kNoResponse, "No-Response"},
    {option::kRequestTag, "Request-Tag"},
    {option::kOneM2mOt, "oneM2M-OT"},
    {option::kOneM2mRturi, "oneM2M-RTURI"},
    {option::kOneM2mTy, "oneM2M-TY"},
    {option::kOneM2mRvi, "oneM2M-RVI"},
    {option::kOneM2mAsri, "oneM2M-ASRI"},
    {option::kOneM2mFr, "oneM2M-FR"},
    {option::kOneM2mRqi, "oneM2M-RQI"},
    {option::kOneM2mRqet, "oneM2M-RQET"},
    {option::kOneM2mRset, "oneM2M-RSET"},
    {option::kOneM2mOet, "oneM2M-OET"},
    {option::kOneM2mEc, "oneM2M-EC"},
    {option::kOneM2mRsc, "oneM2M-RSC"},
    {option::kOneM2mGid, "oneM2M-GID"},
    {option::kOneM2mCto, "oneM2M-CTO"},
    {option::kOneM2mCts, "oneM2M-CTS"},
    {option::kOneM2mAti, "oneM2M-ATI"},
    {option::kOneM2mVsi, "oneM2M-VSI"},
    {option::kOneM2mGtm, "oneM2M-GTM"},
    {option::kOneM2mAus, "oneM2M-AUS"},
};

}  // namespace

std::string optionName(uint16_t number) {
  for (const NamedOption& named : kNames) {
    if (named.number == number) {
      return std::string(named.name) + " (" + std::to_string(number) + ")";
    }
  }
  return "option " + std::to_string(number);
}

std::optional<codec::ContentFormat> formatForContentFormat(uint16_t content_format) {
  switch (content_format) {
    case content_format::kJson:
    case content_format::kResJson:
    case content_format::kNtfyJson:
      return codec::ContentFormat::kJson;
    case content_format::kCbor:
    case content_format::kResCbor:
    case content_format::kNtfyCbor:
      return codec::ContentFormat::kCbor;
    default:
      return std::nullopt;
  }
}

std::string codeString(uint8_t code_value) {
  char text[5] = {static_cast<char>('0' + codeClass(code_value)), '.',
                  static_cast<char>('0' + codeDetail(code_value) / 10),
                  static_cast<char>('0' + codeDetail(code_value) % 10), '\0'};
  return text;
}

std::string encodeUint(uint32_t value) {
  char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                   static_cast<char>(value >> 8), static_cast<char>(value)};
  size_t skip = 0;
  while (skip < 4 && bytes[skip] == 0) ++skip;
  return std::string(bytes + skip, 4 - skip);
}

std::optional<uint32_t> decodeUint(std::string_view raw, size_t max_len) {
  if (raw.size() > max_len || raw.size() > 4) return std::nullopt;
  uint32_t value = 0;
  for (unsigned char c : raw) value = value << 8 | c;
  return value;
}

}  // namespace citadel::coap
