#pragma once
// CoAP numbers the binding uses: RFC 7252 / RFC 7959 options, TS-0008 Table 6.2.2.4.0-1 oneM2M
// options and the Content-Format identifiers of TS-0008 §6.2.2.2. The oneM2M option numbers are
// "subject to change after IANA registration" (TS-0008 NOTE 2), so they live only in the
// parameter table of the codec; the names below are views of it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cse/codec/content_format.h"
#include "cse/codec/primitive_parameters.h"

namespace citadel::coap {

// RFC 7252 §5.10 and RFC 7959 §2.1 option numbers.
namespace option {
inline constexpr uint16_t kIfMatch = 1;
inline constexpr uint16_t kUriHost = 3;
inline constexpr uint16_t kEtag = 4;
inline constexpr uint16_t kIfNoneMatch = 5;
inline constexpr uint16_t kObserve = 6;
inline constexpr uint16_t kUriPort = 7;
inline constexpr uint16_t kLocationPath = 8;
inline constexpr uint16_t kUriPath = 11;
inline constexpr uint16_t kContentFormat = 12;
inline constexpr uint16_t kMaxAge = 14;
inline constexpr uint16_t kUriQuery = 15;
inline constexpr uint16_t kAccept = 17;
inline constexpr uint16_t kLocationQuery = 20;
inline constexpr uint16_t kBlock2 = 23;
inline constexpr uint16_t kBlock1 = 27;
inline constexpr uint16_t kSize2 = 28;
inline constexpr uint16_t kProxyUri = 35;
inline constexpr uint16_t kProxyScheme = 39;
inline constexpr uint16_t kSize1 = 60;
inline constexpr uint16_t kNoResponse = 258;  // RFC 7967, elective
inline constexpr uint16_t kRequestTag = 292;  // RFC 9175, elective

// TS-0008 Table 6.2.2.4.0-1: all Critical and Unsafe. The numbers live in the parameter table
// (codec/primitive_parameters.h). TS-0008 types them as strings of 0-255 bytes, except ot, rqet,
// rset and oet (15), rvi (1-2) and grtm (0-512), and ty, ec, rsc, cnot, cnst (uints).
using Param = codec::PrimitiveParameter;
constexpr uint16_t oneM2mOption(Param parameter) { return codec::parameter(parameter).coap_option; }
inline constexpr uint16_t kOneM2mOt = oneM2mOption(Param::kOriginatingTimestamp);
inline constexpr uint16_t kOneM2mRturi = oneM2mOption(Param::kNotificationUris);
inline constexpr uint16_t kOneM2mTy = oneM2mOption(Param::kResourceType);
inline constexpr uint16_t kOneM2mRvi = oneM2mOption(Param::kReleaseVersionIndicator);
inline constexpr uint16_t kOneM2mAsri = oneM2mOption(Param::kAuthorizationSignatureRequestInfo);
inline constexpr uint16_t kOneM2mFr = oneM2mOption(Param::kFrom);
inline constexpr uint16_t kOneM2mRqi = oneM2mOption(Param::kRequestId);
inline constexpr uint16_t kOneM2mRqet = oneM2mOption(Param::kRequestExpirationTimestamp);
inline constexpr uint16_t kOneM2mRset = oneM2mOption(Param::kResultExpirationTimestamp);
inline constexpr uint16_t kOneM2mOet = oneM2mOption(Param::kOperationExecutionTime);
inline constexpr uint16_t kOneM2mEc = oneM2mOption(Param::kEventCategory);
inline constexpr uint16_t kOneM2mRsc = oneM2mOption(Param::kResponseStatusCode);
inline constexpr uint16_t kOneM2mGid = oneM2mOption(Param::kGroupRequestId);
inline constexpr uint16_t kOneM2mCto = oneM2mOption(Param::kContentOffset);
inline constexpr uint16_t kOneM2mCts = oneM2mOption(Param::kContentStatus);
inline constexpr uint16_t kOneM2mAti = oneM2mOption(Param::kAssignedTokenIdentifiers);
inline constexpr uint16_t kOneM2mVsi = oneM2mOption(Param::kVendorInformation);
inline constexpr uint16_t kOneM2mGtm = oneM2mOption(Param::kGroupRequestTargetMembers);
inline constexpr uint16_t kOneM2mAus = oneM2mOption(Param::kAuthorizationSignatures);
}  // namespace option

// RFC 7252 §5.4.6: odd option numbers are critical.
constexpr bool isCritical(uint16_t number) { return (number & 1) != 0; }

// "oneM2M-FR (279)", "Uri-Path (11)", "option 1001": names for dbg texts.
std::string optionName(uint16_t number);

// TS-0008 §6.2.2.2 Content-Format identifiers (Table 6.2.2.2-1 for the oneM2M ones).
namespace content_format {
inline constexpr uint16_t kXml = 41;
inline constexpr uint16_t kJson = 50;
inline constexpr uint16_t kCbor = 60;
inline constexpr uint16_t kResJson = 10001;
inline constexpr uint16_t kNtfyXml = 10002;
inline constexpr uint16_t kNtfyJson = 10003;
inline constexpr uint16_t kPreqXml = 10006;
inline constexpr uint16_t kPreqJson = 10007;
inline constexpr uint16_t kPrspXml = 10008;
inline constexpr uint16_t kPrspJson = 10009;
inline constexpr uint16_t kResCbor = 10010;
inline constexpr uint16_t kNtfyCbor = 10011;
inline constexpr uint16_t kPreqCbor = 10012;
inline constexpr uint16_t kPrspCbor = 10013;
inline constexpr uint16_t kResXml = 10014;
}  // namespace content_format

// The serialization of a payload in `content_format`: JSON for 50, 10001 and 10003, CBOR for 60,
// 10010 and 10011; nullopt for XML and for the whole-primitive (preq/prsp) formats, which this
// CSE does not speak.
std::optional<codec::ContentFormat> formatForContentFormat(uint16_t content_format);

// The generic identifier for `format`: 50 (JSON) or 60 (CBOR).
constexpr uint16_t contentFormatFor(codec::ContentFormat format) {
  return format == codec::ContentFormat::kCbor ? content_format::kCbor : content_format::kJson;
}

// RFC 7252 §12.1.2 codes: class << 5 | detail, e.g. code(2, 5) is 2.05 Content.
constexpr uint8_t code(uint8_t code_class, uint8_t detail) {
  return static_cast<uint8_t>(code_class << 5 | detail);
}
constexpr uint8_t codeClass(uint8_t code_value) { return code_value >> 5; }
constexpr uint8_t codeDetail(uint8_t code_value) { return code_value & 0x1f; }
// "2.05", "4.04".
std::string codeString(uint8_t code_value);

// RFC 7252 §3.2 uint option values: big-endian with as few bytes as possible (0 is empty).
std::string encodeUint(uint32_t value);
// nullopt when longer than `max_len` bytes.
std::optional<uint32_t> decodeUint(std::string_view raw, size_t max_len);

namespace method {
inline constexpr uint8_t kGet = 1;
inline constexpr uint8_t kPost = 2;
inline constexpr uint8_t kPut = 3;
inline constexpr uint8_t kDelete = 4;
}  // namespace method

}  // namespace citadel::coap
