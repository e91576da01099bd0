// The HTTP request decoder (bindings/http/http_message.h, Poco-free): method, path,
// percent-decoding, query parameters, X-M2M-* headers, Content-Type/Accept and the body.
// Input, so that the corpus and the dictionary stay readable:
//   <METHOD> <path>[?<query>]\n
//   <Name>: <value>\n ...            (header lines; "\r\n" accepted)
//   \n
//   <body>
// Invariants: a rejection is a oneM2M error (4000 or 4015); an accepted request that passes the
// pipeline's character check (codec::checkParameterCharacters) is the HTTP binding's view of a
// primitive, so its primitive tree, carried in JSON and in CBOR, decodes to
// the same primitive (fields equal); the body decodes to the request's pc exactly as the codec
// decodes it on its own.

#include "bindings/http/http_message.h"
#include "cse/codec/primitive_codec.h"
#include "cse/codec/primitive_parameters.h"
#include "cse/model/address.h"
#include "tests/fuzz/fuzz_support.h"

using namespace citadel;

namespace {

std::string_view stripCr(std::string_view line) {
  return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

http::HttpRequestParts partsFrom(std::string_view text) {
  http::HttpRequestParts parts;
  size_t head_end = text.find("\n\n");
  std::string_view head = text.substr(0, head_end);
  if (head_end != std::string_view::npos) {
    parts.body = std::string(text.substr(head_end + 2));
  }
  auto lines = fuzz::splitInput(head, "\n");
  std::string_view request_line = stripCr(lines[0]);
  size_t space = request_line.find(' ');
  parts.method = std::string(request_line.substr(0, space));
  std::string_view target = space == std::string_view::npos ? "" : request_line.substr(space + 1);
  size_t question = target.find('?');
  parts.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    parts.raw_query = std::string(target.substr(question + 1));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = stripCr(lines[i]);
    size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    parts.headers.emplace_back(std::string(name), std::string(value));
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  http::DecodeLimits limits;
  limits.body = {.max_bytes = 64 << 10, .max_depth = 16};
  http::HttpRequestParts parts = partsFrom(fuzz::asText(data, size));
  codec::ContentFormat response_format = codec::ContentFormat::kJson;
  auto decoded = http::decodeRequest(parts, limits, &response_format);
  if (!decoded.isOk()) {
    fuzz::checkRejection(decoded.status());
    auto rsc = decoded.status().rsc();
    FUZZ_CHECK(rsc == model::Rsc::kBadRequest || rsc == model::Rsc::kUnsupportedMediaType);
    return 0;
  }
  const model::Request& request = decoded.value();
  FUZZ_CHECK(request.transport.binding == model::Binding::kHttp);
  FUZZ_CHECK(parts.body.empty() == request.content.is_null());
  // Stage 1 of every pipeline refuses IDs with control characters or bytes that are not UTF-8
  // (TransportIdentityStage); only what passes is a primitive the CSE works with.
  model::Status characters = codec::checkParameterCharacters(request);
  if (!characters.isOk()) {
    fuzz::checkRejection(characters);
    return 0;
  }
  // An empty target ("PUT /") is decoded as such and refused by target resolution (parseAddress),
  // before which nothing reads it; a primitive without `to` cannot be carried.
  if (request.to.empty()) {
    fuzz::checkRejection(model::parseAddress(request.to).status());
    return 0;
  }

  // The primitive wraps the body one level deeper ("pc"), so a body at the decoder's depth
  // limit needs one more level to be read back (a one-hour run found this harness bug).
  codec::ParseLimits again{.max_bytes = size_t{1} << 30, .max_depth = limits.body.max_depth + 1};
  model::Json tree = codec::requestToPrimitive(request);
  // Filter-criteria names and values come from percent-decoded query bytes and need not be UTF-8
  // (they only ever fail to match); JSON output would replace those bytes, so such a request is
  // compared only where it can be carried unchanged.
  auto carried = codec::parseJson(codec::serializeJson(tree), again);
  if (!carried.isOk() || carried.value() != tree) {
    FUZZ_CHECK(!request.filter_criteria.is_null());
    return 0;
  }
  // Every binding refuses non-object content alike (codec::parseRequestContent).
  FUZZ_CHECK(request.content.is_null() || request.content.is_object());
  for (auto format : {codec::ContentFormat::kJson, codec::ContentFormat::kCbor}) {
    auto primitive = codec::parseRequestPrimitive(codec::serializeBody(tree, format), format, again);
    FUZZ_CHECK(primitive.isOk());
    FUZZ_CHECK(codec::requestToPrimitive(primitive.value()) == tree);
  }
  return 0;
}
