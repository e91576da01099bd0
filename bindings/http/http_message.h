#pragma once
// The HTTP binding's mapping between HTTP messages and primitives (TS-0009 §6), kept free of
// the HTTP library so that it can be unit-tested with hostile input directly.

#include <string>
#include <utility>
#include <vector>

#include "cse/codec/content_format.h"
#include "cse/model/request.h"
#include "cse/model/response.h"

namespace citadel::http {

struct HttpRequestParts {
  std::string method;
  std::string path;       // percent-encoded path, without the query
  std::string raw_query;  // percent-encoded query, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponseParts {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct DecodeLimits {
  codec::ParseLimits body;
  size_t max_headers = 64;
};

// Builds the request primitive. 4000 for a malformed path, header or query parameter, 4015 for
// a body in a media type other than JSON or CBOR; each with a dbg naming the offending part.
// `response_format`, when given, receives the serialization the client asked for (Accept, else
// the request's own Content-Type, else JSON).
model::Result<model::Request> decodeRequest(const HttpRequestParts& http,
                                            const DecodeLimits& limits,
                                            codec::ContentFormat* response_format = nullptr);

// Status line, X-M2M-* headers, Content-Location and body for a response primitive.
HttpResponseParts encodeResponse(const model::Response& response,
                                 codec::ContentFormat format = codec::ContentFormat::kJson);

// The answer to a request with Response Type noResponse (rt=5, TS-0004 §6.3.4.2.6): the
// operation ran, and the originator asked for no response primitive, so HTTP, which must
// answer something, answers 204 No Content with no body and no oneM2M headers.
HttpResponseParts encodeNoResponse();

}  // namespace citadel::http
